"""Notifications behind one small interface: in-app today, SMS can be added later.

``notify(users, text, link)`` sends through every configured channel. Texts never
carry a full phone number: any mainland mobile in a text is masked before it is
stored or logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import func, select, update

from models import EmployerMember, Notification, User

from ..extensions import db
from .privacy import mask_phones_in

log = logging.getLogger("jobfair.notifications")
def scrub(text: str) -> str:
    """Mask every mainland mobile number in ``text`` (138****5678), however it is written."""
    return mask_phones_in(text)


class Channel(Protocol):
    """A way to reach a user. ``send`` runs inside the caller's transaction.

    ``about_seeker_id`` names the seeker the message speaks of (for employers),
    so that deleting that seeker's account can take the message with it.
    """

    def send(self, user: User, text: str, link: str, about_seeker_id: int | None) -> None: ...


class InAppChannel:
    """Stores the message for the user's notifications page."""

    def send(self, user: User, text: str, link: str, about_seeker_id: int | None) -> None:
        db.session.add(
            Notification(
                user_id=user.id, text=text[:300], link=link[:200], about_seeker_id=about_seeker_id
            )
        )


CHANNELS: list[Channel] = [InAppChannel()]


def notify(
    users: Iterable[User], text: str, link: str = "", about_seeker_id: int | None = None
) -> None:
    """Send ``text`` to each user through every channel; the caller commits."""
    text = scrub(text)
    for user in users:
        for channel in CHANNELS:
            channel.send(user, text, link, about_seeker_id)
        log.info("notify user=%s role=%s", user.id, user.role)  # no text: it may name people


def employer_members(employer_id: int) -> list[User]:
    stmt = select(User).join(EmployerMember).where(EmployerMember.employer_id == employer_id)
    return list(db.session.scalars(stmt))


def unread_count(user: User) -> int:
    stmt = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def notifications_for(user: User, limit: int = 100) -> list[Notification]:
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=datetime.now(UTC))
    )
    db.session.flush()
