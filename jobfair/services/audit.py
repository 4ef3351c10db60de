"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models import AuditEntry, User

from ..extensions import Page, db, paginate


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
        detail=detail or {},
        ip=ip,
    )
    db.session.add(entry)
    return entry


def audit_log_page(page: int, per_page: int = 50) -> Page:
    """The audit log, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return paginate(db.session, stmt, page, per_page)
