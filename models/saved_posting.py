"""A posting a seeker saved to look at again ("收藏的岗位")."""

from __future__ import annotations

import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if t.TYPE_CHECKING:
    from .posting import Posting


class SavedPosting(Base):
    """One seeker saved one posting, once.

    Both foreign keys cascade: the row goes with the seeker's account (it is
    personal data) and with the posting. The unique constraint leads with
    ``seeker_id``, so it is also the index for the seeker's list and its cascade.
    """

    __tablename__ = "saved_posting"
    __table_args__ = (UniqueConstraint("seeker_id", "posting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seeker_profile.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    posting: Mapped[Posting] = relationship()

    def __repr__(self) -> str:
        return f"<SavedPosting {self.seeker_id}:{self.posting_id}>"
