"""Language choice: Simplified Chinese first, English on request."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session


def select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    wanted = session.get("lang") or request.args.get("lang")
    return wanted if wanted in current_app.config["LANGUAGES"] else default
