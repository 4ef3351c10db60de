"""Personal access tokens of the JSON API: who may hold which scope, creating,
listing, revoking, and recognising a token on a call.

A token is ``jf_`` and 40 random characters; only its SHA-256 is stored, so it is
shown once, when it is made. A token acts as its user with the user's role, and
only within its scopes: a scope a role may not use can never be granted.

The audit log records a token's creation and revocation, and its use: the first
call of each day (bureau time) per token, so that an integration calling every
minute adds one entry a day, not 1,440. ``last_used_at`` is kept to the minute.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from jobfair.i18n import gettext as _
from jobfair.i18n import lazy_gettext as _l
from models import ApiToken, Role, User

from .. import clock
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from . import audit

PREFIX = "jf_"
NAME_LIMIT = 60
MAX_TOKENS = 20  # live ones per user
LIFETIMES = (7, 30, 90, 365)  # days a token may live, as offered on the page
LAST_USED_GRANULARITY = timedelta(minutes=1)

#: Every scope and what it lets a token do.
SCOPES = {
    "profile:read": _l("读取本人求职资料"),
    "profile:write": _l("修改本人求职资料"),
    "recommendations:read": _l("读取为本人推荐的岗位及理由"),
    "applications:read": _l("读取本人的申请和招聘会报名"),
    "applications:write": _l("申请、撤回申请，报名和取消报名招聘会"),
    "postings:read": _l("读取本单位的岗位"),
    "postings:write": _l("发布、修改和关闭本单位的岗位"),
    "candidates:read": _l("读取本单位岗位的推荐人选"),
    "applicants:read": _l("读取本单位岗位的申请人"),
    "applicants:write": _l("处理本单位岗位的申请（推进流程）"),
    "booths:write": _l("申请招聘会展位"),
    "employers:review": _l("审核单位注册"),
    "checkins:read": _l("读取招聘会签到"),
    "checkins:write": _l("为求职者办理招聘会签到"),
    "statistics:read": _l("读取招聘会统计"),
}

#: The scopes each role may grant its tokens: what the role may do on the web.
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    Role.SEEKER: (
        "profile:read", "profile:write", "recommendations:read",
        "applications:read", "applications:write",
    ),
    Role.EMPLOYER: (
        "postings:read", "postings:write", "candidates:read",
        "applicants:read", "applicants:write", "booths:write",
    ),
    Role.STAFF: ("employers:review", "checkins:read", "checkins:write", "statistics:read"),
    Role.ADMIN: ("employers:review", "checkins:read", "checkins:write", "statistics:read"),
}  # fmt: skip


def scopes_for(user: User) -> tuple[str, ...]:
    return ROLE_SCOPES.get(user.role, ())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once


def create_token(
    user: User, name: str, scopes: list[str], days: int | None, ip: str | None = None
) -> NewToken:
    """A new token for ``user``; every field's error at once."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("请填写令牌名称。")
    elif len(name) > NAME_LIMIT:
        errors["name"] = _("名称不能超过%(n)d个字。", n=NAME_LIMIT)
    allowed = scopes_for(user)
    wanted = list(dict.fromkeys(scopes or []))
    if not wanted:
        errors["scopes"] = _("请至少选择一项权限。")
    elif any(s not in allowed for s in wanted):
        errors["scopes"] = _("您的账号不能授予所选的某项权限。")
    if days not in LIFETIMES:
        errors["days"] = _("请选择列表中的有效期。")
    if not errors and len(live_tokens(user)) >= MAX_TOKENS:
        errors["name"] = _("有效的令牌最多%(n)d个，请先撤销不用的令牌。", n=MAX_TOKENS)
    if errors:
        raise ValidationFailed(errors)
    secret = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken(
        token_hash=hash_token(secret),
        user_id=user.id,
        name=name,
        scopes=" ".join(s for s in allowed if s in wanted),
        expires_at=clock.now() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        user, "api_token.create", "api_token", token.id,
        {"name": name, "scopes": token.scopes, "days": days}, ip,
    )  # fmt: skip
    return NewToken(token, secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too)."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def is_live(token: ApiToken, at: datetime | None = None) -> bool:
    return token.revoked_at is None and token.expires_at > (at or clock.now())


def live_tokens(user: User) -> list[ApiToken]:
    return [t for t in tokens_of(user) if is_live(t)]


def revoke_token(user: User, token_id: int, ip: str | None = None) -> ApiToken:
    """Revoke one of the user's own tokens (someone else's is not found)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("没有找到该令牌。"))
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit.record(user, "api_token.revoke", "api_token", token.id, {"name": token.name}, ip)
        db.session.flush()
    return token


def authenticate(secret: str, ip: str | None = None) -> ApiToken | None:
    """The live token ``secret`` is, with its active user, or None. Notes its use."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not is_live(token) or not token.user.is_active:
        return None
    _note_use(token, ip)
    return token


def _note_use(token: ApiToken, ip: str | None) -> None:
    at = clock.now()
    last = token.last_used_at
    if last is not None and at - last < LAST_USED_GRANULARITY:
        return
    zone = clock.bureau_zone()
    if last is None or last.astimezone(zone).date() != at.astimezone(zone).date():
        detail: dict[str, Any] = {"name": token.name, "first": last is None}
        audit.record(token.user, "api_token.use", "api_token", token.id, detail, ip)
    token.last_used_at = at
    db.session.flush()
