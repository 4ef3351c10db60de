"""The bureau's clock: now, and times in the bureau's zone (Beijing time by default).

Stored times are UTC; people read and type them in ``BABEL_DEFAULT_TIMEZONE``.
Services (messages, "today"), forms (typed times) and templates (the
``local_time`` filter) all convert here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime:
    return datetime.now(UTC)


def bureau_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """``value`` as the bureau reads it, e.g. ``2026-12-24 10:00``."""
    if value is None:
        return ""
    return value.astimezone(bureau_zone()).strftime(fmt)


def start_of_local_day() -> datetime:
    """Midnight today in the bureau's zone, as UTC."""
    midnight = now().astimezone(bureau_zone()).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive date-time typed in the bureau's zone, as an aware UTC value."""
    if value is None or not 2000 <= value.year <= 2100:
        return None  # the service then asks for a sensible date
    return value.replace(tzinfo=bureau_zone()).astimezone(UTC)


def utc_to_local(value: datetime | None) -> datetime | None:
    """A stored time as a naive value for a date-time input."""
    if value is None:
        return None
    return value.astimezone(bureau_zone()).replace(tzinfo=None)
