"""Errors of the API as ``application/problem+json`` (RFC 9457).

A problem has ``type``, ``title``, ``status`` and ``detail``; a validation
problem adds ``errors``, one entry per field (``{"field": ..., "message": ...}``),
all of them at once. Titles and messages are the ones the web forms show, in the
language the ``Accept-Language`` header asks for.
"""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask_babel import get_locale

from jobfair.i18n import gettext as _

PROBLEM = "application/problem+json"

_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "validation-failed",
    429: "too-many-requests",
    500: "server-error",
    503: "unavailable",
}


def titles() -> dict[int, str]:
    return {
        400: _("请求有误"),
        401: _("未登录或令牌无效"),
        403: _("没有权限"),
        404: _("页面不存在"),
        405: _("请求有误"),
        406: _("请求有误"),
        409: _("操作冲突"),
        413: _("内容过大"),
        415: _("请求有误"),
        422: _("提交的内容不符合要求"),
        429: _("操作过于频繁"),
        500: _("服务器出错了"),
        503: _("服务暂时不可用"),
    }


def problem(
    status: int,
    detail: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"/api/v1/problems/{_TYPES.get(status, 'error')}",
        "title": titles().get(status, titles()[500 if status >= 500 else 400]),
        "status": status,
        "detail": detail or titles().get(status, ""),
        "instance": request.path,
    }
    if errors:
        body["errors"] = [
            {"field": field, "message": str(message)} for field, message in errors.items()
        ]
    response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=PROBLEM)
    response.headers["Content-Language"] = "en" if str(get_locale()).startswith("en") else "zh-CN"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response
