"""Live queues at the booths of an on-site fair, waiting-time estimates and routing.

Rules
-----
* A person joins a booth's queue if they signed up for or checked in at that fair,
  the booth is approved, and the fair is open now. Once per booth while waiting or
  talking there; at most :data:`MAX_WAITING` queues at once (so nobody holds places
  all over the hall, and nobody is stuck behind one slow booth).
* Booth staff call the next person (``called_at`` and ``started_at`` set: the
  conversation starts when called), then end the conversation with an optional
  outcome. ``intention_reached`` is recorded only (no pipeline change).
* A person may leave a queue (or a conversation) at any time: outcome ``left``.

Service-time estimator
----------------------
Per booth and per local day, an exponentially weighted mean of measured
conversation durations (``ended_at - started_at``, clipped to 0.5–30 minutes),
starting from the prior :data:`PRIOR_MINUTES` (4 min)::

    estimate <- (1 - ALPHA) * estimate + ALPHA * duration      (ALPHA = 0.3)

in the order the conversations ended. With α = 0.3 the prior weighs less than
3 % after ten conversations, and a booth that slows down is noticed within a few.

Expected wait for someone joining now = people waiting × estimate /
:data:`PARALLEL_CONVERSATIONS` (1: one conversation at a time per booth).

Routing
-------
The order of booths a person should visit: score = match − λ × (wait / 30),
match in [0, 1], wait in minutes, λ = ``ROUTING_WAIT_WEIGHT`` (config, 1.0). With
λ = 1 a 12-minute queue costs 0.4 of match; a booth matching 0.9 with a 12-minute
queue comes after one matching 0.6 with none. λ = 1 was the best of 0.1–4 in
bench/queues.py (lowest mean wait; good-match share within 2 points of the match
order). :func:`routing_score` and :func:`route` are pure; the bench imports them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from jobfair.i18n import gettext as _
from models import (
    Booth,
    BoothQueueEntry,
    BoothStatus,
    Fair,
    FairRegistration,
    QueueOutcome,
    QueueSource,
    SeekerProfile,
    User,
)

from .. import clock
from ..errors import DomainError, NotFound
from ..extensions import db
from . import fairs

MAX_WAITING = 3
PRIOR_MINUTES = 4.0
ALPHA = 0.3
MIN_DURATION, MAX_DURATION = 0.5, 30.0
PARALLEL_CONVERSATIONS = 1
WAIT_SCALE_MINUTES = 30.0
DEFAULT_ROUTING_WAIT_WEIGHT = 1.0


class QueueRefused(DomainError):
    status_code = 409


# -- the estimator and routing (pure) ------------------------------------------------------


def update_estimate(estimate: float, duration_minutes: float, alpha: float = ALPHA) -> float:
    """One step of the exponentially weighted mean of service times."""
    duration = min(max(duration_minutes, MIN_DURATION), MAX_DURATION)
    return (1 - alpha) * estimate + alpha * duration


def estimate_from(durations: list[float], prior: float = PRIOR_MINUTES) -> float:
    estimate = prior
    for duration in durations:
        estimate = update_estimate(estimate, duration)
    return estimate


def expected_wait(ahead: int, service_minutes: float, parallel: int = PARALLEL_CONVERSATIONS):
    return ahead * service_minutes / max(parallel, 1)


def routing_score(match: float, wait_minutes: float, weight: float) -> float:
    """match − λ × wait / 30 (match in [0, 1], wait in minutes)."""
    return match - weight * wait_minutes / WAIT_SCALE_MINUTES


def route(options: list[tuple[int, float, float]], weight: float) -> list[int]:
    """Booth ids of (booth id, match, wait minutes), best score first."""
    ranked = sorted(options, key=lambda o: (-routing_score(o[1], o[2], weight), o[0]))
    return [booth_id for booth_id, _match, _wait in ranked]


def routing_weight() -> float:
    return float(current_app.config.get("ROUTING_WAIT_WEIGHT", DEFAULT_ROUTING_WAIT_WEIGHT))


# -- reading the queues --------------------------------------------------------------------


@dataclass(frozen=True)
class BoothLoad:
    booth: Booth
    waiting: int
    talking: int
    service_minutes: float

    @property
    def wait_minutes(self) -> float:
        return expected_wait(self.waiting, self.service_minutes)


def _open_entries(booth_ids: list[int]) -> list[BoothQueueEntry]:
    if not booth_ids:
        return []
    stmt = (
        select(BoothQueueEntry)
        .where(BoothQueueEntry.booth_id.in_(booth_ids), BoothQueueEntry.ended_at.is_(None))
        .order_by(BoothQueueEntry.joined_at, BoothQueueEntry.id)
    )
    return list(db.session.scalars(stmt))


def service_estimates(booth_ids: list[int]) -> dict[int, float]:
    """Each booth's running service-time estimate today (minutes)."""
    durations: dict[int, list[float]] = defaultdict(list)
    if booth_ids:
        stmt = (
            select(BoothQueueEntry.booth_id, BoothQueueEntry.started_at, BoothQueueEntry.ended_at)
            .where(
                BoothQueueEntry.booth_id.in_(booth_ids),
                BoothQueueEntry.started_at >= clock.start_of_local_day(),
                BoothQueueEntry.ended_at.is_not(None),
            )
            .order_by(BoothQueueEntry.ended_at, BoothQueueEntry.id)
        )
        for booth_id, started, ended in db.session.execute(stmt):
            durations[booth_id].append((ended - started).total_seconds() / 60)
    return {b: estimate_from(durations[b]) for b in booth_ids}


def hall_fair(fair_id: int) -> Fair:
    """A public fair held in a hall (an online-only fair has no hall screen)."""
    fair = fairs.public_fair(fair_id)
    if not fair.has_hall:
        raise NotFound(_("这场招聘会没有现场展位。"))
    return fair


def booth_loads(fair: Fair) -> list[BoothLoad]:
    """Every approved booth of the fair in label order, with its queue and estimate."""
    booths = fairs.booths_of(fair)
    ids = [b.id for b in booths]
    waiting: dict[int, int] = defaultdict(int)
    talking: dict[int, int] = defaultdict(int)
    for entry in _open_entries(ids):
        if entry.started_at is None:
            waiting[entry.booth_id] += 1
        else:
            talking[entry.booth_id] += 1
    estimates = service_estimates(ids)
    return [BoothLoad(b, waiting[b.id], talking[b.id], estimates[b.id]) for b in booths]


def queue_of(booth: Booth) -> tuple[list[BoothQueueEntry], list[BoothQueueEntry]]:
    """(talking now, waiting in order) at one booth."""
    entries = _open_entries([booth.id])
    return [e for e in entries if e.started_at], [e for e in entries if e.started_at is None]


def entries_of(seeker: SeekerProfile, fair: Fair) -> list[BoothQueueEntry]:
    """The person's open places (waiting or talking) at this fair's booths."""
    stmt = (
        select(BoothQueueEntry)
        .join(Booth, Booth.id == BoothQueueEntry.booth_id)
        .where(
            Booth.fair_id == fair.id,
            BoothQueueEntry.seeker_id == seeker.id,
            BoothQueueEntry.ended_at.is_(None),
        )
        .order_by(BoothQueueEntry.joined_at)
    )
    return list(db.session.scalars(stmt))


def place_in_queue(entry: BoothQueueEntry) -> int:
    """How many people wait ahead of this waiting entry."""
    _talking, waiting = queue_of(entry.booth)
    return next((i for i, e in enumerate(waiting) if e.id == entry.id), 0)


# -- joining and leaving -------------------------------------------------------------------


def _booth_of_fair(fair: Fair, booth_id: int) -> Booth:
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.fair_id != fair.id or booth.status != BoothStatus.APPROVED:
        raise NotFound(_("没有找到这个展位。"))
    return booth


def join_queue(fair: Fair, booth_id: int, seeker_id: int, source: str) -> BoothQueueEntry:
    """Put a person at the end of a booth's queue (see the module's rules)."""
    if source not in tuple(QueueSource):
        raise ValueError(f"unknown source {source!r}")
    booth = _booth_of_fair(fair, booth_id)
    seeker = db.session.get(SeekerProfile, seeker_id)
    if seeker is None:
        raise NotFound(_("没有找到这位求职者。"))
    registered = db.session.scalar(
        select(FairRegistration.id).where(
            FairRegistration.fair_id == fair.id, FairRegistration.seeker_id == seeker.id
        )
    )
    if registered is None:
        raise QueueRefused(_("这位求职者没有报名或签到本场招聘会，不能排队。"))
    if not fairs.is_open_now(fair):
        raise QueueRefused(_("招聘会现在没有开放，不能排队。"))
    # one person's joins are serialised by locking their profile row (PostgreSQL)
    db.session.execute(
        select(SeekerProfile.id).where(SeekerProfile.id == seeker.id).with_for_update()
    )
    mine = entries_of(seeker, fair)
    if any(e.booth_id == booth.id for e in mine):
        raise QueueRefused(_("已经在这个展位排队了。"))
    if sum(1 for e in mine if e.started_at is None) >= MAX_WAITING:
        raise QueueRefused(_("最多同时在三个展位排队，请先退出一个。"))
    entry = BoothQueueEntry(
        booth_id=booth.id, seeker_id=seeker.id, source=source, joined_at=clock.now()
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def leave_queue(seeker: SeekerProfile, entry_id: int) -> BoothQueueEntry:
    entry = db.session.get(BoothQueueEntry, entry_id)
    if entry is None or entry.seeker_id != seeker.id or entry.ended_at is not None:
        raise NotFound(_("没有找到这个排队。"))
    entry.ended_at = clock.now()
    entry.outcome = QueueOutcome.LEFT
    db.session.flush()
    return entry


# -- booth staff ---------------------------------------------------------------------------


def staff_booth(member: User, fair_id: int) -> Booth:
    """The member's approved booth at this fair; 404 for anyone else's."""
    booth = fairs.employer_booths(member).get(fair_id)
    if booth is None or booth.status != BoothStatus.APPROVED:
        raise NotFound(_("您的企业在这场招聘会没有已通过的展位。"))
    return booth


def call_next(member: User, fair_id: int) -> BoothQueueEntry | None:
    """Call the first person waiting; their conversation starts now. None: nobody waits."""
    booth = staff_booth(member, fair_id)
    # two phones at one booth pressing at once call two different people (PostgreSQL)
    entry = db.session.scalar(
        select(BoothQueueEntry)
        .where(
            BoothQueueEntry.booth_id == booth.id,
            BoothQueueEntry.started_at.is_(None),
            BoothQueueEntry.ended_at.is_(None),
        )
        .order_by(BoothQueueEntry.joined_at, BoothQueueEntry.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if entry is None:
        return None
    entry.called_at = entry.started_at = clock.now()
    db.session.flush()
    return entry


def end_conversation(
    member: User, fair_id: int, entry_id: int, outcome: str | None = None
) -> BoothQueueEntry:
    booth = staff_booth(member, fair_id)
    entry = db.session.get(BoothQueueEntry, entry_id)
    if entry is None or entry.booth_id != booth.id or entry.ended_at is not None:
        raise NotFound(_("没有找到这个排队。"))
    if outcome is not None and outcome not in tuple(QueueOutcome):
        raise QueueRefused(_("请选择列表中的结果。"))
    entry.ended_at = clock.now()
    if entry.started_at is None:  # ended before being called: counts as having left
        outcome = QueueOutcome.LEFT
    entry.outcome = outcome
    db.session.flush()
    return entry


def add_at_booth(member: User, fair_id: int, seeker_number: str) -> BoothQueueEntry:
    """Booth staff add a person by their seeker number (printed on the slip)."""
    booth = staff_booth(member, fair_id)
    number = (seeker_number or "").strip().lstrip("#")
    if not number.isdigit() or len(number) > 9:
        raise QueueRefused(_("请输入求职者编号（小票上的数字）。"))
    return join_queue(booth.fair, booth.id, int(number), QueueSource.BOOTH)


# -- routing for one person ----------------------------------------------------------------


@dataclass(frozen=True)
class RouteStop:
    booth: Booth
    match: float
    wait_minutes: float
    score: float
    entry: BoothQueueEntry | None  # the person's place there, if they queue there
    ahead: int | None


def route_for(seeker: SeekerProfile, fair: Fair, matches: dict[int, float]) -> list[RouteStop]:
    """The booths of the person's slip, best first by :func:`routing_score`.

    ``matches``: booth id -> best match in [0, 1] of that booth's postings for them.
    Where they already wait, the wait is the one ahead of them.
    """
    weight = routing_weight()
    loads = {load.booth.id: load for load in booth_loads(fair)}
    mine = {e.booth_id: e for e in entries_of(seeker, fair)}
    stops = []
    for booth_id, match in matches.items():
        load = loads.get(booth_id)
        if load is None:
            continue
        entry = mine.get(booth_id)
        ahead = None
        if entry is not None and entry.started_at is None:
            ahead = place_in_queue(entry)
            wait = expected_wait(ahead, load.service_minutes)
        elif entry is not None:
            wait = 0.0
        else:
            wait = load.wait_minutes
        stops.append(
            RouteStop(load.booth, match, wait, routing_score(match, wait, weight), entry, ahead)
        )
    order = route([(s.booth.id, s.match, s.wait_minutes) for s in stops], weight)
    by_id = {s.booth.id: s for s in stops}
    return [by_id[i] for i in order]


def minutes_waited(entry: BoothQueueEntry, at: datetime | None = None) -> int:
    return int(((at or clock.now()) - entry.joined_at).total_seconds() // 60)
