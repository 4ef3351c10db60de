"""Support schemes as data (policy matching), and the profile facts that only they need.

A scheme's ``conditions`` is a list of ``{"fact": ..., "op": ..., "value": ...}``; the
facts and operators are listed and evaluated by ``jobfair.services.policy_matching``
(no code is ever evaluated). Staff edit schemes on a page; a seeker's extra facts
(household registration, registered unemployment ...) are kept apart from the
profile, with the moment the seeker agreed to give them, and go with the account.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class SupportScheme(Base):
    """One scheme a seeker may claim: who (conditions), what, with which papers, where."""

    __tablename__ = "support_scheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    benefit: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[str] = mapped_column(Text, default="")
    where_to_apply: Mapped[str] = mapped_column(String(300), default="")
    valid_until: Mapped[date | None]  # last day it holds (bureau's time zone); None: no end
    source_title: Mapped[str] = mapped_column(String(200), default="")
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def is_expired(self, today: date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    def __repr__(self) -> str:
        return f"<SupportScheme {self.id}>"


class SeekerPolicyFacts(Base):
    """Facts a seeker gave, with consent, so that schemes can be matched; None is unknown.

    ``graduation_year`` 0 means "not a college graduate".
    """

    __tablename__ = "seeker_policy_facts"

    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="CASCADE"), primary_key=True
    )
    consent_at: Mapped[datetime]
    hukou_region: Mapped[str | None] = mapped_column(String(6))
    registered_unemployed: Mapped[bool | None]
    graduation_year: Mapped[int | None]
    pilot_platform_worker: Mapped[bool | None]
    employment_difficulty: Mapped[bool | None]
    flexible_employed: Mapped[bool | None]
    starting_business: Mapped[bool | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
