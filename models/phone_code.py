"""One-time codes sent by text message to prove a mobile number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PhoneCode(Base):
    """A code sent to ``mobile`` for ``purpose`` ("signup" ...); only its hash is kept.

    ``code_hash`` of a message that carried no usable code (a number that is
    already registered is told so instead) never matches anything.
    """

    __tablename__ = "phone_code"
    __table_args__ = (
        Index("ix_phone_code_mobile_purpose_created_at", "mobile", "purpose", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mobile: Mapped[str] = mapped_column(String(11))
    purpose: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
