"""Bureau staff: employers waiting for review and the decision, fair check-ins,
fair statistics. Every call is audited as the web's are (the services record)."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from jobfair.i18n import gettext as _
from models import FairRegistration

from ..access import client_ip
from ..errors import ValidationFailed
from ..extensions import db, paginate
from ..services import employers, fairs, kiosk, statistics, unit_of_work
from . import schemas as s
from .core import clamp_page, current_user_of_token, paged, register_handlers, requires

blp = Blueprint(
    "api_staff", __name__, url_prefix="/api/v1/staff", description="Staff: reviews, check-ins"
)
register_handlers(blp)
STAFF = ("staff", "admin")


@blp.get("/employers/pending")
@requires(blp, STAFF, "employers:review")
@blp.response(200, s.PendingEmployerSchema(many=True))
def pending_employers():
    """Employers waiting for review, oldest first, each with the registered ones it
    resembles (the listing is audited, as on the web)."""
    with unit_of_work():
        pending = employers.list_pending_employers(current_user_of_token(), client_ip())
    return [
        {
            "id": p.employer.id,
            "name": p.employer.name,
            "trade": p.employer.trade,
            "credit_code": p.employer.credit_code,
            "created_at": p.employer.created_at,
            "similar": [e for e, _score in p.similar],
        }
        for p in pending
    ]


@blp.post("/employers/<int:employer_id>/review")
@requires(blp, STAFF, "employers:review")
@blp.arguments(s.ReviewInput)
@blp.response(200, s.ReviewResult)
def review(data, employer_id: int):
    """Approve, or reject with a reason the employer is told."""
    decision = data["decision"]
    if decision not in ("approve", "reject"):
        raise ValidationFailed({"decision": _("请选择列表中的选项。")})
    with unit_of_work():
        employer = employers.review_employer(
            current_user_of_token(), employer_id, decision == "approve", data.get("note") or "",
            client_ip(),
        )  # fmt: skip
    return employer


@blp.get("/fairs/<int:fair_id>/check-ins")
@requires(blp, STAFF, "checkins:read")
@blp.arguments(s.PageQuery, location="query", as_kwargs=True)
@blp.response(200, s.CheckInPage, headers={"Link": {"schema": {"type": "string"}}})
def check_ins(fair_id: int, page=1, per_page=20):
    """Who checked in at the fair, earliest first (seeker ids and times only)."""
    fair = fairs.get_fair(fair_id)
    page, per_page = clamp_page({"page": page, "per_page": per_page})
    stmt = (
        select(FairRegistration)
        .where(FairRegistration.fair_id == fair.id, FairRegistration.checked_in_at.is_not(None))
        .order_by(FairRegistration.checked_in_at, FairRegistration.id)
    )
    result = paginate(db.session, stmt, page, per_page)
    return paged(result, result.items)


@blp.post("/fairs/<int:fair_id>/check-ins")
@requires(blp, STAFF, "checkins:write")
@blp.arguments(s.CheckInInput)
@blp.response(200, s.CheckInSchema)
def check_in(data, fair_id: int):
    """Check a seeker in at a hall fair that is not over; idempotent (the first
    check-in's time stays), a seeker not signed up is registered on the spot."""
    fair = kiosk.kiosk_fair(fair_id)
    with unit_of_work():
        return kiosk.check_in(current_user_of_token(), fair, data["seeker_id"], client_ip())


@blp.get("/fairs/<int:fair_id>/statistics")
@requires(blp, STAFF, "statistics:read")
@blp.response(200, s.FairStatsSchema)
def fair_statistics(fair_id: int):
    """The fair's figures in total, as its statistics page shows them."""
    stats = statistics.fair_stats(fair_id)
    return {
        "fair_id": stats.fair.id,
        "figures": [
            {
                "key": key,
                "label": statistics.figure_label(key),
                "value": stats.figures.total.get(key),
            }
            for key in statistics.FIGURES
        ],
    }
