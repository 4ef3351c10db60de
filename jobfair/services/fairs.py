"""Fairs: staff create and run them, employers book booths, seekers sign up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from models import (
    Booth,
    BoothStatus,
    Consultation,
    Fair,
    FairMode,
    FairRegistration,
    FairStatus,
    Posting,
    PostingStatus,
    SeekerProfile,
    User,
    booth_posting,
)

from .. import validation
from ..clock import local_time, now, start_of_local_day
from ..errors import ConcurrentChange, DomainError, NotAllowed, NotFound, ValidationFailed
from ..extensions import db
from . import audit
from .employers import employer_of

PUBLIC_STATUSES = (FairStatus.PUBLISHED, FairStatus.RUNNING, FairStatus.CLOSED)
BOOTH_LABEL = re.compile(r"^[A-Z]\d{2,3}$")
FAIR_FIELDS = frozenset(
    {"name", "mode", "venue", "district_code", "starts_at", "ends_at", "description", "status"}
)


def label_order(label: str | None) -> tuple:
    """A02 < A10 < A100 < B01; booths without a label last."""
    if not label:
        return ("~", 0)
    return (label[0], int(label[1:]) if label[1:].isdigit() else 0)


def hall_area(label: str | None) -> str | None:
    """The area of the hall a booth stands in: the letter of its label (A01 -> "A");
    None for a booth without a label (online)."""
    return label[0] if label else None


@dataclass(frozen=True)
class HallArea:
    """One area of a fair's floor plan and its booths, in label order."""

    letter: str | None  # None: booths without a label (online)
    booths: list[Booth]


def floor_plan(booths: list[Booth]) -> list[HallArea]:
    """Booths (as :func:`booths_of` orders them) grouped by hall area, A before B."""
    areas: dict[str | None, list[Booth]] = {}
    for booth in booths:
        areas.setdefault(hall_area(booth.label), []).append(booth)
    return [HallArea(letter, found) for letter, found in areas.items()]


# -- staff: the fair itself ----------------------------------------------------------------


FAIR_TEXT_LIMITS = {"name": 100, "venue": 200, "description": 3000}


def clean_fair(data: dict[str, Any], existing: Fair | None = None) -> dict[str, Any]:
    unknown = set(data) - FAIR_FIELDS
    if unknown:
        raise ValueError(f"unknown fair fields: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    texts, errors = validation.clean_texts(data, FAIR_TEXT_LIMITS, {"name"})
    clean.update(texts)
    if "name" in errors and not texts["name"]:
        errors["name"] = _("请填写招聘会名称。")
    mode = data.get("mode")
    if mode not in tuple(FairMode):
        errors["mode"] = _("请选择举办形式。")
    clean["mode"] = mode
    if mode in tuple(FairMode) and FairMode(mode).has_hall and not texts["venue"]:
        errors["venue"] = _("现场招聘会请填写举办地点。")
    try:
        clean["district_code"] = validation.clean_county(data.get("district_code"))
    except ValueError as e:
        errors["district_code"] = str(e)
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        errors["starts_at"] = _("请填写开始时间。")
    if ends is None:
        errors["ends_at"] = _("请填写结束时间。")
    if starts is not None and ends is not None:
        start_changed = existing is None or starts != existing.starts_at
        changed = start_changed or ends != existing.ends_at
        if ends <= starts:
            errors["ends_at"] = _("结束时间必须晚于开始时间。")
        elif (ends - starts).days > 31:
            errors["ends_at"] = _("一场招聘会最长31天。")
        elif changed and ends < now():
            errors["ends_at"] = _("结束时间不能早于现在。")
        if start_changed and starts < start_of_local_day():
            errors["starts_at"] = _("开始时间不能早于今天。")
        elif starts > now() + timedelta(days=731):
            errors["starts_at"] = _("开始时间不能晚于两年以后。")
    clean["starts_at"], clean["ends_at"] = starts, ends
    status = data.get("status") or FairStatus.DRAFT
    if status not in tuple(FairStatus):
        errors["status"] = _("请选择列表中的状态。")
    clean["status"] = status
    if errors:
        raise ValidationFailed(errors)
    return clean


def create_fair(staff: User, data: dict[str, Any], dry_run: bool = False) -> Fair | None:
    clean = clean_fair(data)
    if dry_run:
        return None
    fair = Fair(**clean, created_by_id=staff.id)
    db.session.add(fair)
    db.session.flush()
    audit.record(staff, "fair.create", "fair", fair.id)
    db.session.flush()
    return fair


def update_fair(staff: User, fair_id: int, data: dict[str, Any], dry_run: bool = False) -> Fair:
    fair = get_fair(fair_id)
    clean = clean_fair(data, existing=fair)
    if dry_run:
        return fair
    for key, value in clean.items():
        setattr(fair, key, value)
    audit.record(staff, "fair.update", "fair", fair.id)
    db.session.flush()
    return fair


def get_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound(_("没有找到该招聘会。"))
    return fair


def public_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None or fair.status not in PUBLIC_STATUSES:
        raise NotFound(_("没有找到该招聘会。"))
    return fair


def all_fairs() -> list[Fair]:
    return list(db.session.scalars(select(Fair).order_by(Fair.starts_at.desc())))


def public_fairs() -> list[Fair]:
    stmt = select(Fair).where(Fair.status.in_(PUBLIC_STATUSES)).order_by(Fair.starts_at.desc())
    return list(db.session.scalars(stmt))


def is_open_now(fair: Fair, at: datetime | None = None) -> bool:
    """During its opening hours a published or running fair takes online applications."""
    return fair.is_open(at or now())


def fair_is_over(fair: Fair, at: datetime | None = None) -> bool:
    """The fair was closed or has ended: no more sign-ups, booth requests or reviews,
    or applications through it (``Fair.is_over`` at the current time)."""
    return fair.is_over(at or now())


def fair_phase(fair: Fair, at: datetime | None = None) -> str:
    """``open`` during its hours, ``over`` once it is over, else ``upcoming``."""
    at = at or now()
    if fair.is_open(at):
        return "open"
    return "over" if fair.is_over(at) else "upcoming"


def require_open_now(fair: Fair) -> None:
    at = now()
    if fair.status == FairStatus.DRAFT or fair_is_over(fair, at):
        raise DomainError(_("这场招聘会已结束，不能再通过招聘会申请。"))
    if at < fair.starts_at:
        raise DomainError(
            _("招聘会尚未开始（%(at)s开始），届时即可在线申请。", at=local_time(fair.starts_at))
        )


# -- employers: booths ----------------------------------------------------------------------


def request_booth(member: User, fair_id: int, posting_ids: list[int]) -> Booth:
    """A verified employer asks to take part with some of its open postings."""
    employer = employer_of(member)
    if not employer.verified:
        raise NotAllowed(_("单位通过审核后才能报名参加招聘会。"))
    fair = get_fair(fair_id)
    if fair.status == FairStatus.DRAFT:
        raise NotFound(_("没有找到该招聘会。"))
    if fair_is_over(fair):
        raise DomainError(_("这场招聘会已结束，不能再报名。"))
    ids = list(dict.fromkeys(posting_ids))
    postings = list(
        db.session.scalars(
            select(Posting).where(
                Posting.id.in_(ids),
                Posting.employer_id == employer.id,
                Posting.status == PostingStatus.OPEN,
            )
        )
    )
    if not ids or len(postings) != len(ids):
        raise ValidationFailed({"posting_ids": _("请至少选择一个本单位招聘中的岗位。")})
    booth = db.session.scalar(
        select(Booth).where(Booth.fair_id == fair.id, Booth.employer_id == employer.id)
    )
    if booth is None:
        booth = Booth(fair_id=fair.id, employer_id=employer.id, status=BoothStatus.REQUESTED)
        db.session.add(booth)
    elif booth.status == BoothStatus.DECLINED:
        booth.status = BoothStatus.REQUESTED
    booth.postings = postings
    db.session.flush()
    return booth


def may_interview_at(booth: Booth, employer_id: int) -> bool:
    """An employer interviews at its own approved booths."""
    return booth.employer_id == employer_id and booth.status == BoothStatus.APPROVED


def interview_booths(member: User) -> list[Booth]:
    """The booths where this member's employer may hold interviews, by fair."""
    employer_id = employer_of(member).id
    return [b for b in employer_booths(member).values() if may_interview_at(b, employer_id)]


def employer_booths(member: User) -> dict[int, Booth]:
    if member.membership is None:
        return {}
    stmt = select(Booth).where(Booth.employer_id == member.membership.employer_id)
    return {b.fair_id: b for b in db.session.scalars(stmt)}


def review_booth(
    staff: User,
    booth_id: int,
    approve: bool,
    label: str | None = None,
    fair_id: int | None = None,
) -> Booth:
    """Approve (with a booth label for on-site fairs) or decline an employer's request;
    ``fair_id``, when given, is the fair the request must belong to."""
    booth = db.session.get(Booth, booth_id)
    if booth is None or (fair_id is not None and booth.fair_id != fair_id):
        raise NotFound(_("没有找到该展位申请。"))
    fair = booth.fair
    if fair_is_over(fair):
        raise DomainError(_("这场招聘会已结束，不能再审核展位。"))
    if not approve:
        booth.status, booth.label = BoothStatus.DECLINED, None
    else:
        label = (label or "").strip().upper() or None
        if fair.has_hall and label is None:
            raise ValidationFailed({"label": _("现场招聘会请分配展位号，例如 A01。")})
        if label is not None:
            if BOOTH_LABEL.match(label):
                label = f"{label[0]}{int(label[1:]):02d}"  # A001 and A1 are A01
            if not BOOTH_LABEL.match(label):
                raise ValidationFailed(
                    {"label": _("展位号格式为一个大写字母加两到三位数字，例如 A01。")}
                )
            taken = db.session.scalar(
                select(Booth).where(
                    Booth.fair_id == fair.id, Booth.label == label, Booth.id != booth.id
                )
            )
            if taken:
                raise ValidationFailed(
                    {
                        "label": _(
                            "展位号 %(label)s 已分配给“%(name)s”。",
                            label=label,
                            name=taken.employer.name,
                        )
                    }
                )
        booth.status, booth.label = BoothStatus.APPROVED, label
    audit.record(
        staff,
        "booth.approve" if approve else "booth.decline",
        "booth",
        booth.id,
        {"label": booth.label},
    )
    try:
        db.session.flush()
    except IntegrityError as e:  # the caller's unit of work rolls the request back
        raise ConcurrentChange(_("展位号 %(label)s 刚被分配给其他单位。", label=label)) from e
    from . import notify

    text = booth_decision_text(fair.name, approve, booth.label)
    notify.notify(notify.employer_members(booth.employer_id), text, "/employer/fairs")
    db.session.flush()
    return booth


def booth_decision_text(fair_name: str, approved: bool, label: str | None) -> str:
    """What an employer's members are told when staff approve or decline their booth request."""
    if approved:
        return _(
            "您报名的“%(fair)s”已批准，展位号：%(label)s。",
            fair=fair_name,
            label=label or _("线上"),
        )
    return _("您报名的“%(fair)s”未获批准。", fair=fair_name)


def next_free_booth_label(booths: list[Booth]) -> str:
    """The first label not yet given at a fair (A01, A02 ... Z999), offered as a hint."""
    used = {b.label for b in booths if b.label}
    return next(
        label
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for n in range(1, 1000)
        if (label := f"{letter}{n:02d}") not in used
    )


class FairOverview(NamedTuple):
    """A line of the staff's fair list."""

    fair: Fair
    counts: FairCounts
    pending_booths: int
    consultations: int  # questions at the policy desk


def fair_overview() -> list[FairOverview]:
    asked = dict(
        db.session.execute(
            select(Consultation.fair_id, func.count()).group_by(Consultation.fair_id)
        ).all()
    )
    rows = []
    for fair in all_fairs():
        booths = booths_of(fair, approved_only=False)
        approved = [b for b in booths if b.status == BoothStatus.APPROVED]
        pending = sum(1 for b in booths if b.status == BoothStatus.REQUESTED)
        rows.append(FairOverview(fair, counts(fair, approved), pending, asked.get(fair.id, 0)))
    return rows


def fairs_taking_booth_requests() -> list[Fair]:
    """Public fairs an employer may still ask to take part in."""
    return [f for f in public_fairs() if not fair_is_over(f)]


def booths_of(fair: Fair, approved_only: bool = True, trade: str | None = None) -> list[Booth]:
    stmt = (
        select(Booth)
        .where(Booth.fair_id == fair.id)
        .options(selectinload(Booth.employer), selectinload(Booth.postings))
    )
    if approved_only:
        stmt = stmt.where(Booth.status == BoothStatus.APPROVED)
    booths = list(db.session.scalars(stmt))
    if trade:
        booths = [
            b
            for b in booths
            if b.employer.trade == trade or any(p.trade == trade for p in b.postings)
        ]
    return sorted(
        booths,
        key=lambda b: (b.status != BoothStatus.APPROVED, label_order(b.label), b.employer.name),
    )


def fair_posting_ids(fair: Fair) -> list[int]:
    """Open postings shown at the fair by its approved booths."""
    return list(booth_of_posting(fair))


def booth_of_posting(fair: Fair) -> dict[int, int]:
    """``{posting id: booth id}`` for the open postings shown by the fair's approved
    booths, in booth-label order (a posting at two booths goes to the first). Ids only,
    in one query: the kiosk's slip and the booth route ask for it on every print and
    every poll."""
    rows = db.session.execute(
        select(booth_posting.c.posting_id, Booth.id, Booth.label)
        .join(Booth, Booth.id == booth_posting.c.booth_id)
        .join(Posting, Posting.id == booth_posting.c.posting_id)
        .where(
            Booth.fair_id == fair.id,
            Booth.status == BoothStatus.APPROVED,
            Posting.status == PostingStatus.OPEN,
        )
    ).all()
    out: dict[int, int] = {}
    for posting_id, booth_id, _label in sorted(rows, key=lambda r: (label_order(r[2]), r[1])):
        out.setdefault(posting_id, booth_id)
    return out


def booth_at(fair: Fair, booth_id: int) -> Booth:
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.fair_id != fair.id or booth.status != BoothStatus.APPROVED:
        raise NotFound(_("没有找到该展位。"))
    return booth


# -- seekers: sign-up --------------------------------------------------------------------------


def sign_up_for_fair(seeker: SeekerProfile, fair_id: int) -> FairRegistration:
    """A seeker signs up in advance for a public fair that is not over (once)."""
    fair = public_fair(fair_id)
    if fair_is_over(fair):
        raise DomainError(_("这场招聘会已结束。"))
    existing = registration_of(seeker, fair)
    if existing is not None:
        return existing
    registration = FairRegistration(fair_id=fair.id, seeker_id=seeker.id)
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as e:  # signed up at the same moment in another request
        raise ConcurrentChange(_("您已报名这场招聘会。")) from e
    return registration


def cancellable_sign_up(seeker: SeekerProfile, fair_id: int) -> FairRegistration:
    """The seeker's sign-up for a fair, if they may still cancel it: the fair is not
    over and they have not checked in there (a check-in is a record that they came)."""
    fair = public_fair(fair_id)
    registration = registration_of(seeker, fair)
    if registration is None:
        raise NotFound(_("您没有报名这场招聘会。"))
    refused = _why_not_cancel(registration)
    if refused:
        raise DomainError(refused)
    return registration


def may_cancel_sign_up(registration: FairRegistration) -> bool:
    """Whether its seeker may still cancel this sign-up (:func:`cancellable_sign_up`)."""
    return _why_not_cancel(registration) is None


def _why_not_cancel(registration: FairRegistration) -> str | None:
    if fair_is_over(registration.fair):
        return _("这场招聘会已结束，不能再取消报名。")
    if registration.checked_in_at is not None:
        return _("您已在现场签到，不能取消报名。")
    return None


def cancel_sign_up(seeker: SeekerProfile, fair_id: int) -> Fair:
    """The seeker takes back their sign-up (:func:`cancellable_sign_up`); the fair's
    counts no longer include them."""
    registration = cancellable_sign_up(seeker, fair_id)
    fair = registration.fair
    gone = db.session.execute(
        delete(FairRegistration).where(
            FairRegistration.id == registration.id, FairRegistration.checked_in_at.is_(None)
        )
    )
    if gone.rowcount != 1:  # checked in or cancelled a moment ago in another request
        raise ConcurrentChange(_("您的报名刚刚有变化（已签到或已取消），请刷新页面查看。"))
    db.session.flush()
    return fair


def sign_ups_of(seeker: SeekerProfile) -> list[FairRegistration]:
    """The fairs a seeker signed up for or checked in at, the latest fair first."""
    stmt = (
        select(FairRegistration)
        .join(Fair, Fair.id == FairRegistration.fair_id)
        .where(FairRegistration.seeker_id == seeker.id, Fair.status.in_(PUBLIC_STATUSES))
        .options(selectinload(FairRegistration.fair))
        .order_by(Fair.starts_at.desc())
    )
    return list(db.session.scalars(stmt))


def registration_of(seeker: SeekerProfile, fair: Fair) -> FairRegistration | None:
    return db.session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair.id, FairRegistration.seeker_id == seeker.id
        )
    )


@dataclass(frozen=True)
class FairCounts:
    booths: int
    postings: int
    registered: int
    checked_in: int


def counts(fair: Fair, booths: list[Booth] | None = None) -> FairCounts:
    """Approved booths, open postings, sign-ups and check-ins (``booths``: approved, if known)."""
    registered, checked_in = db.session.execute(
        select(func.count(), func.count(FairRegistration.checked_in_at)).where(
            FairRegistration.fair_id == fair.id
        )
    ).one()
    booths = booths_of(fair) if booths is None else booths
    postings = {p.id for b in booths for p in b.postings if p.is_open}
    return FairCounts(len(booths), len(postings), registered or 0, checked_in or 0)
