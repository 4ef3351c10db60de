"""Who may use a view: every view states its roles with ``@roles_required``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from jobfair.i18n import gettext as _

from . import validation
from .errors import ValidationFailed
from .extensions import login_manager
from .validation import MAX_ID


def roles_required(*roles: str) -> Callable:
    """Anonymous users are sent to log in; logged-in users of another role get 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.roles = roles  # read by the access test that walks every route
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone (the access test checks every view is marked)."""
    view.roles = ("anyone",)
    return view


def client_ip() -> str:
    return request.remote_addr or "unknown"


def local_url(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects).

    Browsers and Werkzeug drop tabs and newlines from URLs, so ``/\t/evil``
    would become ``//evil``: any whitespace or control character is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def int_arg(
    source, name: str, default: int | None = None, low: int = 0, high: int = MAX_ID
) -> int | None:
    """An optional number from query or form data (a page, a filter): ``default`` if
    missing, malformed or out of range."""
    try:
        return validation.clean_int(source.get(name), low, high)
    except ValueError:
        return default


def id_arg(source, name: str, required: bool = True) -> int | None:
    """A row id from query or form data; a malformed or out-of-range one is refused (422)."""
    text = source.get(name)
    if not required and not (text or "").strip():
        return None
    try:
        return validation.clean_id(text)
    except ValueError as e:
        raise ValidationFailed({name: str(e)}) from None


def id_list(source, name: str) -> list[int]:
    """Row ids from a multi-valued field (checkboxes), each checked like ``id_arg``."""
    ids = []
    for text in source.getlist(name):
        try:
            ids.append(validation.clean_id(text))
        except ValueError as e:
            raise ValidationFailed({name: str(e)}) from None
    return list(dict.fromkeys(ids))


def version_arg(source) -> int:
    """The row version a form was rendered with: required, so that a stale form is caught."""
    try:
        return validation.clean_int(source.get("version"), 1)
    except ValueError:
        raise ValidationFailed(
            {"version": _("页面已过期（缺少版本号），请刷新后重试。")}
        ) from None


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` limited to ids the database can hold."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
