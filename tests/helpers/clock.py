"""The bureau's clock (``jobfair.clock.now``) stopped and moved by a test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from jobfair import clock


def stopped_clock(monkeypatch) -> Callable[..., None]:
    """Stop ``clock.now`` at the real now; the returned ``later(minutes=...)`` moves it
    forward from there (services that read ``clock.now()`` see the moved time)."""
    start = clock.now()

    def later(**delta) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + timedelta(**delta))

    later()
    return later
