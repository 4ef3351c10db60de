"""A job seeker's profile: only what matching needs."""

from __future__ import annotations

import typing as t
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if t.TYPE_CHECKING:
    from .user import User


class SeekerProfile(Base):
    __tablename__ = "seeker_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    birth_year: Mapped[int | None]  # optional at a fair-day kiosk
    district_code: Mapped[str] = mapped_column(String(6), index=True)
    occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_text: Mapped[str] = mapped_column(String(200), default="")
    skills: Mapped[str] = mapped_column(String(500), default="")
    experience: Mapped[str] = mapped_column(String(1000), default="")
    experience_years: Mapped[int | None]
    licence_classes: Mapped[list[str]] = mapped_column(JSON, default=list)
    has_ebike: Mapped[bool] = mapped_column(default=False)
    has_car: Mapped[bool] = mapped_column(default=False)
    health_certificate: Mapped[bool] = mapped_column(default=False)
    availability: Mapped[list[str]] = mapped_column(JSON, default=list)
    pay_amount: Mapped[int | None]
    pay_unit: Mapped[str | None] = mapped_column(String(8))
    intro: Mapped[str] = mapped_column(Text, default="")
    discoverable: Mapped[bool] = mapped_column(default=True)
    contact_consent: Mapped[bool] = mapped_column(default=False)
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="seeker_profile")

    @property
    def phone(self) -> str | None:
        return self.user.phone

    def __repr__(self) -> str:
        return f"<SeekerProfile {self.id}>"
