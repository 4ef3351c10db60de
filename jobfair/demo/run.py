"""What the seeding steps share: the session, the seed's random streams, the clock, the summary."""

from __future__ import annotations

import random
import time
import typing as t
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

if t.TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: ``progress(step, done, total)``, called after each seeding step.
Progress = Callable[[str, int, int], None]

#: The bureau's zone when the caller names none (the app passes its BABEL_DEFAULT_TIMEZONE).
CHINA = ZoneInfo("Asia/Shanghai")
DEMO_DOMAIN = "demo.jobfair.cn"
DEMO_SEEKER_PHONE = "13800000001"
#: ``(role, login, password hint, description)`` of one demo account.
Login = tuple[str, str, str, str]


@dataclass
class DemoSummary:
    """What :func:`~jobfair.demo.seed_demo` created, and the accounts to log in with."""

    users: int = 0
    seekers: int = 0
    employers: int = 0
    employers_by_status: dict[str, int] = field(default_factory=dict)
    postings: int = 0
    postings_by_status: dict[str, int] = field(default_factory=dict)
    fairs: int = 0
    booths: int = 0
    registrations: int = 0
    checked_in: int = 0
    applications: int = 0
    applications_by_status: dict[str, int] = field(default_factory=dict)
    application_events: int = 0
    fair_applications: int = 0
    booth_interviews: int = 0
    invitations: int = 0
    questions: int = 0
    notifications: int = 0
    unread_notifications: int = 0
    audit_entries: int = 0
    seconds: float = 0.0
    #: demo accounts first: admin, staff, the demo seeker, then one per employer.
    logins: list[Login] = field(default_factory=list)


def base_date(seed: int) -> datetime:
    """The fixed "now" of the demo history: the seed read as YYYYMMDD, else a day in 2026."""
    try:
        day = date(seed // 10000, seed // 100 % 100, seed % 100)
        if 2000 <= day.year <= 2100:
            return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    except ValueError:
        pass
    return datetime(2026, 11, 30, 2, 0, tzinfo=UTC) - timedelta(days=seed % 365)


def by_status(rows: Iterable[dict[str, t.Any]]) -> dict[str, int]:
    """How many of ``rows`` have each status, in the order the statuses first occur."""
    return dict(Counter(str(row["status"]) for row in rows))


class Run:
    """One seeding run: the steps read the seed, the clock and the session from here.

    ``base`` is the fixed day the demo history leads up to (it follows the
    seed); ``now`` is the clock the fairs follow (it follows today); ``zone``
    is the bureau's, in which fairs open at 9:00 and interviews fall in
    working hours.
    """

    STEPS = 9

    def __init__(
        self,
        session: Session,
        *,
        seed: int,
        now: datetime | None,
        progress: Progress | None,
        zone: tzinfo | None = None,
    ) -> None:
        self.session = session
        self.seed = seed
        self.base = base_date(seed)
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.zone = zone or CHINA
        self.today = self.now.astimezone(self.zone).date()
        self.summary = DemoSummary()
        self._progress = progress or (lambda step, done, total: None)
        self._done = 0
        self._started = time.perf_counter()
        self._streams: dict[str, random.Random] = {}

    def rng(self, section: str) -> random.Random:
        """The random stream of one section: the same for a seed, whatever other sections draw.

        Asking twice for a section continues the same stream.
        """
        if section not in self._streams:
            self._streams[section] = random.Random(f"{self.seed}:{section}")
        return self._streams[section]

    def insert(self, model: type, rows: list[dict[str, t.Any]]) -> list[int]:
        """Bulk-insert ``rows`` of ``model`` and return their new ids in order."""
        if not rows:
            return []
        stmt = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
        return list(self.session.scalars(stmt, rows))

    def done(self, step: str) -> None:
        """Report that ``step`` is finished."""
        self._done += 1
        self._progress(step, self._done, self.STEPS)

    def finish(self) -> DemoSummary:
        """Commit everything the steps added, refresh the planner's statistics and
        return the summary."""
        self.session.commit()
        refresh_statistics(self.session)
        self.summary.seconds = round(time.perf_counter() - self._started, 2)
        self._progress("done", self.STEPS, self.STEPS)
        return self.summary


def refresh_statistics(session: Session) -> None:
    """After a bulk load, tell PostgreSQL what the tables now hold (``ANALYZE``): until
    autovacuum gets to them (or never, where it is off) the planner takes a table of
    100,000 rows for an empty one and reads every posting for each employer. SQLite
    plans without statistics; nothing to do there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()
