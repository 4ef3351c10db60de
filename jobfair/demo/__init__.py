"""Deterministic, realistic demo data: employers, postings, seekers, fairs, applications.

:func:`seed_demo` fills an empty schema through a plain SQLAlchemy session (no
Flask app needed) so that a newcomer sees a living fair at once. The same seed
always gives the same people, companies and postings; only the fair dates (and
what hangs off them: booths, registrations, check-ins, applications made through
a fair, interviews at a booth, questions to a booth) follow "today" and the
clock, so that there is always a fair running now, one coming up and one closed.
Notifications use the services' own texts for each move.

Every account shares one password hash given by the caller: hashing 2,000
passwords would take minutes and prove nothing.

The package holds one seeding step per aggregate (``accounts``, ``employers``,
``postings``, ``seekers``, ``fairs``, ``applications``, ``invitations``,
``questions``, ``notifications``), the data tables they draw from (``names``,
``places``, ``companies``, ``occupations``, ``phrases``), the generated texts
(``texts``), the shared random draws (``draw``) and the run they share (``run``).
"""

from __future__ import annotations

import typing as t
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from ..config import Config
from .accounts import seed_staff
from .applications import seed_applications
from .employers import seed_employers
from .fairs import seed_fairs
from .invitations import seed_invitations
from .notifications import seed_notifications
from .policies import seed_policies
from .postings import seed_postings
from .questions import seed_questions
from .run import DEMO_SEEKER_PHONE, DemoSummary, Progress, Run
from .seekers import seed_seekers

if t.TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["DEMO_SEEKER_PHONE", "DemoSummary", "seed_demo"]


def seed_demo(
    session: Session,
    *,
    seed: int = 20261130,
    seekers: int = 2000,
    employers: int = 32,
    postings: int = 120,
    password_hash: str,
    staff_password_hash: str,
    progress: Progress | None = None,
    password_hint: str = "演示密码",
    staff_password_hint: str = "演示密码",
    consent_version: str = Config.CONSENT_VERSION,
    now: datetime | None = None,
    zone: str | tzinfo | None = None,
) -> DemoSummary:
    """Fill an empty schema with demo data and commit; return what was made.

    ``seekers`` counts the fixed demo seeker (phone 13800000001) too. The same
    ``seed`` gives the same data except for the fair dates, which follow
    ``now`` (default: the clock) so that one fair is running now, one is
    coming up and one is over. Seekers consented to ``consent_version``.
    Fair hours and interview times are working hours in ``zone`` (the app's
    ``BABEL_DEFAULT_TIMEZONE``; default Asia/Shanghai).
    """
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    run = Run(session, seed=seed, now=now, progress=progress, zone=zone)
    staff = seed_staff(run, password_hash=staff_password_hash, password_hint=staff_password_hint)
    hiring = seed_employers(
        run, staff, count=employers, password_hash=password_hash, password_hint=password_hint
    )
    jobs = seed_postings(run, hiring, count=postings)
    people = seed_seekers(
        run,
        hiring,
        count=seekers,
        password_hash=password_hash,
        password_hint=password_hint,
        consent_version=consent_version,
    )
    fairs = seed_fairs(run, staff, hiring, jobs, people)
    applied = seed_applications(run, hiring, jobs, people, fairs)
    seed_invitations(run, hiring, jobs, people, applied)
    asked = seed_questions(run, hiring, people, fairs)
    seed_notifications(run, hiring, jobs, people, fairs, applied, asked)
    seed_policies(run, staff, fairs)
    run.summary.logins = [*staff.logins, *people.logins, *hiring.logins]
    return run.finish()
