"""Accounts, login sessions and login attempts."""

from __future__ import annotations

import enum
import typing as t
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_check, utcnow

if t.TYPE_CHECKING:
    from .employer import EmployerMember
    from .seeker import SeekerProfile


class Role(enum.StrEnum):
    SEEKER = "seeker"
    EMPLOYER = "employer"
    STAFF = "staff"
    ADMIN = "admin"


class User(Base):
    """Anyone who can log in. Seekers log in with a mobile number, others with
    an email address or a mobile number."""

    __tablename__ = "user"
    __table_args__ = (enum_check("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    phone: Mapped[str | None] = mapped_column(String(11), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    # staff only: may export names and phone numbers (create-staff --can-export, or an admin).
    # A server default, so that rows written without it (older code, raw inserts) hold False.
    can_export: Mapped[bool] = mapped_column(server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    seeker_profile: Mapped[SeekerProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    membership: Mapped[EmployerMember | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Flask-Login's protocol, duck-typed so that models never import Flask.
    # ``login_token`` is set by the auth service to the login session's id.
    login_token = None
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.login_token

    @property
    def employer_id(self) -> int | None:
        return self.membership.employer_id if self.membership else None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(Base):
    """One login on one browser. Its random id is the session identifier kept in
    the signed cookie; logging out deletes the row, so a copied cookie is dead."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship(back_populates="login_sessions")


class LoginAttempt(Base):
    """A failed login, counted per account identifier and per address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_identifier_at", "identifier", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(default=utcnow)
