"""Fairs, their booths, and seekers' sign-ups and check-ins."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .employer import Employer
    from .posting import Posting
    from .seeker import SeekerProfile


class FairMode(enum.StrEnum):
    ONLINE = "online"
    ONSITE = "onsite"
    BOTH = "both"

    @property
    def has_hall(self) -> bool:
        """Held in a hall: it needs a venue, and its booths need labels (A01 ...)."""
        return self != FairMode.ONLINE

    @property
    def takes_online_applications(self) -> bool:
        """Seekers may apply online through it during its opening hours."""
        return self != FairMode.ONSITE


class FairStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RUNNING = "running"
    CLOSED = "closed"


class BoothStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"


booth_posting = Table(
    "booth_posting",
    Base.metadata,
    Column("booth_id", ForeignKey("booth.id", ondelete="CASCADE"), primary_key=True),
    Column("posting_id", ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True),
)


class Fair(Base):
    __tablename__ = "fair"
    __table_args__ = (enum_check("mode", FairMode), enum_check("status", FairStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(8))
    venue: Mapped[str] = mapped_column(String(200), default="")
    district_code: Mapped[str] = mapped_column(String(6))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=FairStatus.DRAFT, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    booths: Mapped[list[Booth]] = relationship(
        back_populates="fair", cascade="all, delete-orphan", passive_deletes=True
    )
    registrations: Mapped[list[FairRegistration]] = relationship(
        back_populates="fair", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def has_hall(self) -> bool:
        return FairMode(self.mode).has_hall

    @property
    def takes_online_applications(self) -> bool:
        return FairMode(self.mode).takes_online_applications

    def is_over(self, at: datetime) -> bool:
        """Closed by staff, or past its end: no more sign-ups, booths or applications."""
        return self.status == FairStatus.CLOSED or at > self.ends_at

    def is_open(self, at: datetime) -> bool:
        """Published or running, and within its opening hours."""
        return (
            self.status in (FairStatus.PUBLISHED, FairStatus.RUNNING)
            and self.starts_at <= at <= self.ends_at
        )


class Booth(Base):
    """An employer's place at a fair (a label such as A01 for on-site fairs)."""

    __tablename__ = "booth"
    __table_args__ = (
        UniqueConstraint("fair_id", "employer_id"),
        UniqueConstraint("fair_id", "label"),
        enum_check("status", BoothStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default=BoothStatus.REQUESTED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    fair: Mapped[Fair] = relationship(back_populates="booths")
    employer: Mapped[Employer] = relationship()
    postings: Mapped[list[Posting]] = relationship(secondary=booth_posting)


class FairRegistration(Base):
    """A seeker signed up for a fair in advance, or checked in on the day."""

    __tablename__ = "fair_registration"
    __table_args__ = (UniqueConstraint("fair_id", "seeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), index=True
    )
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    fair: Mapped[Fair] = relationship(back_populates="registrations")
    seeker: Mapped[SeekerProfile] = relationship()
