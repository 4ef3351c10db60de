"""Seeding step: about 300 applications in every state, each with its history and interview.

Applications move along the pipeline the service allows (applied, viewed,
shortlisted, interview, offer, hired; rejected or withdrawn from any open
state). Applications through a fair follow that fair's dates, like the fairs
themselves; interviews get 15-minute slots, at the employer's booth on the
running fair's day when it has one, else at the company.
"""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from models import Application, ApplicationEvent, PostingStatus
from models import ApplicationStatus as S

from ..services.applications import INTERVIEW_SLOT
from . import draw
from .employers import Employers
from .fairs import Fairs
from .phrases import APPLICATION_NOTES, REJECTION_EVENT_NOTE
from .postings import Postings
from .run import Run, by_status
from .seekers import Seekers

PIPELINE = [S.APPLIED, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED]
# How often each final status occurs (every one at least once).
STATUS_WEIGHTS = {
    S.APPLIED: 24,
    S.VIEWED: 17,
    S.SHORTLISTED: 12,
    S.INTERVIEW: 10,
    S.OFFER: 6,
    S.HIRED: 9,
    S.REJECTED: 15,
    S.WITHDRAWN: 7,
}
# The demo seeker's own applications: applied, invited to an interview, rejected.
DEMO_SEEKER_STATUSES = (S.APPLIED, S.INTERVIEW, S.REJECTED)


@dataclass
class Applications:
    """The applications made; index ``n`` is the same application in every list."""

    #: ``(posting index, seeker index, final status)``
    pairs: list[tuple[int, int, str]]
    rows: list[dict[str, t.Any]]
    ids: list[int]
    #: each application's history: ``(from, to, actor user id, at)``
    histories: list[list[tuple[str | None, str, int, datetime]]]


def _pairs(
    rng: random.Random, postings: Postings, seekers: Seekers, employers: Employers
) -> list[tuple[int, int, str]]:
    """Who applied to what, and how far it went: ``(posting, seeker, final status)``.

    Mostly seekers who want that occupation and meet its hard requirements;
    every final status at least once; the demo seeker three times.
    """
    wanted = max(0, round(300 * len(postings.rows) / 120))
    live = [k for k, row in enumerate(postings.rows) if row["status"] != PostingStatus.DRAFT]
    by_occupation = seekers.by_occupation()
    everyone = list(range(1, len(seekers.facts)))
    demo_posts = [
        k
        for k in live
        if postings.rows[k]["occupation_code"] in ("D01", "D02")
        and postings.rows[k]["status"] == PostingStatus.OPEN
        and employers.contexts[postings.owners[k]].league == "150100"
    ][:3]
    pairs: list[tuple[int, int, str]] = [
        (k, 0, status) for k, status in zip(demo_posts, DEMO_SEEKER_STATUSES, strict=False)
    ]
    seen = {(k, 0) for k in demo_posts}
    attempts = 0
    while live and len(pairs) < wanted and attempts < wanted * 20:
        attempts += 1
        k = rng.choice(live)
        posting = postings.rows[k]
        idx = rng.choice(by_occupation.get(posting["occupation_code"]) or everyone)
        if (k, idx) in seen or (not seekers.facts[idx].meets(posting) and rng.random() < 0.9):
            continue
        if (
            posting["status"] == PostingStatus.CLOSED
            and seekers.profiles[idx]["created_at"] >= posting["updated_at"]
        ):
            continue  # the seeker signed up after the posting closed
        if len(pairs) < len(demo_posts) + len(STATUS_WEIGHTS):  # every status at least once
            status = list(STATUS_WEIGHTS)[len(pairs) - len(demo_posts)]
        elif posting["status"] == PostingStatus.CLOSED:
            status = rng.choice((S.HIRED, S.REJECTED, S.REJECTED, S.WITHDRAWN))
        else:
            status = draw.weighted(rng, STATUS_WEIGHTS)  # type: ignore[arg-type]
        seen.add((k, idx))
        pairs.append((k, idx, status))
    return pairs


class _Interviews:
    """Interview times: free 15-minute slots at a booth of the running fair, or at the company.

    No two interviews share a slot at one booth (the schema refuses it too).
    """

    slot = INTERVIEW_SLOT

    def __init__(self, rng: random.Random, fairs: Fairs, now: datetime, zone: tzinfo) -> None:
        self.rng = rng
        self.now = now
        self.zone = zone  # working hours are the bureau's
        self.start, self.end = fairs.running["starts_at"], fairs.running["ends_at"]
        self.taken: set[tuple[int, datetime]] = set()

    def free_slot(self, booth_id: int, first: datetime) -> datetime | None:
        """The first free slot at the booth from ``first`` on, else from the opening on."""
        for at in (_ceil_slot(max(first, self.start)), self.start):
            while at + self.slot <= self.end:
                if (booth_id, at) not in self.taken:
                    self.taken.add((booth_id, at))
                    return at
                at += self.slot
        return None

    def later_today(self, first: datetime) -> datetime:
        """A random time between ``first`` and the last slot of the running fair."""
        room = (self.end - self.slot - max(first, self.start)).total_seconds()
        return max(first, self.start) + timedelta(seconds=self.rng.uniform(0, max(room, 0)))

    def fair_day(
        self, path: list[str], lo: datetime, booth_id: int
    ) -> tuple[list[datetime], datetime | None] | None:
        """Times for ``path`` applied at the running fair today, and its interview slot.

        None if the path does not fit into the fair's hours before now.
        """
        hi = min(self.now, self.end)
        if hi - lo < timedelta(minutes=30):
            return None
        at = lo + (hi - lo) * self.rng.uniform(0, 0.4)
        times = [at.replace(microsecond=0)]
        chosen = None
        for step in path[1:]:
            at = at + timedelta(minutes=self.rng.uniform(3, 25))
            if chosen is not None and at < chosen + self.slot:
                at = chosen + self.slot + timedelta(minutes=self.rng.uniform(2, 15))
            times.append(at.replace(microsecond=0))
            if step == S.INTERVIEW:
                first = at + timedelta(minutes=10)
                if (
                    step == path[-1]
                    and _ceil_slot(max(self.now, self.start)) + self.slot <= self.end
                ):
                    first = self.later_today(max(first, self.now))  # still to come
                chosen = self.free_slot(booth_id, first)
                if chosen is None:
                    return None
                if chosen < times[-1]:
                    self.taken.discard((booth_id, chosen))  # wrapped round: before it was arranged
                    return None
        if times[-1] > hi:
            if chosen is not None:
                self.taken.discard((booth_id, chosen))
            return None
        return times, chosen

    def at_company(self, after: datetime, before: datetime | None) -> datetime:
        """A working-hours slot after the interview was arranged (and before the next move)."""
        for _ in range(8):
            if before is not None and before - after > timedelta(hours=1):
                at = after + (before - after) * self.rng.uniform(0.2, 0.9)
            else:
                at = after + timedelta(days=self.rng.uniform(0.5, 3))
            slot = _ceil_slot(at)
            if 9 <= slot.astimezone(self.zone).hour < 17 and (before is None or slot < before):
                return slot  # a working-hours slot (16:50 would round up to 17:00)
        local = (after + timedelta(days=1)).astimezone(self.zone)
        return datetime(local.year, local.month, local.day, 10, 0, tzinfo=self.zone).astimezone(UTC)


def _ceil_slot(at: datetime) -> datetime:
    """The first 15-minute boundary (:00, :15, :30, :45) at or after ``at``."""
    floor = at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)
    return floor if floor == at else floor + timedelta(minutes=15)


def seed_applications(
    run: Run, employers: Employers, postings: Postings, seekers: Seekers, fairs: Fairs
) -> Applications:
    """Applications with their histories, some made through a fair, with interview slots."""
    rng = run.rng("applications")
    pairs = _pairs(rng, postings, seekers, employers)
    interviews = _Interviews(run.rng("fair-applications"), fairs, run.now, run.zone)
    frng = interviews.rng
    running, online = fairs.running, fairs.online
    rows, histories = [], []
    for k, idx, status in pairs:
        posting = postings.rows[k]
        owner = postings.owners[k]
        seeker_id = seekers.ids[idx]
        seeker_uid = seekers.user_of[seeker_id]
        employer_uid = employers.member_of[posting["employer_id"]]
        if status in PIPELINE:
            path = PIPELINE[: PIPELINE.index(status) + 1]
        else:
            stop = rng.randint(0, 4 if status == S.REJECTED else 3)
            path = PIPELINE[: stop + 1] + [status]
        start = max(
            posting["published_at"] or posting["created_at"], seekers.profiles[idx]["created_at"]
        )
        end = posting["updated_at"] if posting["status"] == PostingStatus.CLOSED else run.base
        times = draw.spread(start, end, len(path), rng)
        note = rng.choice(APPLICATION_NOTES.get(status, ("",)))
        fair_id, interview_at, place, booth_id = None, None, "", None
        booth = fairs.booth_of.get((fairs.running_id, owner))
        roll = frng.random()
        if k in fairs.shown[fairs.running_id] and booth and status != S.HIRED and roll < 0.55:
            plan = interviews.fair_day(path, max(running["starts_at"], start), booth[0])
            if plan is not None:
                times, interview_at = plan
                fair_id = fairs.running_id
                if interview_at is not None:
                    booth_id = booth[0]
        elif k in fairs.shown[fairs.online_id] and roll < 0.5:
            lo = max(online["starts_at"], start)
            hi = min(online["ends_at"], end, run.now)
            if hi - lo > timedelta(days=1):
                times = draw.spread(lo, hi, len(path), frng)
                fair_id = fairs.online_id
        if S.INTERVIEW in path and interview_at is None:
            i = path.index(S.INTERVIEW)
            if status == S.INTERVIEW and booth:
                # arranged in advance for the employer's booth at today's fair
                interview_at = interviews.free_slot(
                    booth[0], interviews.later_today(max(run.now, times[i]))
                )
                booth_id = booth[0] if interview_at else None
            if interview_at is None:
                interview_at = interviews.at_company(
                    times[i], times[i + 1] if i + 1 < len(path) else None
                )
        if booth_id is not None:
            place = f"{running['name']} 展位{booth[1]}"  # type: ignore[index]
        elif interview_at is not None:
            place = f"公司总部（{employers.seeds[owner].address}）"
            if len(place) > 100:
                place = place[:99] + "）"
        rows.append(
            {
                "posting_id": postings.ids[k],
                "seeker_id": seeker_id,
                "status": status,
                "note": note,
                "fair_id": fair_id,
                "interview_at": interview_at,
                "interview_place": place,
                "interview_booth_id": booth_id,
                "created_at": times[0],
                "updated_at": times[-1],
            }
        )
        histories.append(
            [
                (prev, to, seeker_uid if to in (S.APPLIED, S.WITHDRAWN) else employer_uid, at)
                for prev, to, at in zip([None, *path[:-1]], path, times, strict=True)
            ]
        )
    ids = run.insert(Application, rows)
    events = [
        {
            "application_id": application_id,
            "from_status": prev,
            "to_status": to,
            "actor_user_id": actor,
            "at": at,
            "note": REJECTION_EVENT_NOTE if to == S.REJECTED else "",
        }
        for application_id, history in zip(ids, histories, strict=True)
        for prev, to, actor, at in history
    ]
    run.insert(ApplicationEvent, events)

    summary = run.summary
    summary.applications = len(ids)
    summary.application_events = len(events)
    summary.fair_applications = sum(1 for row in rows if row["fair_id"])
    summary.booth_interviews = sum(1 for row in rows if row["interview_booth_id"])
    summary.applications_by_status = by_status(rows)
    run.done("applications")
    return Applications(pairs=pairs, rows=rows, ids=ids, histories=histories)
