"""Text messages behind one small interface: one class per provider.

Development and tests use :class:`ConsoleGateway`: it logs the message with the
number masked and keeps the last messages in memory (``outbox``) for tests; a
provider for production is one more class with the same ``send``.
"""

from __future__ import annotations

import collections
import logging
from typing import Protocol

from flask import Flask, current_app

from .services.privacy import mask_phone, mask_phones_in

log = logging.getLogger("jobfair.sms")


class SmsGateway(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


class ConsoleGateway:
    """Logs each message (the number masked, in the number and in the text)."""

    def __init__(self) -> None:
        self.outbox: collections.deque[tuple[str, str]] = collections.deque(maxlen=200)

    def send(self, mobile: str, text: str) -> None:
        self.outbox.append((mobile, text))
        # a warning, so that it shows in the console of `make run` by default
        log.warning("sms to %s: %s", mask_phone(mobile), mask_phones_in(text))

    def last_to(self, mobile: str) -> str | None:
        """The last text sent to ``mobile`` (tests read codes here)."""
        return next((text for to, text in reversed(self.outbox) if to == mobile), None)


GATEWAYS = {"console": ConsoleGateway}


def init_app(app: Flask) -> None:
    app.extensions["jobfair.sms"] = GATEWAYS[app.config["SMS_GATEWAY"]]()


def gateway() -> SmsGateway:
    return current_app.extensions["jobfair.sms"]
