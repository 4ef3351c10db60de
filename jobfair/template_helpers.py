"""Filters and globals for the templates."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_locale

from jobfair.i18n import gettext as _
from matching import licences, taxonomy

from . import labels, reasons
from .clock import local_time
from .places import district_groups, district_name
from .services.privacy import mask_name, mask_phone
from .shorten import shorten_name


def occupation_name(code: str | None) -> str:
    """An occupation's name in the page's language, "" when unknown."""
    return reasons.occupation_name(code) if taxonomy.get(code or "") else ""


def pay_text(amount_min: int | None, amount_max: int | None = None, unit: str | None = None) -> str:
    if amount_min is None:
        return _("面议")
    unit_label = labels.pay_unit.get(unit or "", "")
    if amount_max is None or amount_max == amount_min:
        return f"{amount_min:,} {unit_label}"
    return f"{amount_min:,}–{amount_max:,} {unit_label}"


def _unread() -> int:
    from flask_login import current_user

    from .services.notify import unread_count

    if current_user and current_user.is_authenticated:
        return unread_count(current_user)
    return 0


class _Counted:
    """A number counted when a page first shows it (``{% if n %}``, ``{{ n }}``), so
    pages without the navigation bar (the kiosk's) do not pay for the query."""

    def __init__(self, count) -> None:
        self._count = count
        self._value: int | None = None

    def __int__(self) -> int:
        if self._value is None:
            self._value = self._count()
        return self._value

    def __bool__(self) -> bool:
        return int(self) != 0

    def __str__(self) -> str:
        return str(int(self))

    def __html__(self) -> str:
        return str(int(self))

    def __eq__(self, other) -> bool:
        return int(self) == other

    __hash__ = None  # type: ignore[assignment]


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        mask_phone=mask_phone,
        mask_name=mask_name,
        district=district_name,
        occupation=occupation_name,
        local_time=local_time,
        short_name=shorten_name,  # the one way a long name is shortened
    )
    reasons.init_app(app)

    @app.context_processor
    def globals_for_templates():
        return {
            "pay_text": pay_text,
            "labels": labels,
            "licence_labels": licences.LABELS,
            "current_locale": str(get_locale()),
            "html_lang": "en" if str(get_locale()).startswith("en") else "zh-Hans",
            "district_groups": district_groups(),
            "request_path": request.full_path.rstrip("?") if request else "/",
            "unread_notifications": _Counted(_unread),
        }
