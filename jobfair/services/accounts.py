"""Accounts: passwords, logins with throttling, login sessions, staff creation."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from models import LoginAttempt, LoginSession, Role, User

from .. import validation
from ..errors import DomainError, Throttled, ValidationFailed
from ..extensions import db
from . import audit

MIN_PASSWORD_LENGTH = 8
# A hash to compare against when the account does not exist, so that the
# response time does not reveal which numbers are registered.
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed({field: _("密码至少%(n)d位。", n=MIN_PASSWORD_LENGTH)})
    if password.isdigit() and len(set(password)) <= 2:
        raise ValidationFailed({field: _("密码过于简单，请不要使用重复数字。")})


def normalise_identifier(identifier: str) -> str:
    """A login name: a mobile number in its 11-digit form, or a lower-case email."""
    text = (identifier or "").strip()
    if "@" in text:
        return text.lower()
    try:
        return validation.clean_mobile(text)
    except ValueError:
        return text


def find_user(identifier: str) -> User | None:
    ident = normalise_identifier(identifier)
    if not ident:
        return None
    return db.session.scalar(select(User).where(or_(User.phone == ident, User.email == ident)))


def _recent_failures(column, value: str, since: datetime) -> int:
    stmt = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(column == value, LoginAttempt.at >= since)
    )
    return db.session.scalar(stmt) or 0


def authenticate(
    identifier: str, password: str, ip: str, roles: tuple[str, ...] | None = None
) -> User:
    """Return the user for these credentials, or raise.

    Failed attempts are counted per account identifier and per client address
    within a window; past the limit every attempt is refused, right or wrong,
    until the window has passed.
    """
    config = current_app.config
    ident = normalise_identifier(identifier)
    now = datetime.now(UTC)
    since = now - timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"])
    if (
        _recent_failures(LoginAttempt.identifier, ident, since)
        >= config["LOGIN_FAILURES_PER_ACCOUNT"]
        or _recent_failures(LoginAttempt.ip, ip, since) >= config["LOGIN_FAILURES_PER_ADDRESS"]
    ):
        raise Throttled(
            _("登录失败次数过多，请%(n)d分钟后再试。", n=config["LOGIN_FAILURE_WINDOW_MINUTES"])
        )
    user = find_user(ident)
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if not ok or user is None or not user.active or (roles and user.role not in roles):
        db.session.add(LoginAttempt(identifier=ident[:254], ip=ip[:45], at=now))
        db.session.commit()
        raise DomainError(_("账号或密码不正确。"), field="password")
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.identifier == ident))
    user.last_login_at = now
    db.session.commit()
    return user


def start_login_session(user: User, ip: str | None) -> str:
    """Create a new login session (a fresh identifier at every login)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=token, user_id=user.id, ip=(ip or "")[:45]))
    db.session.commit()
    user.login_token = token
    return token


def end_login_session(token: str | None) -> None:
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.id == token))
        db.session.commit()


def user_for_login_session(token: str) -> User | None:
    """Flask-Login's loader: the user of a live login session, or None."""
    row = db.session.get(LoginSession, token)
    if row is None or not row.user.active:
        return None
    if datetime.now(UTC) - row.created_at > timedelta(
        seconds=current_app.config["PERMANENT_SESSION_LIFETIME"]
    ):
        return None
    row.user.login_token = token
    return row.user


def create_staff_user(
    email: str, password: str, display_name: str, role: str = Role.STAFF, phone: str | None = None
) -> User:
    """Create a staff or admin account (only through the flask command)."""
    if role not in (Role.STAFF, Role.ADMIN):
        raise DomainError(_("只能创建工作人员或管理员账号。"))
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ValidationFailed({"email": _("请填写有效的邮箱地址。")})
    check_password_rules(password)
    if find_user(email) or (phone and find_user(phone)):
        raise ValidationFailed({"email": _("该账号已存在。")})
    user = User(
        role=role,
        email=email,
        phone=validation.clean_mobile(phone) if phone else None,
        password_hash=hash_password(password),
        display_name=display_name,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(None, "account.create_staff", "user", user.id, {"role": role})
    db.session.commit()
    return user
