"""Live queues at the booths of an on-site fair: who waits, who talks, how it ended."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .fair import Booth
    from .seeker import SeekerProfile


class QueueOutcome(enum.StrEnum):
    INTERVIEW_BOOKED = "interview_booked"
    INTENTION_REACHED = "intention_reached"
    NOT_A_FIT = "not_a_fit"
    LEFT = "left"


class QueueSource(enum.StrEnum):
    SLIP = "slip"  # the person joined from the match slip's phone page
    KIOSK = "kiosk"  # kiosk staff added them
    BOOTH = "booth"  # the booth's own staff added them


class BoothQueueEntry(Base):
    """One person's place in one booth's queue.

    Waiting: ``called_at`` is NULL. In conversation: ``started_at`` set, ``ended_at``
    NULL. Done: ``ended_at`` set (``outcome`` says how; ``left`` when the person left
    the queue before or during the conversation).
    """

    __tablename__ = "booth_queue_entry"
    __table_args__ = (enum_check("outcome", QueueOutcome), enum_check("source", QueueSource))

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(8))

    booth: Mapped[Booth] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
