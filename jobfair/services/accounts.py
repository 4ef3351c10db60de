"""Accounts: passwords, logins with throttling, login sessions, staff creation."""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from jobfair.i18n import gettext as _
from models import LoginAttempt, LoginSession, Role, User

from .. import clock, validation
from ..errors import ConcurrentChange, DomainError, Throttled, ValidationFailed
from ..extensions import db
from . import audit

MIN_PASSWORD_LENGTH = 8
# what a one-time password link (models.PasswordSetupToken.purpose) is for
FIRST_PASSWORD = "first_password"
PASSWORD_RESET = "password_reset"
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
    try:
        ok = check_password(user, ident, password, ip)
    except Throttled:
        _audit_refused_login("account.lockout", user, ident, ip)
        raise
    if not ok or user is None or not user.active or (roles and user.role not in roles):
        _audit_refused_login("account.login_failed", user, ident, ip)
        raise DomainError(_("账号或密码不正确。"), field="password")
    user.last_login_at = datetime.now(UTC)
    audit.record(user, "account.login", "user", user.id, {}, ip)
    db.session.flush()
    return user


def _audit_refused_login(action: str, user: User | None, ident: str, ip: str) -> None:
    """A failed or throttled login stays in the audit log though its request rolls back;
    an unknown login name only masked (it may be a password typed in the wrong field)."""
    detail = {} if user else {"login": audit.mask_login(ident)}
    audit.record_apart(None, None, action, "user", user.id if user else None, detail, ip)


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
    # one query for both rows: this runs on every request of a signed-in user
    row = db.session.get(LoginSession, token, options=[joinedload(LoginSession.user)])
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


#: Used and expired one-time links are kept this long (a question at the help desk
#: about a slip can still be answered), then deleted by the nightly job.
SPENT_LINKS_KEPT = timedelta(days=30)


def prune_spent_links(kept: timedelta = SPENT_LINKS_KEPT) -> int:
    """Delete the one-time password links used or expired more than ``kept`` ago
    (kiosk slips, mailed resets); return how many. Links still usable are never
    touched."""
    from models import PasswordSetupToken

    cutoff = clock.now() - kept
    result = db.session.execute(
        delete(PasswordSetupToken).where(
            or_(PasswordSetupToken.used_at < cutoff, PasswordSetupToken.expires_at < cutoff)
        )
    )
    return result.rowcount or 0


def setup_token_user(token: str, purpose: str = FIRST_PASSWORD) -> User | None:
    """The user a one-time password link for ``purpose`` (a kiosk slip's QR code, a
    mailed reset link) is for, while it is unused and unexpired; else None."""
    from models import PasswordSetupToken

    from .kiosk import hash_token

    row = db.session.scalar(
        select(PasswordSetupToken).where(PasswordSetupToken.token_hash == hash_token(token or ""))
    )
    if row is None or row.purpose != purpose or row.used_at is not None:
        return None
    if row.expires_at < clock.now():
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


# -- recovering and changing an account -----------------------------------------------------
# A forgotten password is reset with a code texted to the account's mobile number or a
# link mailed to its address; a logged-in person changes the password or the mobile.
# Pages that take a mobile number or an address answer the same for every one of them.

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _new_password_errors(password: str, password2: str) -> dict[str, str]:
    """Errors of a new password typed twice (the fields ``password`` and ``password2``)."""
    try:
        check_password_rules(password)
    except ValidationFailed as e:
        return dict(e.errors)
    if not password2:
        return {"password2": _("请再输入一次新密码。")}
    if password != password2:
        return {"password2": _("两次输入的密码不一致。")}
    return {}


def end_login_sessions(user: User, keep: str | None = None) -> int:
    """End every login session of ``user`` except ``keep``; returns how many ended."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        stmt = stmt.where(LoginSession.id != keep)
    ended = db.session.execute(stmt).rowcount or 0
    db.session.flush()
    return ended


def _set_new_password(user: User, password: str, keep_session: str | None = None) -> int:
    """Set the password and end what the old one opened: the login sessions (but
    ``keep_session``), unused password links and counted failures. Returns the
    number of login sessions ended."""
    from models import PasswordSetupToken

    user.password_hash = hash_password(password)
    db.session.execute(
        update(PasswordSetupToken)
        .where(PasswordSetupToken.user_id == user.id, PasswordSetupToken.used_at.is_(None))
        .values(used_at=clock.now())
    )
    names = [name for name in (user.phone, user.email) if name] + [f"user:{user.id}"]
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.identifier.in_(names)))
    return end_login_sessions(user, keep=keep_session)


def reset_password_with_code(
    mobile_typed: str,
    code: str,
    password: str,
    password2: str,
    ip: str | None = None,
    dry_run: bool = False,
) -> User | None:
    """A forgotten password, proven by the code texted to the account's mobile.

    Only a number with an account was texted a usable code, so a wrong number
    and a wrong code get the same answer. Ends every login session of the account.
    ``dry_run`` reports every error and changes nothing (the code stays usable).
    """
    from . import phone_codes

    errors: dict[str, str] = {}
    mobile = None
    try:
        mobile = validation.clean_mobile(mobile_typed)
    except ValueError as e:
        errors["phone"] = str(e)
    errors.update(_new_password_errors(password, password2))
    user = None
    if mobile:
        try:
            phone_codes.check_code(
                mobile, phone_codes.PASSWORD_RESET, code, consume=not (errors or dry_run)
            )
        except ValidationFailed as e:
            errors.update(e.errors)
        else:
            user = find_user(mobile)
            if user is None or not user.active:  # gone since the code was sent
                errors["code"] = _("验证码不正确或已过期，请重新获取。")
    if errors:
        raise ValidationFailed(errors)
    if dry_run or user is None:
        return None
    ended = _set_new_password(user, password)
    audit.record(
        user, "account.password_reset", "user", user.id, {"via": "sms", "sessions_ended": ended}, ip
    )
    db.session.flush()
    return user


def send_reset_link(email_typed: str, link_for: Callable[[str], str], ip: str | None = None) -> str:
    """Mail a one-time link to set a new password to the address, if an active
    account has it; returns the cleaned address. Says nothing about the account:
    an unknown address, or one sent a link under ``PHONE_CODE_RESEND_SECONDS`` ago or
    ``PASSWORD_RESET_LINKS_PER_HOUR`` times in the hour, quietly gets no mail.
    ``link_for(token)`` makes the link."""
    from models import PasswordSetupToken

    from .. import mail
    from . import kiosk

    email = (email_typed or "").strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise ValidationFailed({"email": _("请填写有效的邮箱地址。")})
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        return email
    config = current_app.config
    at = clock.now()
    recent = list(
        db.session.scalars(
            select(PasswordSetupToken.created_at).where(
                PasswordSetupToken.user_id == user.id,
                PasswordSetupToken.purpose == PASSWORD_RESET,
                PasswordSetupToken.created_at >= at - timedelta(hours=1),
            )
        )
    )
    too_soon = recent and at - max(recent) < timedelta(seconds=config["PHONE_CODE_RESEND_SECONDS"])
    if too_soon or len(recent) >= config["PASSWORD_RESET_LINKS_PER_HOUR"]:
        return email
    minutes = config["PASSWORD_RESET_LINK_MINUTES"]
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordSetupToken(
            token_hash=kiosk.hash_token(token),
            user_id=user.id,
            purpose=PASSWORD_RESET,
            created_at=at,
            expires_at=at + timedelta(minutes=minutes),
        )
    )
    audit.record(None, "account.reset_link_sent", "user", user.id, {}, ip)
    db.session.flush()
    mail.gateway().send(
        email,
        _("【新业态招聘会】重设密码"),
        _(
            "%(name)s，您好：\n\n有人（希望是您本人）申请重设您在新业态招聘会的账号密码。"
            "请在%(n)d分钟内打开下面的链接设置新密码，链接只能用一次：\n\n%(link)s\n\n"
            "如果不是您本人操作，请忽略这封邮件，您的密码不会改变。",
            name=user.display_name,
            n=minutes,
            link=link_for(token),
        ),
    )
    return email


def reset_password_with_link(
    token: str, password: str, password2: str, ip: str | None = None
) -> User:
    """Use a mailed link: set the new password, end the link and every login session."""
    user = setup_token_user(token, PASSWORD_RESET)
    if user is None or not user.active:
        raise DomainError(
            _(
                "这个链接已失效（链接只能用一次，%(n)d分钟内有效）。请重新找回密码。",
                n=current_app.config["PASSWORD_RESET_LINK_MINUTES"],
            )
        )
    errors = _new_password_errors(password, password2)
    if errors:
        raise ValidationFailed(errors)
    ended = _set_new_password(user, password)
    audit.record(
        user,
        "account.password_reset",
        "user",
        user.id,
        {"via": "email", "sessions_ended": ended},
        ip,
    )
    db.session.flush()
    return user


def change_password(
    user: User,
    current: str,
    password: str,
    password2: str,
    ip: str,
    keep_session: str | None,
) -> int:
    """Change the password of a logged-in person, proven by the current one (through
    the failed-login throttle). Every other login session ends; ``keep_session``, the
    one making the change, stays. Returns how many sessions ended."""
    errors = _new_password_errors(password, password2)
    if not current:
        errors["current_password"] = _("请填写当前密码。")
    elif not check_password(user, login_identifier(user), current, ip):
        errors["current_password"] = _("当前密码不正确。")
    elif not errors and password == current:
        errors["password"] = _("新密码不能和当前密码相同。")
    if errors:
        raise ValidationFailed(errors)
    ended = _set_new_password(user, password, keep_session=keep_session)
    audit.record(user, "account.password_change", "user", user.id, {"sessions_ended": ended}, ip)
    db.session.flush()
    return ended


def change_mobile(user: User, mobile_typed: str, code: str, password: str, ip: str) -> str:
    """Move the account to a new mobile number, proven by the code texted to it and
    the current password; returns the new number. For seekers it is the login too.

    Whether the new number already has an account is said only once its code and
    the password are proven, so the page tells no one else who is registered.
    Login sessions stay; the old number is texted that the account moved.
    """
    from .. import sms
    from . import live_index, phone_codes
    from .privacy import mask_phone

    errors: dict[str, str] = {}
    mobile = None
    try:
        mobile = validation.clean_mobile(mobile_typed)
    except ValueError as e:
        errors["phone"] = str(e)
    else:
        if mobile == user.phone:
            errors["phone"] = _("这就是您现在的手机号。")
    # the code is checked before the password: a wrong try of either is kept in a
    # transaction of its own, which must come before this request writes anything
    proven = False
    if mobile and "phone" not in errors:
        try:
            phone_codes.check_code(mobile, phone_codes.CHANGE_MOBILE, code, consume=False)
            proven = True
        except ValidationFailed as e:
            errors.update(e.errors)
    if not password:
        errors["password"] = _("请填写当前密码。")
    elif not check_password(user, login_identifier(user), password, ip):
        errors["password"] = _("密码不正确。")
    if proven and not errors and find_user(mobile) is not None:
        errors["phone"] = _(
            "这个手机号已经注册了另一个账号，不能换到这里。请用它登录那个账号，或到就业服务机构处理。"
        )
    if errors:
        raise ValidationFailed(errors)
    phone_codes.check_code(mobile, phone_codes.CHANGE_MOBILE, code)  # now use it up
    old = user.phone
    user.phone = mobile
    try:
        db.session.flush()
    except IntegrityError as e:  # taken a moment ago by another account
        raise ConcurrentChange(_("这个手机号刚刚被另一个账号使用，请换一个号码。")) from e
    if user.seeker_profile is not None:  # the kiosk finds people by their mobile
        live_index.seeker_changed(user.seeker_profile.id)
    audit.record(
        user,
        "account.mobile_change",
        "user",
        user.id,
        {"from": mask_phone(old), "to": mask_phone(mobile)},
        ip,
    )
    db.session.flush()
    if old:
        sms.gateway().send(
            old,
            _(
                "【新业态招聘会】您账号的手机号已换成%(to)s。"
                "如果不是您本人操作，请尽快联系就业服务机构。",
                to=mask_phone(mobile),
            ),
        )
    return mobile


def other_login_sessions(user: User, keep: str | None) -> int:
    """How many login sessions of ``user`` there are besides ``keep`` (this browser's)."""
    return db.session.scalar(
        select(func.count())
        .select_from(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.id != (keep or ""))
    )
