"""The audit log: writing entries, and reading them on the staff audit page.

The log is append-only as far as the app goes: this module adds entries and reads
them; no service or route edits or deletes one. Entries never hold a full mobile
number or a password: callers pass ids and masked text (``privacy.mask_query``),
and :func:`record` masks any mobile number that slips into a detail's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, and_, false, or_, select
from sqlalchemy.orm import Session

from jobfair.i18n import gettext as _
from models import AuditEntry, Booth, Fair, Role, User

from .. import validation
from ..clock import bureau_zone
from ..errors import ValidationFailed
from ..extensions import Page, db, paginate
from .privacy import mask_phone, mask_phones_in

#: The longest date range the audit page filters by at once (days).
MAX_RANGE_DAYS = 3 * 366


def _clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """A detail's text values with every mobile number masked (a safety net: callers
    already pass masked text)."""
    return {
        key: mask_phones_in(value) if isinstance(value, str) else value
        for key, value in (detail or {}).items()
    }


def mask_login(identifier: str) -> str:
    """A login name that matched no account, as the log keeps it: a mobile number
    masked (138****0001), an email with only its first letter and domain
    (l***@bureau.cn), anything else not at all (it may be a mistyped password)."""
    if identifier.isascii() and identifier.isdigit() and len(identifier) == 11:
        return mask_phone(identifier)
    local, at, domain = identifier.partition("@")
    if at and local and domain:
        return f"{local[0]}***@{domain}"
    return ""


def record(
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    entry = AuditEntry(
        actor_user_id=actor.id if actor else None,
        actor_role=actor.role if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=_clean_detail(detail),
        ip=ip,
    )
    db.session.add(entry)
    return entry


def record_apart(
    actor_id: int | None,
    actor_role: str | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    engine: Engine | None = None,
) -> None:
    """Write an audit entry in a transaction of its own, committed at once.

    For what must stay on record whatever the request does afterwards: a failed or
    refused login (its request rolls back), the end of a streamed export (after the
    request, with the ``engine`` it was given then).
    """
    with Session(engine or db.engine) as session, session.begin():
        session.add(
            AuditEntry(
                actor_user_id=actor_id,
                actor_role=actor_role,
                action=action,
                subject_type=subject_type,
                subject_id=subject_id,
                detail=_clean_detail(detail),
                ip=(ip or "")[:45] or None,
            )
        )


# -- the audit page ---------------------------------------------------------------------------


@dataclass
class AuditFilters:
    """What the audit page is filtered by, as typed (``typed``) and as understood."""

    typed: dict[str, str] = field(default_factory=dict)
    actor_id: int | None = None
    actor_email: str | None = None
    action: str | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return any(self.typed.values())


FILTER_FIELDS = ("actor", "action", "subject_type", "subject_id", "since", "until")


def _date(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed({name: _("请填写有效的日期，例如 2026-12-01。")}) from None


def parse_filters(source) -> AuditFilters:
    """The audit page's filters from a query string; raises ``ValidationFailed`` with a
    message per field (the typed values stay in ``ValidationFailed.filters``)."""
    typed = {name: validation.clean_text(source.get(name, ""))[:100] for name in FILTER_FIELDS}
    filters = AuditFilters(typed=typed)
    errors: dict[str, str] = {}
    actor = typed["actor"].lstrip("#")
    if actor:
        if "@" in actor:
            filters.actor_email = actor.lower()
        else:
            try:
                filters.actor_id = validation.clean_id(actor)
            except ValueError:
                errors["actor"] = _("请填写操作人的账号编号或邮箱。")
    filters.action = typed["action"] or None
    filters.subject_type = typed["subject_type"] or None
    if typed["subject_id"]:
        try:
            filters.subject_id = validation.clean_id(typed["subject_id"].lstrip("#"))
        except ValueError:
            errors["subject_id"] = _("对象编号应为数字。")
    for name in ("since", "until"):
        try:
            setattr(filters, name, _date(typed[name], name))
        except ValidationFailed as e:
            errors.update(e.errors)
    if filters.since and filters.until:
        if filters.until < filters.since:
            errors["until"] = _("结束日期不能早于开始日期。")
        elif (filters.until - filters.since).days > MAX_RANGE_DAYS:
            errors["until"] = _("日期范围不能超过三年。")
    if errors:
        failed = ValidationFailed(errors)
        failed.filters = filters
        raise failed
    return filters


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=bureau_zone())


def visible_to(viewer: User):
    """Which entries ``viewer`` may read: an admin every entry; staff their own actions
    and the entries about the fairs they created (the fair itself, its booths, and
    entries whose detail names the fair: kiosk work, exports)."""
    if viewer.role == Role.ADMIN:
        return None
    if viewer.role != Role.STAFF:
        return false()
    own_fairs = select(Fair.id).where(Fair.created_by_id == viewer.id)
    own_booths = select(Booth.id).where(Booth.fair_id.in_(own_fairs))
    return or_(
        AuditEntry.actor_user_id == viewer.id,
        and_(AuditEntry.subject_type == "fair", AuditEntry.subject_id.in_(own_fairs)),
        and_(AuditEntry.subject_type == "booth", AuditEntry.subject_id.in_(own_booths)),
        AuditEntry.detail["fair"].as_integer().in_(own_fairs),
    )


def audit_log_page(
    viewer: User, filters: AuditFilters | None = None, page: int = 1, per_page: int = 50
) -> Page:
    """The entries ``viewer`` may read, filtered, newest first."""
    filters = filters or AuditFilters()
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    allowed = visible_to(viewer)
    if allowed is not None:
        stmt = stmt.where(allowed)
    if filters.actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_user_id == filters.actor_id)
    if filters.actor_email:
        stmt = stmt.where(
            AuditEntry.actor_user_id.in_(select(User.id).where(User.email == filters.actor_email))
        )
    if filters.action:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.subject_type:
        stmt = stmt.where(AuditEntry.subject_type == filters.subject_type)
    if filters.subject_id is not None:
        stmt = stmt.where(AuditEntry.subject_id == filters.subject_id)
    if filters.since:
        stmt = stmt.where(AuditEntry.at >= _local_midnight(filters.since))
    if filters.until:
        stmt = stmt.where(AuditEntry.at < _local_midnight(filters.until + timedelta(days=1)))
    return paginate(db.session, stmt, page, per_page)


def action_choices() -> list[str]:
    """The actions to filter by: every labelled one (``labels.audit_action``, in its
    order), then any other the log holds."""
    from ..labels import audit_action

    held = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    return list(dict.fromkeys([*audit_action, *held]))


def subject_types_in_log() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.subject_type).distinct().order_by(AuditEntry.subject_type)
        )
    )


def actors_of(entries: list[AuditEntry]) -> dict[int, User]:
    """The accounts behind a page of entries, in one query."""
    ids = {e.actor_user_id for e in entries if e.actor_user_id}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
