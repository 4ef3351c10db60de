"""Personal access tokens of the JSON API (``Authorization: Bearer ...``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class ApiToken(Base):
    """A token a user created on the account page; only a hash of it is stored.

    ``scopes`` is a space-separated list ("postings:read candidates:read"). A
    token works until ``expires_at`` or until it is revoked; ``last_used_at``
    is the time of its latest call.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    scopes: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user = relationship("User")

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
