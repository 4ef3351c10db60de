"""Domain errors raised by services, and the pages/JSON they become."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from werkzeug.exceptions import HTTPException

from jobfair.i18n import gettext as _

from .security import size_text

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain refused the request. ``message`` is for the user."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    """Input broke one or more rules; ``errors`` maps field name to message."""

    status_code = 422

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()), next(iter(errors), None))
        self.errors = errors


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class ConcurrentChange(Conflict):
    """Another request changed the same rows first (found at flush): the whole unit
    of work must roll back; the user reloads and tries again."""


class Throttled(DomainError):
    """Too many tries; ``retry_after`` is the real number of seconds left, if known."""

    status_code = 429

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_headers(error: DomainError) -> dict[str, str]:
    """``Retry-After`` with the real seconds left, for a throttled request."""
    seconds = getattr(error, "retry_after", None)
    return {"Retry-After": str(seconds)} if seconds else {}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("请求有误"), _("提交的内容无法处理。表单可能已过期，请返回刷新页面后重试。")),
        403: (_("没有权限"), _("您当前的账号无权访问此页面。")),
        404: (_("页面不存在"), _("您要找的页面不存在或已被删除。")),
        405: (_("请求有误"), _("不支持此操作。")),
        409: (_("操作冲突"), _("数据已被他人修改，请刷新后重试。")),
        413: (_("内容过大"), _("提交的内容太大。")),
        422: (_("请求有误"), _("提交的内容不符合要求。")),
        429: (_("操作过于频繁"), _("请稍后再试。")),
        500: (_("服务器出错了"), _("我们已记录此问题，请稍后再试。您填写的内容未被保存。")),
        503: (_("服务暂时不可用"), _("系统正在恢复，请稍后再试。您填写的内容未被保存。")),
    }


def render_error(code: int, detail: str | None = None):
    title, message = _titles().get(code, _titles()[500])
    if detail:
        message = detail
    if wants_json():
        return jsonify(error={"code": code, "title": title, "message": message}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    from .extensions import db, login_manager

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, _("表单已过期或缺少安全校验，未保存任何内容。请返回刷新页面后重新提交。")
        )

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        body, code = render_error(error.status_code, error.message)
        return body, code, retry_after_headers(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        detail = None
        if code == 429:
            detail = _("操作过于频繁，请稍后再试。")
        elif code == 413:
            detail = _(
                "提交的内容超过了 %(size)s 的上限，未保存任何内容。请删减后重新提交。",
                size=size_text(current_app.config["MAX_CONTENT_LENGTH"] or 0),
            )
        return render_error(code, detail)

    @app.errorhandler(DBAPIError)
    @app.errorhandler(SQLAlchemyTimeout)
    def database_error(error: Exception):
        """The database is down or unreachable (stopped, restarting, pool exhausted): a
        clear 503 with Retry-After instead of a 500; the transaction is gone, so
        nothing of the request was written. Any other database error is a 500."""
        if isinstance(error, DBAPIError) and not (
            isinstance(error, OperationalError | InterfaceError) or error.connection_invalidated
        ):
            return unexpected_error(error)
        db.end_session()  # the transaction is gone with the connection
        log.warning(
            "database unavailable on %s %s: %s",
            request.method, request.path, type(getattr(error, "orig", error)).__name__,
        )  # fmt: skip
        # the page must not ask the database who is logged in: it shows as signed out
        g._login_user = login_manager.anonymous_user()
        body, code = render_error(503)
        return body, code, {"Retry-After": "5"}

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)
