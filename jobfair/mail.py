"""E-mail behind one small interface: one class per provider (like :mod:`jobfair.sms`).

``MAIL_GATEWAY`` names the class: ``console`` (development and tests) keeps the
last messages in memory (``outbox``, read by tests), saves each one whole as a
text file in ``MAIL_OUTBOX_DIR`` (default ``instance/mail-outbox/``, not when
testing) so that a developer can open a link, and logs it with the address
masked and every long token cut to its first characters; ``smtp`` sends through
an SMTP server (``MAIL_SMTP_*``). Mails carry one-time links: never log them whole.
"""

from __future__ import annotations

import collections
import itertools
import logging
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app, url_for

log = logging.getLogger("jobfair.mail")

# a one-time token in a link: a long run of URL-safe characters
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class MailGateway(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


def mask_email(address: str) -> str:
    """w***@demo.jobfair.cn: the first character of the local part, and the domain."""
    local, _at, domain = (address or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_tokens(text: str) -> str:
    """Every long token cut to its first four characters (``/auth/reset/AbCd…``)."""
    return _TOKEN.sub(lambda m: m.group(0)[:4] + "…", text)


class ConsoleMailGateway:
    """Keeps, saves and logs each mail instead of sending it (development and tests)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.outbox: collections.deque[Mail] = collections.deque(maxlen=200)
        self.folder = Path(folder) if folder else None
        self._numbers = itertools.count(1)

    def send(self, to: str, subject: str, body: str) -> None:
        mail = Mail(to, subject, body)
        self.outbox.append(mail)
        saved = ""
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"mail-{next(self._numbers):04d}.txt"
            path.write_text(f"To: {to}\nSubject: {subject}\n\n{body}\n", encoding="utf-8")
            path.chmod(0o600)
            saved = f" (whole: {path})"
        # a warning, so that it shows in the console of `make run` by default; only the
        # mail's links, cut short: its text greets a person by name
        links = " ".join(mask_tokens(link) for link in re.findall(r"https?://\S+", body))
        log.warning("mail to %s: %s | %s%s", mask_email(to), subject, links, saved)

    def last_to(self, address: str) -> Mail | None:
        """The last mail sent to ``address`` (tests read links here)."""
        return next((m for m in reversed(self.outbox) if m.to == address), None)


class SmtpMailGateway:
    """Sends through an SMTP server: ``MAIL_SMTP_HOST``, ``_PORT``, ``_USER``,
    ``_PASSWORD``, ``_STARTTLS``; the sender is ``MAIL_FROM``."""

    def __init__(self, config) -> None:
        self.host = config["MAIL_SMTP_HOST"]
        self.port = config["MAIL_SMTP_PORT"]
        self.user = config.get("MAIL_SMTP_USER")
        self.password = config.get("MAIL_SMTP_PASSWORD")
        self.starttls = config["MAIL_SMTP_STARTTLS"]
        self.sender = config["MAIL_FROM"]

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)
        log.info("mail to %s: %s", mask_email(to), subject)


def _make(app: Flask) -> MailGateway:
    kind = app.config["MAIL_GATEWAY"]
    if kind == "smtp":
        return SmtpMailGateway(app.config)
    if kind != "console":
        raise RuntimeError(f"MAIL_GATEWAY {kind!r} is not one of: console, smtp")
    folder = app.config.get("MAIL_OUTBOX_DIR")
    if folder is None and not app.testing:
        folder = Path(app.instance_path) / "mail-outbox"
    return ConsoleMailGateway(folder or None)


def gateway() -> MailGateway:
    """This app's mail gateway (made at first use)."""
    app = current_app._get_current_object()
    if "jobfair.mail" not in app.extensions:
        app.extensions["jobfair.mail"] = _make(app)
    return app.extensions["jobfair.mail"]


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: on ``SITE_URL`` when set (production: never trust
    the request's Host header for a link that carries a token), else this request's host."""
    site = current_app.config.get("SITE_URL")
    if site:
        return site.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
