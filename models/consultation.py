"""Questions answered at a fair's policy and career-guidance desk."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .fair import Fair
    from .seeker import SeekerProfile
    from .user import User


class ConsultationTopic(enum.StrEnum):
    INJURY_INSURANCE = "injury_insurance"  # 新就业形态人员职业伤害保障
    SOCIAL_INSURANCE = "social_insurance"  # 灵活就业人员社保补贴
    TRAINING_SUBSIDY = "training_subsidy"  # 职业技能培训补贴
    STARTUP_LOAN = "startup_loan"  # 创业担保贷款
    CAREER_GUIDANCE = "career_guidance"  # 求职指导
    OTHER = "other"


class Consultation(Base):
    """One question at the desk, with or without a known person (anonymous is allowed)."""

    __tablename__ = "consultation"
    __table_args__ = (enum_check("topic", ConsultationTopic),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("seeker_profile.id", ondelete="SET NULL"), index=True
    )
    topic: Mapped[str] = mapped_column(String(24))
    notes: Mapped[str] = mapped_column(Text, default="")
    answered: Mapped[bool] = mapped_column(default=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # a question left open at the desk, answered later by staff: what they said, who, when
    answer_note: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    answered_at: Mapped[datetime | None]

    fair: Mapped[Fair] = relationship()
    seeker: Mapped[SeekerProfile | None] = relationship()
    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class PasswordSetupToken(Base):
    """A one-time link to set a password: a first one (``purpose`` "first_password",
    from a kiosk slip's QR code) or a new one ("password_reset", mailed to an
    account's address when its password is forgotten).

    Only a hash of the token is stored; it expires, and using it ends it.
    """

    __tablename__ = "password_setup_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    purpose: Mapped[str] = mapped_column(
        String(16), default="first_password", server_default="first_password"
    )
