"""A seeker's own data: profile, recommendations, applications, fair sign-ups."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..services import applications, fairs, ranking, seekers, unit_of_work
from . import schemas as s
from .core import current_user_of_token, register_handlers, requires, with_etag

blp = Blueprint("api_seeker", __name__, url_prefix="/api/v1/me", description="Seekers: own data")
register_handlers(blp)
SEEKER = ("seeker",)


def _seeker():
    return current_user_of_token().seeker_profile


@blp.get("/profile")
@requires(blp, SEEKER, "profile:read")
@blp.response(200, s.ProfileSchema)
@blp.alt_response(304, description="Not modified (If-None-Match)")
def profile():
    """The seeker's profile."""
    return with_etag(s.ProfileSchema().dump(_seeker()))


@blp.patch("/profile")
@requires(blp, SEEKER, "profile:write")
@blp.arguments(s.ProfileChange)
@blp.response(200, s.ProfileSchema)
def update_profile(changes):
    """Change some fields of the profile; the profile form's rules and messages."""
    with unit_of_work():
        return seekers.update_seeker_profile(_seeker(), changes)


@blp.get("/recommendations")
@requires(blp, SEEKER, "recommendations:read")
@blp.arguments(s.RecommendationQuery, location="query")
@blp.response(200, s.RecommendationSchema(many=True))
def recommendations(args):
    """Open postings whose hard requirements the seeker meets, best first, with reasons."""
    k = max(1, min(args.get("k") or 10, 50))
    return [
        {
            "posting": r.posting,
            "match": {"score": r.match.score, "reasons": s.reasons_of(r.match, "seeker")},
        }
        for r in ranking.recommended_postings(_seeker(), k=k)
    ]


def _my_row(item) -> dict:
    a = item.application
    return {
        "id": a.id,
        "status": a.status,
        "version": a.version,
        "posting_id": a.posting_id,
        "posting_title": a.posting.title,
        "employer_name": a.posting.employer.name,
        "fair_id": a.fair_id,
        "interview_at": a.interview_at,
        "interview_place": a.interview_place,
        "next_step": item.next_step,
        "created_at": a.created_at,
    }


@blp.get("/applications")
@requires(blp, SEEKER, "applications:read")
@blp.response(200, s.MyApplicationSchema(many=True))
def my_applications():
    """The seeker's applications, latest change first, with what happens next."""
    return [_my_row(item) for item in seekers.my_applications(_seeker())]


def _one(application_id: int) -> dict:
    found = [i for i in seekers.my_applications(_seeker()) if i.application.id == application_id]
    return _my_row(found[0])


@blp.post("/applications")
@requires(blp, SEEKER, "applications:write")
@blp.arguments(s.ApplyInput)
@blp.response(201, s.MyApplicationSchema)
def apply(data):
    """Apply to an open posting (the web's rules: hard requirements, soft ones to accept)."""
    with unit_of_work():
        application = applications.apply_to_posting(
            _seeker(),
            data["posting_id"],
            note=data.get("note") or "",
            fair_id=data.get("fair_id"),
            accept_soft=bool(data.get("accept_soft")),
        )
    return _one(application.id)


@blp.post("/applications/<int:application_id>/withdraw")
@requires(blp, SEEKER, "applications:write")
@blp.arguments(s.VersionInput)
@blp.response(200, s.MyApplicationSchema)
def withdraw(data, application_id: int):
    """Withdraw one of the seeker's applications (`version` as last read)."""
    with unit_of_work():
        applications.move_application(
            current_user_of_token(), application_id, "withdrawn", version=data["version"]
        )
    return _one(application_id)


def _sign_up_row(registration) -> dict:
    return {
        "fair_id": registration.fair_id,
        "fair_name": registration.fair.name,
        "registered_at": registration.registered_at,
        "checked_in_at": registration.checked_in_at,
    }


@blp.get("/fair-sign-ups")
@requires(blp, SEEKER, "applications:read")
@blp.response(200, s.SignUpSchema(many=True))
def sign_ups():
    """The fairs the seeker signed up for."""
    return [_sign_up_row(r) for r in fairs.sign_ups_of(_seeker())]


@blp.post("/fair-sign-ups")
@requires(blp, SEEKER, "applications:write")
@blp.arguments(s.SignUpInput)
@blp.response(201, s.SignUpSchema)
def sign_up(data):
    """Sign up for a public fair that is not over (again: the same sign-up)."""
    with unit_of_work():
        registration = fairs.sign_up_for_fair(_seeker(), data["fair_id"])
    return _sign_up_row(registration)


@blp.delete("/fair-sign-ups/<int:fair_id>")
@requires(blp, SEEKER, "applications:write")
@blp.response(204)
def cancel_sign_up(fair_id: int):
    """Cancel a sign-up while the web would let the seeker cancel it."""
    with unit_of_work():
        fairs.cancel_sign_up(_seeker(), fair_id)
    return None
