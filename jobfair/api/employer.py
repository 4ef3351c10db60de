"""An employer member's own employer: postings, ranked candidates, applicants and
their pipeline, booth requests. Another employer's ids answer 404."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..services import applications, fairs, postings, ranking, unit_of_work
from . import schemas as s
from .core import clamp_page, current_user_of_token, paged, register_handlers, requires, with_etag

blp = Blueprint(
    "api_employer", __name__, url_prefix="/api/v1/employer", description="Employers: own employer"
)
register_handlers(blp)
EMPLOYER = ("employer",)


def _member():
    return current_user_of_token()


@blp.get("/postings")
@requires(blp, EMPLOYER, "postings:read")
@blp.response(200, s.PostingSchema(many=True))
def posting_list():
    """The employer's postings, last changed first (drafts and closed ones too)."""
    return postings.employer_postings(_member())


@blp.post("/postings")
@requires(blp, EMPLOYER, "postings:write")
@blp.arguments(s.PostingInput)
@blp.response(201, s.PostingSchema)
def posting_create(data):
    """A new posting: the posting form's rules (`open` only once the employer is verified)."""
    with unit_of_work():
        return postings.create_posting(_member(), data)


@blp.get("/postings/<int:posting_id>")
@requires(blp, EMPLOYER, "postings:read")
@blp.response(200, s.PostingSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
def posting_detail(posting_id: int):
    """One of the employer's postings."""
    return with_etag(s.PostingSchema().dump(postings.own_posting(_member(), posting_id)))


@blp.put("/postings/<int:posting_id>")
@requires(blp, EMPLOYER, "postings:write")
@blp.arguments(s.PostingInput)
@blp.response(200, s.PostingSchema)
def posting_update(data, posting_id: int):
    """Replace a posting's fields, as the edit form does."""
    with unit_of_work():
        return postings.update_posting(_member(), posting_id, data)


@blp.post("/postings/<int:posting_id>/close")
@requires(blp, EMPLOYER, "postings:write")
@blp.response(200, s.PostingSchema)
def posting_close(posting_id: int):
    """Stop recruiting: the posting leaves the public list and the rankings."""
    with unit_of_work():
        return postings.set_posting_status(_member(), posting_id, "closed")


@blp.get("/postings/<int:posting_id>/candidates")
@requires(blp, EMPLOYER, "candidates:read")
@blp.arguments(s.CandidateQuery, location="query", as_kwargs=True)
@blp.response(200, s.CandidatePage, headers={"Link": {"schema": {"type": "string"}}})
def candidates(posting_id: int, page=1, per_page=None, district=None, licence=None):
    """Ranked, eligible seekers of an open posting, exactly as the candidates page
    lists them: best first, reasons, name and mobile masked unless visible."""
    page, per_page = clamp_page(
        {"page": page, "per_page": per_page}, current_app.config["PAGE_SIZE"]
    )
    _posting, result = ranking.candidates(
        _member(), posting_id, page=page, per_page=per_page,
        district=district or None, licence=licence or None,
    )  # fmt: skip
    first = (result.page - 1) * result.per_page
    rows = [s.candidate_row(c, first + i + 1) for i, c in enumerate(result.items)]
    return paged(result, rows)


@blp.get("/postings/<int:posting_id>/applicants")
@requires(blp, EMPLOYER, "applicants:read")
@blp.arguments(s.ApplicantQuery, location="query", as_kwargs=True)
@blp.response(200, s.ApplicantSchema(many=True))
def applicant_list(posting_id: int, status=None):
    """Applications to the posting, best match first, each with the moves allowed now."""
    member = _member()
    _posting, items = applications.applicants(member, posting_id, status or None)
    return [
        {
            "application_id": a.application.id,
            "seeker_id": a.application.seeker_id,
            "name": a.application.seeker.name,
            "phone": a.application.seeker.phone or "",
            "status": a.application.status,
            "version": a.application.version,
            "note": a.application.note,
            "created_at": a.application.created_at,
            "allowed_moves": applications.allowed_moves(member, a.application),
        }
        for a in items
    ]


@blp.post("/applications/<int:application_id>/move")
@requires(blp, EMPLOYER, "applicants:write")
@blp.arguments(s.MoveInput)
@blp.response(200, s.ApplicantSchema)
def move(data, application_id: int):
    """Move an application one step along the pipeline (`version` as last read);
    an interview needs its time and place or booth."""
    member = _member()
    applications.application_for(member, application_id)  # someone else's: 404
    with unit_of_work():
        a = applications.move_application(
            member,
            application_id,
            data["to_status"],
            note=data.get("note") or "",
            version=data["version"],
            interview_at=data.get("interview_at"),
            interview_place=data.get("interview_place") or "",
            booth_id=data.get("booth_id"),
        )
    return {
        "application_id": a.id,
        "seeker_id": a.seeker_id,
        "name": a.seeker.name,
        "phone": a.seeker.phone or "",
        "status": a.status,
        "version": a.version,
        "note": a.note,
        "created_at": a.created_at,
        "allowed_moves": applications.allowed_moves(member, a),
    }


@blp.post("/fairs/<int:fair_id>/booth-requests")
@requires(blp, EMPLOYER, "booths:write")
@blp.arguments(s.BoothRequestInput)
@blp.response(201, s.BoothRequestSchema)
def booth_request(data, fair_id: int):
    """Ask for a booth at a fair with some of the employer's open postings."""
    with unit_of_work():
        booth = fairs.request_booth(_member(), fair_id, data["posting_ids"])
    return {
        "id": booth.id,
        "fair_id": booth.fair_id,
        "status": booth.status,
        "label": booth.label,
        "posting_ids": [p.id for p in booth.postings],
    }
