"""Who may use a view: every view states its roles with ``@roles_required``."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, request
from flask_login import current_user

from .extensions import login_manager


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
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
