"""The change log that keeps every worker's in-memory matcher index current."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class IndexChange(Base):
    """A seeker or posting changed (or went away) and must be re-read by every index.

    Written in the same transaction as the change itself, so that no worker can
    see the change without its log entry.
    """

    __tablename__ = "index_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "seeker" | "posting"
    entity_id: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
