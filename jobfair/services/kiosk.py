"""The fair-day kiosk: register a walk-in, check people in, print their slip, and
record questions at the policy desk.

Finding a person is :func:`jobfair.services.people.find_people`; everything a
kiosk shows of a person is masked (``138****5678``), and every kiosk view of a
person is audited like any other staff view of personal data.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from models import (
    Booth,
    Consultation,
    ConsultationTopic,
    Fair,
    FairRegistration,
    PasswordSetupToken,
    Posting,
    Role,
    SeekerProfile,
    User,
)

from .. import metrics, validation
from ..clock import now
from ..errors import ConcurrentChange, DomainError, NotFound, ValidationFailed
from ..extensions import db
from . import accounts, audit, fairs, live_index, people, ranking, seekers
from .people import PersonFound
from .privacy import mask_query
from .ranking import RankedPosting

# What a walk-in is asked at the kiosk: the least the matcher needs.
WALK_IN_FIELDS = (
    "name",
    "mobile",
    "occupation_codes",
    "desired_text",
    "district_code",
    "licence_classes",
    "has_ebike",
    "has_car",
    "health_certificate",
    "availability",
    "birth_year",
)
SLIP_SIZE = 8
SETUP_LINK_LIFETIME = timedelta(days=3)
NOTES_LIMIT = 1000


# -- the fairs a kiosk serves --------------------------------------------------------------


def kiosk_fairs() -> list[Fair]:
    """Fairs held in a hall that are not over: the ones a kiosk can be set up for."""
    return [f for f in fairs.public_fairs() if f.has_hall and not fairs.fair_is_over(f)][
        ::-1
    ]  # soonest first


def kiosk_fair(fair_id: int) -> Fair:
    """The fair a kiosk serves: public, held in a hall, and not over."""
    fair = db.session.get(Fair, fair_id)
    if fair is None or fair.status not in fairs.PUBLIC_STATUSES or not fair.has_hall:
        raise NotFound(_("没有找到这场现场招聘会。"))
    if fairs.fair_is_over(fair):
        raise DomainError(_("这场招聘会已结束，不能再签到。"))
    return fair


# -- finding a person ----------------------------------------------------------------------

QUERY_LIMIT = 60


def find_person(staff: User, fair: Fair, query: str, ip: str | None = None) -> list[PersonFound]:
    """Who a query at the kiosk may mean, best first; the search is audited, masked."""
    query = validation.clean_text(query)
    if len(query.replace(" ", "")) < 2 or len(query) > QUERY_LIMIT:
        raise ValidationFailed({"q": _("请输入手机号、手机尾号加姓名，或姓名（至少两个字）。")})
    with metrics.lookup_timer():
        found = people.find_people(query, k=5)
    detail = {"fair": fair.id, "query": mask_query(query), "rows": len(found)}
    audit.record(staff, "kiosk.find", "seeker", None, detail, ip)
    db.session.flush()
    return found


# -- walk-in registration ------------------------------------------------------------------


def seeker_with_mobile(mobile: str) -> SeekerProfile | None:
    user = accounts.find_user(mobile)
    return user.seeker_profile if user is not None and user.role == Role.SEEKER else None


def check_walk_in_step(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    """The errors of one screen's fields (an empty dict when they are fine)."""
    try:
        _clean_walk_in({k: v for k, v in data.items() if k in fields}, partial=True)
    except ValidationFailed as e:
        return {k: v for k, v in e.errors.items() if k in fields}
    return {}


def _clean_walk_in(data: dict[str, Any], partial: bool = False) -> tuple[str, dict[str, Any]]:
    errors: dict[str, str] = {}
    mobile = ""
    if "mobile" in data or not partial:
        try:
            mobile = validation.clean_mobile(data.get("mobile"))
        except ValueError as e:
            errors["mobile"] = str(e)
    profile = {k: data[k] for k in WALK_IN_FIELDS if k in data and k != "mobile"}
    if profile.get("birth_year") in (None, ""):
        profile.pop("birth_year", None)  # optional at the kiosk
    if not partial:
        profile.setdefault("name", "")
    try:
        clean = seekers.clean_profile(profile)
    except ValidationFailed as e:
        errors.update(e.errors)
        clean = {}
    if errors:
        raise ValidationFailed(errors)
    return mobile, clean


def register_walk_in(
    staff: User, fair: Fair, data: dict[str, Any], consent: bool, ip: str | None = None
) -> tuple[SeekerProfile, bool]:
    """Register a person at the kiosk; returns (seeker, created).

    A mobile number that is already registered finds that person instead of
    creating a second one. The person sets a password later through the slip's
    QR code; until then nobody can log in with the account.
    """
    mobile, clean = _clean_walk_in(data)
    if not consent:
        raise ValidationFailed({"consent": _("请向对方读出个人信息处理说明，对方同意后再勾选。")})
    holder = accounts.find_user(mobile)
    if holder is not None and holder.seeker_profile is not None:
        return holder.seeker_profile, False
    if holder is not None:
        raise ValidationFailed({"mobile": _("此手机号已用于单位或工作人员账号，请换一个号码。")})
    clean.setdefault("district_code", fair.district_code)
    user = User(
        role=Role.SEEKER,
        phone=mobile,
        password_hash="!" + secrets.token_hex(16),  # no password yet: nobody can log in
        display_name=clean["name"],
    )
    user.seeker_profile = SeekerProfile(
        consent_version=current_app.config["CONSENT_VERSION"], consent_at=now(), **clean
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as e:  # the same form sent twice at once: the first one wins
        raise ConcurrentChange(_("此手机号刚刚登记过。")) from e
    seeker = user.seeker_profile
    live_index.seeker_changed(seeker.id)
    audit.record(staff, "kiosk.register", "seeker", seeker.id, {"fair": fair.id}, ip)
    db.session.flush()
    return seeker, True


# -- check-in ------------------------------------------------------------------------------


def check_in(staff: User, fair: Fair, seeker_id: int, ip: str | None = None) -> FairRegistration:
    """Mark the person present at this fair, once, however often it is tapped.

    One statement (an insert that, on the fair and seeker's unique key, keeps the
    first check-in): two kiosks at the same moment both succeed with one row. A
    person who did not sign up in advance is registered on the spot.
    """
    seeker = db.session.get(SeekerProfile, seeker_id)
    if seeker is None:
        raise NotFound(_("没有找到这位求职者。"))
    at = now()
    table = FairRegistration.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(
        fair_id=fair.id, seeker_id=seeker.id, registered_at=at, checked_in_at=at,
        checked_in_by_id=staff.id,
    )  # fmt: skip
    kept = {
        "checked_in_at": func.coalesce(table.c.checked_in_at, stmt.excluded.checked_in_at),
        "checked_in_by_id": func.coalesce(table.c.checked_in_by_id, stmt.excluded.checked_in_by_id),
    }
    db.session.execute(
        stmt.on_conflict_do_update(index_elements=["fair_id", "seeker_id"], set_=kept)
    )
    audit.record(staff, "kiosk.check_in", "seeker", seeker.id, {"fair": fair.id}, ip)
    db.session.flush()
    registration = db.session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair.id, FairRegistration.seeker_id == seeker.id
        )
    )
    db.session.refresh(registration)
    return registration


# -- the slip ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlipRow:
    booth: Booth
    posting: Posting
    ranked: RankedPosting


def slip_rows(fair: Fair, seeker: SeekerProfile, k: int = SLIP_SIZE) -> list[SlipRow]:
    """The person's best postings at this fair, in booth-label order, so that they
    walk the hall once."""
    booth_id_of = fairs.booth_of_posting(fair)
    if not booth_id_of:
        return []
    ranked = ranking.recommended_postings(seeker, k=k, posting_ids=list(booth_id_of))
    wanted = {booth_id_of[r.posting.id] for r in ranked}
    booths = (
        {
            b.id: b
            for b in db.session.scalars(
                select(Booth).where(Booth.id.in_(wanted)).options(selectinload(Booth.employer))
            )
        }
        if wanted
        else {}
    )
    rows = [SlipRow(booths[booth_id_of[r.posting.id]], r.posting, r) for r in ranked]
    return sorted(rows, key=lambda row: fairs.label_order(row.booth.label))


def view_slip(staff: User, fair: Fair, seeker_id: int, ip: str | None = None):
    """The slip of a checked-in person (printing it again is allowed); audited."""
    registration = db.session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair.id, FairRegistration.seeker_id == seeker_id
        )
    )
    if registration is None or registration.checked_in_at is None:
        raise NotFound(_("这位求职者还没有签到。"))
    audit.record(staff, "kiosk.slip", "seeker", seeker_id, {"fair": fair.id}, ip)
    db.session.flush()
    return registration.seeker, slip_rows(fair, registration.seeker)


def new_setup_link(seeker: SeekerProfile) -> str:
    """A one-time token for the slip's QR code: it lets the person set a password and
    see their recommendations on their phone. Only its hash is stored; it expires."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        PasswordSetupToken(
            token_hash=hash_token(token),
            user_id=seeker.user_id,
            expires_at=now() + SETUP_LINK_LIFETIME,
        )
    )
    db.session.flush()
    return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- the policy and career-guidance desk ---------------------------------------------------


def record_consultation(
    staff: User,
    fair: Fair,
    topic: str,
    notes: str = "",
    answered: bool = True,
    seeker_id: int | None = None,
) -> Consultation:
    """A question at the desk, against a person or anonymous."""
    errors = {}
    if topic not in tuple(ConsultationTopic):
        errors["topic"] = _("请选择咨询的问题类别。")
    try:
        notes = validation.clean_one(notes, "notes", NOTES_LIMIT)
    except ValidationFailed as e:
        errors.update(e.errors)
    if seeker_id is not None and db.session.get(SeekerProfile, seeker_id) is None:
        errors["seeker_id"] = _("没有找到这位求职者。")
    if errors:
        raise ValidationFailed(errors)
    consultation = Consultation(
        fair_id=fair.id,
        seeker_id=seeker_id,
        topic=topic,
        notes=notes,
        answered=answered,
        staff_id=staff.id,
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation
