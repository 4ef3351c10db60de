"""A guard over every log line of the test run: none may carry a mobile number or a
seeker's name.

:func:`install` (from tests/conftest.py) puts a :class:`LogGuard` handler on the root
logger for the whole session and lets the app's own loggers speak at DEBUG. The guard
keeps each record as the app's handler writes it (mobile numbers masked by
``jobfair.logs.PersonalDataFilter``, the safety net) and learns every seeker name the
test writes to the database (ORM inserts and updates, and bulk inserts such as the demo
data's). After each test it checks that test's lines; a line with an 11-digit mobile
number or the name of a seeker of that test turns the test into an error that lists the
lines. (Every test starts on an empty database: only its own seekers' names can leak
into its lines, and a short common name of another test's seekers would only raise
false alarms.)
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

import models
from jobfair.logs import mask_mobiles

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
APP_LOGGERS = ("jobfair", "models", "matching")


def usable_name(name: object) -> bool:
    """A name worth looking for: two characters or more with a letter; a Latin-only name
    needs five (``Anna`` and ``Li`` are everywhere in ordinary text)."""
    if not isinstance(name, str):
        return False
    name = name.strip()
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return False
    return len(name) >= 5 or not name.isascii()


class LogGuard(logging.Handler):
    """Collects log lines and finds those with a mobile number or a seeker's name."""

    def __init__(self, mask: bool = True) -> None:
        super().__init__(level=logging.NOTSET)
        self.mask = mask  # False: check lines as logged, without the app's safety net
        self.names: set[str] = set()
        self._pattern: re.Pattern | None = None
        self.lines: list[str] = []  # of the current test
        self.checked = 0
        self.names_seen = 0
        self.seconds = 0.0  # spent collecting and checking

    # -- names -------------------------------------------------------------
    def learn_names(self, names: Iterable[object]) -> None:
        for name in names:
            if usable_name(name) and name.strip() not in self.names:
                self.names.add(name.strip())
                self.names_seen += 1
                self._pattern = None

    def _names_pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.names:
            longest_first = sorted(self.names, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, longest_first)))
        return self._pattern

    # -- lines -------------------------------------------------------------
    def line_of(self, record: logging.LogRecord) -> str:
        """The record's message and exception text as the app's handler writes them."""
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message
            text = f"{record.msg} {record.args}"
        if record.exc_info:
            text += "\n" + (record.exc_text or logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            text += "\n" + record.exc_text
        return mask_mobiles(text) if self.mask else text

    def emit(self, record: logging.LogRecord) -> None:
        started = time.perf_counter()
        self.lines.append(f"{record.name}: {self.line_of(record)}")
        self.seconds += time.perf_counter() - started

    def check(self, lines: Iterable[str]) -> list[str]:
        """The lines with an 11-digit mobile number or a known seeker name, each with why."""
        names = self._names_pattern()
        bad = []
        for line in lines:
            self.checked += 1
            found = MOBILE.search(line)
            if found:
                bad.append(f"mobile number {found.group(0)}: {line[:300]}")
                continue
            found = names.search(line) if names else None
            if found:
                bad.append(f"seeker name {found.group(0)}: {line[:300]}")
        return bad

    def take_offences(self) -> list[str]:
        """Check the lines collected since the last call, and forget them and the names."""
        started = time.perf_counter()
        lines, self.lines = self.lines, []
        offences = self.check(lines) if lines else []
        self.names, self._pattern = set(), None
        self.seconds += time.perf_counter() - started
        return offences


def _learn_from_flush(guard: LogGuard):
    def learn(mapper, connection, target) -> None:
        guard.learn_names([target.name])

    return learn


def _learn_from_bulk(guard: LogGuard):
    table = models.SeekerProfile.__table__.name

    def learn(state) -> None:  # the statement's table is an annotated copy: compare names
        if not state.is_insert or getattr(state.statement.table, "name", None) != table:
            return
        params = state.parameters
        rows = params if isinstance(params, list | tuple) else [params or {}]
        guard.learn_names(row.get("name") for row in rows if isinstance(row, dict))

    return learn


class LogGuardPlugin:
    """The pytest side: check each test's lines after its teardown."""

    def __init__(self, guard: LogGuard) -> None:
        self.guard = guard

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        if call.when != "teardown":
            return
        offences = self.guard.take_offences()
        report = outcome.get_result()
        if offences and report.outcome != "failed":
            report.outcome = "failed"
            report.longrepr = (
                "log guard: these log lines carry personal data (tests/helpers/log_guard.py):\n"
                + "\n".join(offences)
            )

    def pytest_sessionfinish(self, session):
        offences = self.guard.take_offences()  # lines logged outside any test
        if offences:
            session.config.stash[_OUTSIDE] = offences
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        outside = terminalreporter.config.stash.get(_OUTSIDE, [])
        for line in outside:
            terminalreporter.write_line(f"log guard (outside tests): {line}", red=True)
        if self.guard.checked or self.guard.names_seen:
            terminalreporter.write_line(
                f"log guard: {self.guard.checked} log lines checked for mobile numbers and "
                f"the names of their tests' seekers ({self.guard.names_seen} names in all) "
                f"in {self.guard.seconds:.2f} s"
            )


_OUTSIDE = pytest.StashKey[list]()


def install(config: pytest.Config) -> LogGuard:
    """Put the guard on the root logger for the session and register its plugin."""
    guard = LogGuard()
    logging.getLogger().addHandler(guard)
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    event.listen(models.SeekerProfile, "before_insert", _learn_from_flush(guard))
    event.listen(models.SeekerProfile, "before_update", _learn_from_flush(guard))
    event.listen(Session, "do_orm_execute", _learn_from_bulk(guard))
    config.pluginmanager.register(LogGuardPlugin(guard), "jobfair-log-guard")
    return guard


def session_guard() -> LogGuard | None:
    """The guard installed for this test run (None when there is none)."""
    return next((h for h in logging.getLogger().handlers if isinstance(h, LogGuard)), None)
