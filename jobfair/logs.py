"""Structured logs: one line per record on stderr, JSON in production, readable text in development.

Every request gets a request id (a well-formed incoming ``X-Request-ID``, else a new one),
sent back in the ``X-Request-ID`` header, and one access line (logger ``jobfair.access``)
with its route, method, status and duration. Every record logged inside a request carries
the request id, the user id and role, the route and the method. No names, phone numbers or
addresses: :class:`PersonalDataFilter` masks mainland mobile numbers in every line as a
safety net. ``LOG_FORMAT`` ("json" or "text") and ``LOG_LEVEL`` choose the output.

Under gunicorn, ``gunicorn.conf.py`` sets ``logconfig_dict = gunicorn_logconfig_dict()``:
gunicorn's own messages then come out in the same format, and its access log is off in
favour of the app's access line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request

ACCESS_LOGGER = "jobfair.access"
REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
# a mainland mobile (1[3-9] and nine digits), also written +86 138 0013 8000 or with dashes
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)\s*86[\s-]*)?1[3-9](?:[\s-]?\d){9}(?!\d)")
# loggers that say too much at INFO: every SQL statement with its parameters, compiler chatter
QUIET_LOGGERS = ("sqlalchemy", "numba", "urllib3", "asyncio", "alembic.runtime.plugins")
_TAG = "_jobfair_handler"


def mask_mobiles(text: str) -> str:
    """Every mainland mobile number in ``text`` cut to 138****5678."""
    if not text or not any(c.isdigit() for c in text):
        return text

    def masked(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))[-11:]
        return f"{digits[:3]}****{digits[-4:]}"

    return _MOBILE.sub(masked, text)


class PersonalDataFilter(logging.Filter):
    """Mask mobile numbers in the message, its arguments and any exception text.

    The app's own log calls already mask what they log (``mask_phone``); this is the
    net for what they did not foresee: a number in an exception's SQL parameters, in a
    path, in a library's message. It rewrites the record in place and keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_mobiles(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_mobiles(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_mobiles(record.stack_info)
        return True


class NoWerkzeugRequestLines(logging.Filter):
    """Drop the development server's request lines: they carry the raw path and query
    string, and the app's access line says the same without them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "werkzeug" and record.msg == '"%s" %s %s')


def request_fields() -> dict[str, Any]:
    """The request id, user, route and method of the current request (empty outside one)."""
    if not has_request_context():
        return {}
    # only a user this request already loaded: logging never queries the database
    user = g.get("_login_user")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    rule = request.url_rule
    return {
        "request_id": g.get("request_id"),
        "user_id": getattr(user, "id", None) if authenticated else None,
        "role": getattr(user, "role", None) if authenticated else None,
        "route": rule.rule if rule is not None else None,
        "endpoint": request.endpoint,
        "method": request.method,
    }


def _iso_time(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(request_fields())
        for name in ("status", "duration_ms", "cpu_ms"):
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``06:04:18 INFO jobfair.access [3f2a9c1e user 5 seeker] GET /postings/<int:posting_id>
    200 12.3 ms`` (development)."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        fields = request_fields()
        context = ""
        if fields:
            who = f" user {fields['user_id']} {fields['role']}" if fields["user_id"] else ""
            context = f" [{(fields['request_id'] or '-')[:8]}{who}]"
        line = f"{stamp} {record.levelname} {record.name}{context} {record.getMessage()}"
        if getattr(record, "duration_ms", None) is not None:
            line += f" {record.duration_ms} ms"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + record.exc_text
        if record.stack_info:
            line += "\n" + record.stack_info
        return line


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


class StderrHandler(logging.StreamHandler):
    """A stream handler that writes to whatever ``sys.stderr`` is at the time of writing
    (a test runner or a process manager may swap it after the handler was made)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def make_handler(fmt: str = "json") -> logging.Handler:
    """The app's handler: stderr, personal data masked, the werkzeug request lines dropped."""
    if fmt not in FORMATTERS:
        raise RuntimeError(f"LOG_FORMAT {fmt!r} is not one of: {', '.join(FORMATTERS)}")
    handler = StderrHandler()
    handler.setFormatter(FORMATTERS[fmt]())
    handler.addFilter(PersonalDataFilter())
    handler.addFilter(NoWerkzeugRequestLines())
    setattr(handler, _TAG, True)
    return handler


def configure_logging(fmt: str = "json", level: str | int = "INFO") -> logging.Handler:
    """Send every log record to stderr through the app's handler (replacing an earlier one)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _TAG, False)]:
        root.removeHandler(old)
    handler = make_handler(fmt)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def gunicorn_logconfig_dict(fmt: str | None = None, level: str | None = None) -> dict[str, Any]:
    """``logconfig_dict`` for gunicorn.conf.py: gunicorn's messages through the app's
    formatter and masking; gunicorn's own access log off (the app writes one per request).

    Without arguments, the format and level the app takes from the environment
    (``JOBFAIR_LOG_FORMAT``, else json under ``JOBFAIR_ENV=production`` and text otherwise;
    ``JOBFAIR_LOG_LEVEL``, else INFO), so that gunicorn's lines match the app's.
    """
    production = os.environ.get("JOBFAIR_ENV") == "production"
    fmt = fmt or os.environ.get("JOBFAIR_LOG_FORMAT") or ("json" if production else "text")
    level = (level or os.environ.get("JOBFAIR_LOG_LEVEL") or "INFO").upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"app": {"()": FORMATTERS[fmt]}},
        "filters": {
            "personal_data": {"()": PersonalDataFilter},
            "werkzeug": {"()": NoWerkzeugRequestLines},
        },
        "handlers": {
            "stderr": {
                "()": StderrHandler,
                "formatter": "app",
                "filters": ["personal_data", "werkzeug"],
            }
        },
        # the app's create_app installs the root handler in each worker
        "root": {"level": level, "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def incoming_request_id() -> str:
    """The client's or proxy's ``X-Request-ID`` when well formed, else a new one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if _WELL_FORMED_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def init_app(app: Flask) -> None:
    """Configure the process's logging from ``LOG_FORMAT``/``LOG_LEVEL`` and log each request."""
    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    access = logging.getLogger(ACCESS_LOGGER)

    @app.before_request
    def start_request() -> None:
        g.request_started = time.perf_counter()
        g.request_cpu = time.process_time()
        g.request_id = incoming_request_id()

    @app.after_request
    def log_request(response):
        if "request_id" not in g:  # a request that failed before start_request ran
            g.request_id = incoming_request_id()
        response.headers[REQUEST_ID_HEADER] = g.request_id
        started = g.get("request_started")
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        cpu_started = g.get("request_cpu")
        cpu = round((time.process_time() - cpu_started) * 1000, 1) if cpu_started else None
        rule = request.url_rule
        access.info(
            "%s %s %s",
            request.method,
            rule.rule if rule is not None else "-",
            response.status_code,
            extra={"status": response.status_code, "duration_ms": duration, "cpu_ms": cpu},
        )
        return response
