"""The bureau's clock (``jobfair.clock.now``) stopped and moved by a test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from jobfair import clock


def stopped_clock(monkeypatch, start: datetime | None = None) -> Callable[..., None]:
    """Stop ``clock.now`` at ``start`` (default: the real now); the returned
    ``later(minutes=...)`` moves it forward from there (services that read
    ``clock.now()`` see the moved time)."""
    start = clock.now() if start is None else start

    def later(**delta) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + timedelta(**delta))

    later()
    return later
