"""A seeker's application to a posting and its status history."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .posting import Posting
    from .seeker import SeekerProfile


class ApplicationStatus(enum.StrEnum):
    APPLIED = "applied"
    VIEWED = "viewed"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset(
    {
        ApplicationStatus.APPLIED,
        ApplicationStatus.VIEWED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.OFFER,
    }
)


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("posting_id", "seeker_id"),
        # no two interviews in one slot at one booth; as its first column,
        # interview_booth_id needs no index of its own for ON DELETE SET NULL
        UniqueConstraint("interview_booth_id", "interview_at"),
        enum_check("status", ApplicationStatus),
        # a fair's statistics count its applications per posting and per seeker by
        # state (services.statistics): both answered from these indexes alone
        Index("ix_application_fair_posting_status", "fair_id", "posting_id", "status"),
        Index("ix_application_fair_seeker_status", "fair_id", "seeker_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.APPLIED)
    note: Mapped[str] = mapped_column(String(500), default="")
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fair.id", ondelete="SET NULL"))
    interview_at: Mapped[datetime | None]
    interview_place: Mapped[str] = mapped_column(String(100), default="")
    interview_booth_id: Mapped[int | None] = mapped_column(
        ForeignKey("booth.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    posting: Mapped[Posting] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ApplicationEvent.at",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ApplicationEvent(Base):
    """One move in an application's pipeline: who, when, from and to."""

    __tablename__ = "application_event"
    __table_args__ = (
        enum_check("from_status", ApplicationStatus),
        enum_check("to_status", ApplicationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")


class Invitation(Base):
    """An employer invites a ranked candidate to apply to a posting."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("posting_id", "seeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None]

    posting: Mapped[Posting] = relationship()
    seeker: Mapped[SeekerProfile] = relationship()
