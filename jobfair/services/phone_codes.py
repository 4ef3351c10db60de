"""One-time codes by text message: proof that a person holds a mobile number.

One implementation for every purpose (:data:`PURPOSES`): sign-up, a forgotten
password, and a change of an account's mobile number. A code has six digits,
lasts ``PHONE_CODE_MINUTES`` (5), allows ``PHONE_CODE_TRIES`` (5) wrong tries,
and a number is texted at most once per ``PHONE_CODE_RESEND_SECONDS`` (60) and
``PHONE_CODES_PER_NUMBER_PER_HOUR`` (5) times an hour, whatever the purpose (per
address: the views' rate limits). Only an HMAC of the code, bound to number and
purpose, is stored. A wrong try is kept even when the request that made it rolls
back.

The pages answer the same way for every number: where a code would tell
something about an account (sign-up to a registered number, a password reset
for a number without an account) the number is texted what it needs to know
instead of a code, a code row that matches nothing is stored all the same, and
the page says "sent" either way. A change of mobile texts a real code to any
number: whether that number is free is said only once the code is proven.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jobfair.i18n import gettext as _
from models import PhoneCode

from .. import clock, validation
from ..errors import Throttled, ValidationFailed
from ..extensions import db
from ..sms import gateway
from . import accounts

SIGNUP = "signup"
PASSWORD_RESET = "password_reset"
CHANGE_MOBILE = "change_mobile"
PURPOSES = (SIGNUP, PASSWORD_RESET, CHANGE_MOBILE)


def _hash(mobile: str, purpose: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def _text(purpose: str, mobile: str, code: str) -> tuple[str, bool]:
    """What to text ``mobile`` for ``purpose``, and whether the text carries the code."""
    minutes = current_app.config["PHONE_CODE_MINUTES"]
    user = accounts.find_user(mobile)
    if purpose == SIGNUP and user is not None:
        return _(
            "【新业态招聘会】这个手机号已经注册过，请直接登录；忘记密码可在登录页找回。"
        ), False
    if purpose == PASSWORD_RESET and (user is None or not user.active):
        return _(
            "【新业态招聘会】有人用这个手机号找回密码，但这个号码没有注册账号。"
            "如果不是您本人操作，请忽略。"
        ), False
    if purpose == SIGNUP:
        text = _(
            "【新业态招聘会】您的注册验证码是%(code)s，%(n)d分钟内有效。请勿告诉他人。",
            code=code,
            n=minutes,
        )
    elif purpose == PASSWORD_RESET:
        text = _(
            "【新业态招聘会】您正在找回密码，验证码是%(code)s，%(n)d分钟内有效。请勿告诉他人。",
            code=code,
            n=minutes,
        )
    else:
        text = _(
            "【新业态招聘会】您正在把账号的手机号换成这个号码，验证码是%(code)s，"
            "%(n)d分钟内有效。请勿告诉他人。",
            code=code,
            n=minutes,
        )
    return text, True


def send_code(mobile_typed: str, purpose: str) -> str:
    """Text a code for ``purpose`` to the number (or what it needs to know instead);
    returns the cleaned number. Raises ``ValidationFailed`` on the field ``phone``
    for a number that is not a mainland mobile, ``Throttled`` when it is too early."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    try:
        mobile = validation.clean_mobile(mobile_typed)
    except ValueError as e:
        raise ValidationFailed({"phone": str(e)}) from None
    config = current_app.config
    at = clock.now()
    last = db.session.scalar(
        select(func.max(PhoneCode.created_at)).where(PhoneCode.mobile == mobile)
    )
    resend = timedelta(seconds=config["PHONE_CODE_RESEND_SECONDS"])
    if last is not None and at - last < resend:
        wait = math.ceil((last + resend - at).total_seconds())
        raise Throttled(_("验证码已发送，请%(n)d秒后再试。", n=wait), retry_after=wait)
    sent_this_hour = db.session.scalar(
        select(func.count()).where(
            PhoneCode.mobile == mobile, PhoneCode.created_at >= at - timedelta(hours=1)
        )
    )
    if sent_this_hour >= config["PHONE_CODES_PER_NUMBER_PER_HOUR"]:
        raise Throttled(_("这个号码的验证码发送次数过多，请一小时后再试。"), retry_after=3600)
    code = f"{secrets.randbelow(10**6):06d}"
    text, carries_code = _text(purpose, mobile, code)
    db.session.add(
        PhoneCode(
            mobile=mobile,
            purpose=purpose,
            # a text without a code stores the hash of something never sent: it matches nothing
            code_hash=_hash(mobile, purpose, code if carries_code else secrets.token_hex(8)),
            created_at=at,
            expires_at=at + timedelta(minutes=config["PHONE_CODE_MINUTES"]),
        )
    )
    db.session.flush()
    gateway().send(mobile, text)
    return mobile


def send_signup_code(mobile_typed: str) -> str:
    """:func:`send_code` for sign-up."""
    return send_code(mobile_typed, SIGNUP)


def check_code(mobile: str, purpose: str, code: str, consume: bool = True) -> None:
    """Accept the number's latest code for ``purpose``, or raise ``ValidationFailed``
    on the field ``code``. ``consume`` ends the code (a dry run leaves it)."""
    code = validation.clean_text(code or "").replace(" ", "")
    latest = db.session.scalar(
        select(PhoneCode)
        .where(PhoneCode.mobile == mobile, PhoneCode.purpose == purpose)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc())
        .limit(1)
    )
    if not code:
        raise ValidationFailed({"code": _("请填写短信验证码。")})
    if latest is None or latest.used_at is not None or latest.expires_at < clock.now():
        raise ValidationFailed({"code": _("验证码不正确或已过期，请重新获取。")})
    if latest.tries >= current_app.config["PHONE_CODE_TRIES"]:
        raise ValidationFailed({"code": _("验证码错误次数过多，请重新获取。")})
    if not hmac.compare_digest(latest.code_hash, _hash(mobile, purpose, code)):
        _count_wrong_try(latest.id)
        raise ValidationFailed({"code": _("验证码不正确或已过期，请重新获取。")})
    if consume:
        latest.used_at = clock.now()
        db.session.flush()


def _count_wrong_try(code_id: int) -> None:
    """In its own transaction: the request's rollback must not give the try back."""
    with Session(db.engine) as session, session.begin():
        session.execute(
            update(PhoneCode).where(PhoneCode.id == code_id).values(tries=PhoneCode.tries + 1)
        )
