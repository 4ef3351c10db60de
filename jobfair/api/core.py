"""What every API blueprint shares: the Api object, token authentication with
scopes, the language of the answer, pagination links, ETags and problems."""

from __future__ import annotations

import functools
import hashlib
import http
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from apispec.utils import build_reference
from babel import Locale
from flask import Response, current_app, g, json, request
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from jobfair.i18n import gettext as _

from ..access import client_ip
from ..errors import DomainError, ValidationFailed, retry_after_headers
from ..extensions import Page, db, limiter, login_manager
from ..services import api_tokens, unit_of_work
from .problems import PROBLEM, problem

PER_PAGE_MAX = 100


class ProblemField(Schema):
    field = fields.String(required=True)
    message = fields.String(required=True)


class ProblemSchema(Schema):
    """An error (RFC 9457): the same words as the web page would show."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.List(fields.Nested(ProblemField))


class Api(SmorestApi):
    """flask-smorest's Api whose error responses are problem+json, documented so,
    and whose error handlers stay on the API's own blueprints (the web keeps its
    HTML error pages)."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def _register_error_handlers(self) -> None:
        pass  # see register_handlers(): per blueprint

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


# -- language ------------------------------------------------------------------------------


def choose_language() -> None:
    """Answer in the language ``Accept-Language`` asks for (Chinese unless English
    comes first); the web's ``?lang=`` and session choice do not apply here."""
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN")
    chosen = "en" if best.startswith("en") else "zh_Hans_CN"
    # Flask-Babel keeps the request's locale here (flask_babel.get_locale)
    g._flask_babel = SimpleNamespace(babel_locale=Locale.parse(chosen))


# -- errors ----------------------------------------------------------------------------------


def _http_problem(error: HTTPException) -> Response:
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if code == 422 and messages:  # webargs/marshmallow: {location: {field: [messages]}}
        errors: dict[str, str] = {}
        for where in messages.values():
            errors.update(_flatten(where))
        return problem(422, _("提交的内容不符合要求。"), errors)
    headers = {}
    valid = getattr(error, "valid_methods", None)
    if code == 405 and valid:
        headers["Allow"] = ", ".join(valid)
    detail = None
    if code == 429:
        detail = _("操作过于频繁，请稍后再试。")
    elif code == 404:
        detail = _("您要找的资源不存在。")
    elif code == 405:
        detail = _("不支持此操作。")
    return problem(code, detail, headers=headers)


def _type_messages() -> dict[str, str]:
    """marshmallow's own messages (type errors, before any rule) in the answer's language."""
    return {
        "Missing data for required field.": _("此项必填。"),
        "Field may not be null.": _("此项必填。"),
        "Not a valid integer.": _("请填写整数。"),
        "Not a valid string.": _("请填写文字。"),
        "Not a valid boolean.": _("请填写 true 或 false。"),
        "Not a valid list.": _("请填写列表。"),
        "Not a valid datetime.": _("请填写合理的日期和时间。"),
        "Not a valid date.": _("请填写合理的日期和时间。"),
        "Unknown field.": _("不认识的字段。"),
        "Invalid input type.": _("提交的内容不符合要求。"),
    }


def _flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        words = _type_messages()
        out[prefix or "body"] = "; ".join(words.get(m, m) for m in messages)
    elif isinstance(messages, list):
        for i, value in enumerate(messages):
            out.update(_flatten(value, f"{prefix}.{i}"))
    else:
        out[prefix or "body"] = str(messages)
    return out


def _domain_problem(error: DomainError) -> Response:
    db.session.rollback()
    if isinstance(error, ValidationFailed):
        return problem(422, error.message, error.errors)
    headers = retry_after_headers(error)
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="jobfair"'
    elif getattr(error, "scope", None):
        headers["WWW-Authenticate"] = (
            f'Bearer realm="jobfair", error="insufficient_scope", scope="{error.scope}"'
        )
    return problem(error.status_code, error.message, headers=headers)


def _unexpected_problem(error: Exception) -> Response:
    """Anything else: the app's own handler decides (it logs, rolls back, tells a
    database outage, 503 with Retry-After, from a bug, 500); the body becomes a problem."""
    handlers = current_app.error_handler_spec[None][None]
    handler = next(
        (handlers[cls] for cls in type(error).__mro__ if cls in handlers and cls is not object),
        None,
    )
    if handler is None:
        db.session.rollback()
        return problem(500)
    result = handler(error)
    code = result[1] if isinstance(result, tuple) else getattr(result, "status_code", 500)
    headers = dict(result[2]) if isinstance(result, tuple) and len(result) > 2 else {}
    return problem(int(code), headers={k: v for k, v in headers.items() if k == "Retry-After"})


def rate_limit_key() -> str:
    """Per token (its hash, so the limit holds before the token is even looked up);
    calls without a token share their address's allowance."""
    header = request.headers.get("Authorization", "")
    kind, _sep, secret = header.partition(" ")
    if kind.lower() == "bearer" and secret.strip():
        return "api-token:" + hashlib.sha256(secret.strip().encode()).hexdigest()[:32]
    return "api-ip:" + client_ip()


def rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "120 per minute")


def rate_limit_headers(response):
    """RateLimit-Limit/-Remaining/-Reset (draft-ietf-httpapi-ratelimit-headers) and,
    on a 429, Retry-After in seconds."""
    current = limiter.current_limit
    if current is None:
        return response
    reset = max(0, int(current.reset_at - time.time()))
    response.headers["RateLimit-Limit"] = str(current.limit.amount)
    response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
    response.headers["RateLimit-Reset"] = str(reset)
    response.headers["RateLimit-Policy"] = f"{current.limit.amount};w={current.limit.get_expiry()}"
    if response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, reset))
    return response


def register_handlers(blp: Blueprint) -> None:
    """Problems, language and the per-token rate limit of one API blueprint (once, at
    import: a blueprint cannot change after an app registered it)."""
    blp.register_error_handler(HTTPException, _http_problem)
    blp.register_error_handler(DomainError, _domain_problem)
    blp.register_error_handler(Exception, _unexpected_problem)
    blp.before_request(choose_language)
    limiter.limit(rate_limit, key_func=rate_limit_key)(blp)
    blp.after_request(rate_limit_headers)


# -- tokens ----------------------------------------------------------------------------------


class Unauthorized(DomainError):
    status_code = 401


BEARER = "bearerAuth"


def _token_from_header() -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _sep, secret = header.partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def current_token():
    return g.get("api_token")  # set (or cleared) by every API view's authentication


def current_user_of_token():
    token = g.get("api_token")
    return token.user if token is not None else None


def _authenticate(required: bool) -> None:
    g.api_token = None  # never a token of an earlier request in the same app context
    # Flask-Login's user of this request: never the session cookie's (logs read it)
    g._login_user = login_manager.anonymous_user()
    secret = _token_from_header()
    if secret is None:
        if required:
            raise Unauthorized(_("请在 Authorization 请求头中提供有效的访问令牌（Bearer）。"))
        return
    with unit_of_work():
        token = api_tokens.authenticate(secret, client_ip())
    if token is None:
        raise Unauthorized(_("访问令牌无效、已过期或已被撤销。"))
    g.api_token = token
    g._login_user = token.user


def requires(blp: Blueprint, roles: tuple[str, ...], scope: str) -> Callable:
    """A token of one of ``roles`` holding ``scope``; documented in the spec.

    No token, or a revoked, expired or unknown one: 401. Another role's token, or
    one without the scope: 403. Session cookies never count.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            _authenticate(required=True)
            token = g.api_token
            if token.user.role not in roles:
                raise _forbidden(_("此令牌所属账号的角色不能使用该接口。"))
            if scope not in token.scope_list:
                error = _forbidden(_("此令牌没有“%(scope)s”权限。", scope=scope))
                error.scope = scope
                raise error
            return view(*args, **kwargs)

        wrapped.roles = roles  # read by the access test, as the web's views are
        wrapped.api_scope = scope
        doc = blp.doc(security=[{BEARER: [scope]}])
        return doc(wrapped)

    return decorator


def _forbidden(message: str) -> DomainError:
    from ..errors import NotAllowed

    return NotAllowed(message)


def optional_token(view: Callable) -> Callable:
    """A public operation: no token needed; a token given must be valid."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        _authenticate(required=False)
        return view(*args, **kwargs)

    wrapped.roles = ("anyone",)
    return wrapped


# -- pagination and ETags --------------------------------------------------------------------


class PageArgs(Schema):
    page = fields.Integer(load_default=1, metadata={"minimum": 1})
    per_page = fields.Integer(load_default=20, metadata={"minimum": 1, "maximum": PER_PAGE_MAX})


def clamp_page(args: dict[str, Any], default_per_page: int = 20) -> tuple[int, int]:
    page = args.get("page") or 1
    per_page = args.get("per_page") or default_per_page
    return max(1, min(page, 100_000)), max(1, min(per_page, PER_PAGE_MAX))


def page_body(page: Page, items: list[Any]) -> dict[str, Any]:
    return {
        "items": items,
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }


def link_header(page: Page) -> str:
    """RFC 8288 links to the first, previous, next and last pages, keeping the query."""
    args = {k: v for k, v in request.args.items(multi=True) if k != "page"}

    def url(n: int) -> str:
        return f"{request.base_url}?{urlencode([*args.items(), ('page', n)])}"

    links = [f'<{url(1)}>; rel="first"']
    if page.has_prev:
        links.append(f'<{url(page.page - 1)}>; rel="prev"')
    if page.has_next:
        links.append(f'<{url(page.page + 1)}>; rel="next"')
    links.append(f'<{url(page.pages)}>; rel="last"')
    return ", ".join(links)


def paged(page: Page, items: list[Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    headers = {"Link": link_header(page), "X-Total-Count": str(page.total)}
    return page_body(page, items), 200, headers


def with_etag(body: Any) -> Response:
    """A detail resource with a strong ETag of its JSON; If-None-Match answers 304."""
    data = json.dumps(body, ensure_ascii=False, sort_keys=True)
    tag = hashlib.sha256(data.encode()).hexdigest()[:32]
    if tag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(data, 200, mimetype="application/json")
    response.set_etag(tag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization, Accept-Language"
    return response


def ref(name: str) -> dict[str, str]:
    return build_reference("response", 3, name)
