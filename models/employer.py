"""Employers (companies) and the people who act for them."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow
from .trade import Trade

if t.TYPE_CHECKING:
    from .posting import Posting
    from .user import User


class EmployerStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Employer(Base):
    __tablename__ = "employer"
    __table_args__ = (enum_check("status", EmployerStatus), enum_check("trade", Trade))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    trade: Mapped[str] = mapped_column(String(16))
    district_code: Mapped[str] = mapped_column(String(6))
    address: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(32))
    contact_phone: Mapped[str] = mapped_column(String(11))
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=EmployerStatus.PENDING, index=True)
    review_note: Mapped[str] = mapped_column(String(200), default="")
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # a rejected employer corrected its details and asked for review again
    # (its review_note still holds the last rejection's reason until the next review)
    resubmitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[EmployerMember]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", passive_deletes=True
    )
    postings: Mapped[list[Posting]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def verified(self) -> bool:
        return self.status == EmployerStatus.VERIFIED

    def __repr__(self) -> str:
        return f"<Employer {self.id} {self.status}>"


class EmployerMember(Base):
    """A user who acts for an employer."""

    __tablename__ = "employer_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the member's dashboard visits: the latest page view, and the view before the
    # current visit began (applications since then are "new" throughout the visit)
    last_dashboard_at: Mapped[datetime | None]
    new_since_at: Mapped[datetime | None]

    employer: Mapped[Employer] = relationship(back_populates="members")
    user: Mapped[User] = relationship(back_populates="membership")
