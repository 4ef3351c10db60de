"""Accounts: passwords, logins with throttling, login sessions, staff creation."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session
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


@dataclass(frozen=True)
class ThrottlePolicy:
    """Failed-password limits, after OWASP's authentication guidance.

    No single address can lock an account for its owner: a wrong password from
    one address counts against that (account, address) pair, and against the
    address across all accounts (set high: a fair's kiosks share one address).
    Guessing one account from many addresses is bounded by a larger account-wide
    count in which every other address weighs at most ``per_pair`` failures;
    past it each further try waits a delay that doubles up to ``max_delay``.
    """

    per_pair: int
    per_address: int
    window: timedelta
    account_free: int
    account_window: timedelta
    base_delay: timedelta
    max_delay: timedelta

    @classmethod
    def from_config(cls, config) -> ThrottlePolicy:
        return cls(
            per_pair=config["LOGIN_FAILURES_PER_PAIR"],
            per_address=config["LOGIN_FAILURES_PER_ADDRESS"],
            window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
            account_free=config["LOGIN_FAILURES_PER_ACCOUNT"],
            account_window=timedelta(hours=config["LOGIN_ACCOUNT_WINDOW_HOURS"]),
            base_delay=timedelta(seconds=config["LOGIN_ACCOUNT_BASE_DELAY_SECONDS"]),
            max_delay=timedelta(minutes=config["LOGIN_ACCOUNT_MAX_DELAY_MINUTES"]),
        )

    def account_delay(self, weighed_failures: int) -> timedelta:
        """How long after the last failure the next try must wait (zero below the limit)."""
        over = weighed_failures - self.account_free
        if over < 0:
            return timedelta(0)
        return min(self.max_delay, self.base_delay * 2 ** min(over, 20))


def password_retry_after(ident: str, ip: str, now: datetime | None = None) -> timedelta:
    """How long ``ip`` must wait before it may try a password for ``ident`` (zero: now)."""
    policy = ThrottlePolicy.from_config(current_app.config)
    now = now or datetime.now(UTC)
    waits = [timedelta(0)]
    pair = list(
        db.session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.identifier == ident,
                LoginAttempt.ip == ip,
                LoginAttempt.at >= now - policy.window,
            )
            .order_by(LoginAttempt.at.desc())
            .limit(policy.per_pair)
        )
    )
    if len(pair) >= policy.per_pair:  # free again when the oldest of the last N leaves the window
        waits.append(_as_utc(pair[-1]) + policy.window - now)
    from_address = (
        db.session.scalar(
            select(func.min(LoginAttempt.at)).where(
                LoginAttempt.ip == ip, LoginAttempt.at >= now - policy.window
            ).having(func.count() >= policy.per_address)
        )
    )
    if from_address is not None:
        waits.append(_as_utc(from_address) + policy.window - now)
    by_address = db.session.execute(
        select(LoginAttempt.ip, func.count(), func.max(LoginAttempt.at))
        .where(LoginAttempt.identifier == ident, LoginAttempt.at >= now - policy.account_window)
        .group_by(LoginAttempt.ip)
    ).all()
    weighed = sum(min(n, policy.per_pair) for addr, n, _last in by_address if addr != ip)
    delay = policy.account_delay(weighed)
    if delay and by_address:
        last = max(_as_utc(row[2]) for row in by_address)
        waits.append(last + delay - now)
    return max(waits)


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _refuse_if_throttled(ident: str, ip: str, now: datetime) -> None:
    wait = password_retry_after(ident, ip, now)
    if wait > timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        raise Throttled(
            _("登录失败次数过多，请%(n)d分钟后再试。", n=max(1, math.ceil(seconds / 60))),
            retry_after=seconds,
        )


def _record_failure(ident: str, ip: str, now: datetime) -> None:
    """Keep a failed try in its own transaction: the request's rollback must not erase it."""
    with Session(db.engine) as session, session.begin():
        session.add(LoginAttempt(identifier=ident[:254], ip=ip[:45], at=now))


def check_password(user: User | None, ident: str, password: str, ip: str) -> bool:
    """Check a password through the failed-login throttle (login, delete, change, reset).

    Raises ``Throttled`` while the limits of :class:`ThrottlePolicy` hold;
    records a failure; returns whether the password was right.
    """
    now = datetime.now(UTC)
    _refuse_if_throttled(ident, ip, now)
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if not ok or user is None:
        _record_failure(ident, ip, now)
        return False
    db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.identifier == ident, LoginAttempt.ip == ip)
    )
    return True


def login_identifier(user: User) -> str:
    """The name failures of ``user``'s password are counted under."""
    return user.phone or user.email or f"user:{user.id}"


def authenticate(
    identifier: str, password: str, ip: str, roles: tuple[str, ...] | None = None
) -> User:
    """Return the user for these credentials, or raise (``Throttled`` past the limits)."""
    ident = normalise_identifier(identifier)
    user = find_user(ident)
    ok = check_password(user, ident, password, ip)
    if not ok or user is None or not user.active or (roles and user.role not in roles):
        raise DomainError(_("账号或密码不正确。"), field="password")
    user.last_login_at = datetime.now(UTC)
    db.session.flush()
    return user


def start_login_session(user: User, ip: str | None) -> str:
    """Create a new login session (a fresh identifier at every login)."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(id=token, user_id=user.id, ip=(ip or "")[:45]))
    db.session.flush()
    user.login_token = token
    return token


def end_login_session(token: str | None) -> None:
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.id == token))
        db.session.flush()


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
        display_name=validation.clean_one(display_name, "display_name", 64, required=True),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(None, "account.create_staff", "user", user.id, {"role": role})
    db.session.flush()
    return user


def setup_token_user(token: str) -> User | None:
    """The user a one-time password link (a kiosk slip's QR code) is for, while it is
    unused and unexpired; else None."""
    from models import PasswordSetupToken

    from .kiosk import hash_token

    row = db.session.scalar(
        select(PasswordSetupToken).where(PasswordSetupToken.token_hash == hash_token(token or ""))
    )
    if row is None or row.used_at is not None or row.expires_at < datetime.now(UTC):
        return None
    return db.session.get(User, row.user_id)


def set_first_password(token: str, password: str) -> User:
    """Use a one-time link: set the password, end the link and every other link."""
    from models import PasswordSetupToken

    user = setup_token_user(token)
    if user is None or not user.active:
        raise DomainError(_("这个链接已失效。请到服务台重新打印小票，或用手机号登录。"))
    check_password_rules(password)
    user.password_hash = hash_password(password)
    db.session.execute(
        update(PasswordSetupToken)
        .where(PasswordSetupToken.user_id == user.id, PasswordSetupToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    )
    audit.record(user, "account.first_password", "user", user.id)
    db.session.flush()
    return user
