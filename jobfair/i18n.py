"""Language choice: Simplified Chinese first, English on request."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    wanted = session.get("lang") or request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]
