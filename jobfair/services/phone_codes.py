"""One-time codes by text message: proof that a person holds a mobile number.

A code has six digits, lasts ``PHONE_CODE_MINUTES`` (5), allows
``PHONE_CODE_TRIES`` (5) wrong tries, can be sent again after
``PHONE_CODE_RESEND_SECONDS`` (60) and at most ``PHONE_CODES_PER_NUMBER_PER_HOUR``
(5) times an hour per number (per address: the views' rate limits). Only an
HMAC of the code is stored. A wrong try is kept even when the request that made
it rolls back.

Sign-up answers the same way for every number: a number that already has an
account is sent a message saying so instead of a code, and the page says
"sent" either way; so the sign-up page does not tell who is registered.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from models import PhoneCode

from .. import validation
from ..clock import now
from ..errors import Throttled, ValidationFailed
from ..extensions import db
from ..sms import gateway
from . import accounts

SIGNUP = "signup"


def _hash(mobile: str, purpose: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def send_signup_code(mobile_typed: str) -> str:
    """Send a sign-up code to the number (or, if it has an account, say so in the
    message instead); returns the cleaned number. Raises ``Throttled`` too early."""
    try:
        mobile = validation.clean_mobile(mobile_typed)
    except ValueError as e:
        raise ValidationFailed({"phone": str(e)}) from None
    config = current_app.config
    at = now()
    last = db.session.scalar(
        select(func.max(PhoneCode.created_at)).where(
            PhoneCode.mobile == mobile, PhoneCode.purpose == SIGNUP
        )
    )
    resend = timedelta(seconds=config["PHONE_CODE_RESEND_SECONDS"])
    if last is not None and at - last < resend:
        wait = math.ceil((last + resend - at).total_seconds())
        raise Throttled(_("验证码已发送，请%(n)d秒后再试。", n=wait), retry_after=wait)
    sent_this_hour = db.session.scalar(
        select(func.count()).where(
            PhoneCode.mobile == mobile,
            PhoneCode.purpose == SIGNUP,
            PhoneCode.created_at >= at - timedelta(hours=1),
        )
    )
    if sent_this_hour >= config["PHONE_CODES_PER_NUMBER_PER_HOUR"]:
        raise Throttled(_("这个号码的验证码发送次数过多，请一小时后再试。"), retry_after=3600)
    code = f"{secrets.randbelow(10**6):06d}"
    registered = accounts.find_user(mobile) is not None
    db.session.add(
        PhoneCode(
            mobile=mobile,
            purpose=SIGNUP,
            # a registered number gets no usable code: its hash is of nothing it was sent
            code_hash=_hash(mobile, SIGNUP, secrets.token_hex(8) if registered else code),
            created_at=at,
            expires_at=at + timedelta(minutes=config["PHONE_CODE_MINUTES"]),
        )
    )
    db.session.flush()
    if registered:
        text = _("【新业态招聘会】这个手机号已经注册过，请直接登录；忘记密码可在登录页找回。")
    else:
        text = _(
            "【新业态招聘会】您的注册验证码是%(code)s，%(n)d分钟内有效。请勿告诉他人。",
            code=code,
            n=config["PHONE_CODE_MINUTES"],
        )
    gateway().send(mobile, text)
    return mobile


def check_code(mobile: str, purpose: str, code: str, consume: bool = True) -> None:
    """Accept the number's latest code for ``purpose``, or raise ``ValidationFailed``
    on the field ``code``. ``consume`` ends the code (a dry run leaves it)."""
    code = validation.clean_text(code).replace(" ", "")
    latest = db.session.scalar(
        select(PhoneCode)
        .where(PhoneCode.mobile == mobile, PhoneCode.purpose == purpose)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc())
        .limit(1)
    )
    if not code:
        raise ValidationFailed({"code": _("请填写短信验证码。")})
    if latest is None or latest.used_at is not None or latest.expires_at < now():
        raise ValidationFailed({"code": _("验证码不正确或已过期，请重新获取。")})
    if latest.tries >= current_app.config["PHONE_CODE_TRIES"]:
        raise ValidationFailed({"code": _("验证码错误次数过多，请重新获取。")})
    if not hmac.compare_digest(latest.code_hash, _hash(mobile, purpose, code)):
        _count_wrong_try(latest.id)
        raise ValidationFailed({"code": _("验证码不正确或已过期，请重新获取。")})
    if consume:
        latest.used_at = now()
        db.session.flush()


def _count_wrong_try(code_id: int) -> None:
    """In its own transaction: the request's rollback must not give the try back."""
    with Session(db.engine) as session, session.begin():
        session.execute(
            update(PhoneCode).where(PhoneCode.id == code_id).values(tries=PhoneCode.tries + 1)
        )
