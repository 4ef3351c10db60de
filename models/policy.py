"""Policy articles that the bureau publishes: subsidies, insurance, loans, guidance."""

from __future__ import annotations

import enum
import typing as t
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .user import User


class PolicyTag(enum.StrEnum):
    """The fixed list of topics an article is filed under (labels in jobfair.labels)."""

    SOCIAL_INSURANCE = "social_insurance"  # 社保
    INJURY_INSURANCE = "injury_insurance"  # 新就业形态人员职业伤害保障
    TRAINING_SUBSIDY = "training_subsidy"  # 职业技能培训补贴
    STARTUP_LOAN = "startup_loan"  # 创业担保贷款
    CAREER_GUIDANCE = "career_guidance"  # 求职指导
    EMPLOYMENT_SUBSIDY = "employment_subsidy"  # 就业补贴（灵活就业、吸纳就业）
    LABOUR_RIGHTS = "labour_rights"  # 劳动权益（工资、合同、休息）
    SKILLS_RATING = "skills_rating"  # 职业技能等级认定


class PolicyStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PolicyArticle(Base):
    """One article: a title, a Markdown body, its tags and the last day it holds.

    ``valid_until`` is a day in the bureau's time zone, the last one on which the
    article is current; ``None`` means it has no end date.
    """

    __tablename__ = "policy_article"
    __table_args__ = (enum_check("status", PolicyStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PolicyStatus.DRAFT)
    valid_until: Mapped[date | None]
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)

    author: Mapped[User | None] = relationship()
    tag_rows: Mapped[list[PolicyArticleTag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="PolicyArticleTag.tag"
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def is_published(self) -> bool:
        return self.status == PolicyStatus.PUBLISHED

    def is_expired(self, today: date) -> bool:
        """Past its last day (``today`` in the bureau's time zone)."""
        return self.valid_until is not None and self.valid_until < today


class PolicyArticleTag(Base):
    """One tag of one article (an article has one or more)."""

    __tablename__ = "policy_article_tag"
    __table_args__ = (enum_check("tag", PolicyTag),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("policy_article.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(24), primary_key=True, index=True)

    article: Mapped[PolicyArticle] = relationship(back_populates="tag_rows")
