"""Questions from the fair's policy desk that wait for an answer, and staff answering them.

The kiosk records a question (:func:`jobfair.services.kiosk.record_consultation`);
one marked "needs follow-up" is *open* (``answered`` false) until a member of
staff answers it here with a note. ``answered`` keeps meaning "answered": the
statistics count it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from models import Consultation, ConsultationTopic, Fair, SeekerProfile, User

from .. import validation
from ..clock import now
from ..errors import Conflict, NotFound
from ..extensions import Page, db, paginate
from . import audit
from .kiosk import NOTES_LIMIT

STATES = ("open", "answered")


@dataclass(frozen=True)
class ConsultationFilters:
    state: str = "open"  # "open" or "answered"
    fair_id: int | None = None
    topic: str | None = None

    @classmethod
    def from_args(cls, state: str | None, fair_id: int | None, topic: str | None):
        """Filters from a query string: an unknown state or topic means no filter."""
        return cls(
            state=state if state in STATES else "open",
            fair_id=fair_id,
            topic=topic if topic in tuple(ConsultationTopic) else None,
        )


def consultations_page(
    staff: User,
    filters: ConsultationFilters,
    page: int,
    per_page: int,
    ip: str | None = None,
    audited: bool = True,
) -> Page:
    """Open questions, oldest first (the longest waiting on top), or answered ones,
    the last answered first. A page names seekers: each view is audited, except
    (``audited=False``) the same page shown again beside a refused answer, which
    writes nothing: its first view was audited, and a refusal changes nothing."""
    if filters.fair_id is not None and db.session.get(Fair, filters.fair_id) is None:
        raise NotFound(_("没有找到该招聘会。"))
    stmt = select(Consultation).options(
        selectinload(Consultation.fair),
        selectinload(Consultation.seeker).selectinload(SeekerProfile.user),
        selectinload(Consultation.staff),
        selectinload(Consultation.answered_by),
    )
    if filters.state == "open":
        stmt = stmt.where(Consultation.answered.is_(False)).order_by(
            Consultation.created_at, Consultation.id
        )
    else:
        stmt = stmt.where(Consultation.answered.is_(True)).order_by(
            Consultation.answered_at.desc().nulls_last(),
            Consultation.created_at.desc(),
            Consultation.id.desc(),
        )
    if filters.fair_id is not None:
        stmt = stmt.where(Consultation.fair_id == filters.fair_id)
    if filters.topic is not None:
        stmt = stmt.where(Consultation.topic == filters.topic)
    result = paginate(db.session, stmt, page, per_page)
    detail = {"state": filters.state, "page": result.page, "rows": len(result.items)}
    if filters.fair_id is not None:
        detail["fair_id"] = filters.fair_id
    if filters.topic is not None:
        detail["topic"] = filters.topic
    if audited:
        audit.record(staff, "staff.list_consultations", "consultation", None, detail, ip)
        db.session.flush()
    return result


def open_count(fair_id: int | None = None) -> int:
    """How many questions wait for an answer (at one fair, or at all)."""
    stmt = select(func.count()).select_from(Consultation).where(Consultation.answered.is_(False))
    if fair_id is not None:
        stmt = stmt.where(Consultation.fair_id == fair_id)
    return db.session.scalar(stmt) or 0


def answer_consultation(
    staff: User, consultation_id: int, note: str, ip: str | None = None
) -> Consultation:
    """Answer an open question with a note; who answered and when are kept.

    Two staff answering the same question at once: the first answer stands, the
    second is refused (409) and changes nothing.
    """
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound(_("没有找到这条咨询。"))
    note = validation.clean_one(note, "answer_note", NOTES_LIMIT, _("请填写答复内容。"))
    if consultation.answered:
        raise Conflict(_("这条咨询已经答复过了。"))
    done = db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id, Consultation.answered.is_(False))
        .values(answered=True, answer_note=note, answered_by_id=staff.id, answered_at=now())
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise Conflict(_("这条咨询已经答复过了。"))
    db.session.refresh(consultation)
    audit.record(
        staff,
        "consultation.answer",
        "consultation",
        consultation.id,
        {"fair_id": consultation.fair_id, "topic": consultation.topic},
        ip,
    )
    db.session.flush()
    return consultation
