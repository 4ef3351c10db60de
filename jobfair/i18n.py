"""Language choice: Simplified Chinese first, English on request; and the page's
translations, looked up once per request.

Flask-Babel finds the translations anew for every string (several context lookups and
the locale's name each time): a ranked page of twenty candidates asks for about 350
strings, which cost more than the ranking. :func:`translations` keeps the request's
catalogue beside Flask-Babel's own per-request state, keyed by the locale object, so a
``force_locale`` block (a message in the reader's language) still gets its own."""

from __future__ import annotations

from typing import Any

import flask_babel
from babel import support
from flask import Flask, current_app, g, has_request_context, request, session
from jinja2 import pass_eval_context
from markupsafe import Markup

_CACHED = "jobfair_translations"


def select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    wanted = session.get("lang") or request.args.get("lang")
    return wanted if wanted in current_app.config["LANGUAGES"] else default


def translations() -> support.NullTranslations:
    """The catalogue of the current language (Flask-Babel's, found once per request)."""
    try:
        state = g._flask_babel
        cached = state.__dict__.get(_CACHED)
        if cached is not None and cached[0] is state.__dict__.get("babel_locale"):
            return cached[1]
    except (AttributeError, RuntimeError):  # outside a context, or Babel not asked yet
        state = None
    found = flask_babel.get_translations()
    if state is None:
        try:
            state = g._flask_babel
        except (AttributeError, RuntimeError):
            return found
    state.__dict__[_CACHED] = (state.__dict__.get("babel_locale"), found)
    return found


def is_english() -> bool:
    """Whether the page is in English (asked per reason and per place on a page: the
    answer is kept with the request's catalogue)."""
    try:
        state = g._flask_babel.__dict__
        cached = state.get("jobfair_english")
        if cached is not None and cached[0] is state.get("babel_locale"):
            return cached[1]
    except (AttributeError, RuntimeError):
        state = None
    english = str(flask_babel.get_locale() or "").startswith("en")
    if state is None:
        try:
            state = g._flask_babel.__dict__
        except (AttributeError, RuntimeError):
            return english
    state["jobfair_english"] = (state.get("babel_locale"), english)
    return english


def gettext(string: str, **variables: Any) -> str:
    """``flask_babel.gettext`` through the request's cached catalogue."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


@pass_eval_context
def _template_gettext(eval_ctx: Any, string: str, **variables: Any) -> str:
    """A template's ``_("…", name=value)``: as Jinja's "newstyle" gettext (the text is
    always a format string, values are escaped on an escaping page), without its two
    layers of context calls and its Markup formatting of a text without values."""
    text = translations().ugettext(string)
    if not eval_ctx.autoescape:
        return text % variables
    if variables:
        return Markup(text) % variables
    return Markup(text % variables)  # "%%" → "%", as with values


def install_in_templates(app: Flask) -> None:
    """Templates' ``_()``, ``gettext()`` and ``ngettext()`` through :func:`translations`
    (after ``babel.init_app``, which installs the slower ones)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)


def lazy_gettext(string: str, **variables: Any) -> flask_babel.LazyString:
    """A text translated when it is shown (module-level labels and form fields), through
    :func:`gettext`."""
    return flask_babel.LazyString(gettext, string, **variables)
