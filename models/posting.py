"""Job postings."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from .base import Base, enum_check, utcnow
from .trade import Trade

if t.TYPE_CHECKING:
    from .employer import Employer


class PostingStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Posting(Base):
    __tablename__ = "posting"
    __table_args__ = (
        CheckConstraint("pay_min <= pay_max", name="pay_range"),
        CheckConstraint("headcount >= 1", name="headcount_positive"),
        enum_check("status", PostingStatus),
        enum_check("trade", Trade),
        Index("ix_posting_status_trade", "status", "trade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(60))
    occupation_code: Mapped[str] = mapped_column(String(8), index=True)
    trade: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    requirements: Mapped[str] = mapped_column(Text, default="")
    district_code: Mapped[str] = mapped_column(String(6), index=True)
    pay_min: Mapped[int]
    pay_max: Mapped[int]
    pay_unit: Mapped[str] = mapped_column(String(8))
    schedule: Mapped[list[str]] = mapped_column(JSON, default=list)
    headcount: Mapped[int]
    required_licence: Mapped[str | None] = mapped_column(String(4))
    min_age: Mapped[int] = mapped_column(default=18)
    needs_health_certificate: Mapped[bool] = mapped_column(default=False)
    needs_vehicle: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default=PostingStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    employer: Mapped[Employer] = relationship(back_populates="postings")

    @property
    def is_open(self) -> bool:
        return self.status == PostingStatus.OPEN

    @hybrid_property
    def is_public(self) -> bool:
        """Everyone may see it and seekers may apply: open, of a verified employer."""
        return self.is_open and self.employer.verified

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> ColumnElement[bool]:
        from .employer import Employer, EmployerStatus

        employer = aliased(Employer)  # the query may join employer itself
        verified = (
            select(employer.id)
            .where(employer.id == cls.employer_id, employer.status == EmployerStatus.VERIFIED)
            .correlate_except(employer)
            .exists()
        )
        return and_(cls.status == PostingStatus.OPEN, verified)

    def __repr__(self) -> str:
        return f"<Posting {self.id} {self.status}>"
