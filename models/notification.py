"""In-app notifications and seekers' questions to a booth."""

from __future__ import annotations

import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if t.TYPE_CHECKING:
    from .fair import Booth
    from .seeker import SeekerProfile


class Notification(Base):
    """A message for one user, shown on their notifications page until read."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(200), default="")
    # the seeker a notification speaks of (to an employer): it goes when their account goes
    about_seeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class Question(Base):
    """A seeker's question to an employer's booth at a fair."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    answer: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    booth: Mapped[Booth] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
