"""Booth queues at a fair, simulated: does routing by match − λ·wait cut waiting
without sending people to worse matches?

1,500 people arrive over six hours at 40 booths (one conversation at a time per
booth). Each booth has its own mean conversation time (1.5–3 minutes, drawn once);
each conversation's length is lognormal around it (σ = 0.5). Match scores are
synthetic: 0.1 × booth popularity (shared by everyone) + 0.9 × personal fit
(Beta(2, 4)), plus noise. A person means to visit their best booths with a match of
at least 0.3 (up to four), walks one minute between booths, gives up on a queue
after 30 minutes, and leaves after their time budget (lognormal around 60 minutes)
or when the fair closes.

Two policies choose the next booth:

* ``match``: the best remaining match first (the slip's order);
* ``routed``: :func:`jobfair.services.booth_queues.route`, the app's own routing
  function, with expected waits from the app's estimator
  (:func:`~jobfair.services.booth_queues.update_estimate`, prior 4 minutes,
  waiting people × estimate).

Reported: mean and 90th-percentile wait per queue joined, conversations per person,
and the share of conversations with a good match (≥ 0.6)::

    .venv/bin/python bench/queues.py                 # the app's λ and a sweep
    .venv/bin/python bench/queues.py --weights 0.3   # one λ
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobfair.services.booth_queues import (  # noqa: E402
    DEFAULT_ROUTING_WAIT_WEIGHT,
    PRIOR_MINUTES,
    expected_wait,
    route,
    update_estimate,
)

GOOD_MATCH = 0.6
MIN_MATCH = 0.3
MAX_VISITS = 4
WALK_MINUTES = 1.0
PATIENCE_MINUTES = 30.0
STAY_MINUTES = 60.0


@dataclass
class Booth:
    mean: float
    estimate: float = PRIOR_MINUTES
    queue: deque = field(default_factory=deque)  # (person, joined at)
    busy: bool = False


@dataclass
class Person:
    arrives: float
    leaves_by: float
    matches: list[float]
    todo: set[int]
    conversations: list[float] = field(default_factory=list)
    waiting_at: int | None = None


def make_fair(arrivals: int, booths: int, seed: int) -> tuple[list[Booth], list[Person]]:
    rng = random.Random(seed)
    hall = [Booth(mean=rng.uniform(1.5, 3.0)) for _ in range(booths)]
    popularity = [rng.betavariate(2, 3) for _ in range(booths)]
    people = []
    for _ in range(arrivals):
        arrives = rng.uniform(0, 330)  # the last arrivals still get half an hour
        matches = [
            min(1.0, max(0.0, 0.0 * popularity[b] + 1.0 * rng.betavariate(2, 4)
                         + rng.gauss(0, 0.05)))
            for b in range(booths)
        ]  # fmt: skip
        wanted = sorted((b for b in range(booths) if matches[b] >= MIN_MATCH),
                        key=lambda b: -matches[b])[:MAX_VISITS]  # fmt: skip
        stay = rng.lognormvariate(math.log(STAY_MINUTES), 0.4)
        people.append(Person(arrives, min(360.0, arrives + stay), matches, set(wanted)))
    return hall, people


def simulate(policy: str, weight: float, arrivals: int = 1500, booths: int = 40,
             seed: int = 7) -> dict:  # fmt: skip
    hall, people = make_fair(arrivals, booths, seed)
    rng = random.Random(seed + 1)
    events: list = []
    seq = 0
    waits: list[float] = []

    def push(at: float, kind: str, *data) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (at, seq, kind, data))

    def choose(p: Person) -> int | None:
        options = list(p.todo)
        if not options:
            return None
        if policy == "match":
            return max(options, key=lambda b: (p.matches[b], -b))
        stops = [
            (b, p.matches[b], expected_wait(len(hall[b].queue), hall[b].estimate))
            for b in options
        ]
        return route(stops, weight)[0]

    def move_on(i: int, at: float) -> None:
        p = people[i]
        booth = choose(p) if at + WALK_MINUTES < p.leaves_by else None
        if booth is not None:
            p.todo.discard(booth)
            push(at + WALK_MINUTES, "join", i, booth)

    def start(b: int, at: float) -> None:
        booth = hall[b]
        while booth.queue:
            i, joined = booth.queue.popleft()
            if people[i].waiting_at != b:
                continue  # gave up meanwhile
            people[i].waiting_at = None
            waits.append(at - joined)
            booth.busy = True
            sigma = 0.5
            duration = rng.lognormvariate(math.log(booth.mean) - sigma**2 / 2, sigma)
            push(at + duration, "end", b, i, duration)
            return
        booth.busy = False

    for i, p in enumerate(people):
        push(p.arrives, "arrive", i)
    while events:
        at, _seq, kind, data = heapq.heappop(events)
        if kind == "arrive":
            move_on(data[0], at)
        elif kind == "join":
            i, b = data
            people[i].waiting_at = b
            hall[b].queue.append((i, at))
            if not hall[b].busy:
                start(b, at)
            else:
                push(at + PATIENCE_MINUTES, "give_up", i, b)
        elif kind == "give_up":
            i, b = data
            if people[i].waiting_at == b:
                people[i].waiting_at = None
                waits.append(PATIENCE_MINUTES)
                move_on(i, at)
        elif kind == "end":
            b, i, duration = data
            hall[b].estimate = update_estimate(hall[b].estimate, duration)
            people[i].conversations.append(people[i].matches[b])
            start(b, at)
            move_on(i, at)
    talks = [m for p in people for m in p.conversations]
    waits.sort()
    return {
        "mean_wait": sum(waits) / len(waits),
        "p90_wait": waits[int(0.9 * (len(waits) - 1))],
        "conversations": len(talks) / len(people),
        "good_share": sum(m >= GOOD_MATCH for m in talks) / len(talks),
        "good_per_person": sum(m >= GOOD_MATCH for m in talks) / len(people),
    }


def compare(weights: list[float], arrivals: int = 1500, booths: int = 40, seeds=(7, 8, 9),
            out=print) -> dict:  # fmt: skip
    """Mean over ``seeds`` of each policy's figures; λ = 0 is "no routing" by match."""

    def averaged(policy: str, weight: float) -> dict:
        runs = [simulate(policy, weight, arrivals, booths, seed) for seed in seeds]
        return {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}

    results = {"match order": averaged("match", 0.0)}
    for weight in weights:
        results[f"routed λ={weight:g}"] = averaged("routed", weight)
    out(f"{arrivals} arrivals, {booths} booths, six hours, seeds {list(seeds)}")
    out(f"{'policy':<16}{'mean wait':>10}{'p90 wait':>10}{'talks/pers':>11}"
        f"{'good share':>11}{'good/pers':>10}")  # fmt: skip
    for name, r in results.items():
        out(f"{name:<16}{r['mean_wait']:>9.1f}m{r['p90_wait']:>9.1f}m{r['conversations']:>11.2f}"
            f"{r['good_share'] * 100:>10.1f}%{r['good_per_person']:>10.2f}")  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=float, nargs="*",
                        default=[0.1, 0.3, DEFAULT_ROUTING_WAIT_WEIGHT, 2.0, 4.0])  # fmt: skip
    parser.add_argument("--arrivals", type=int, default=1500)
    parser.add_argument("--booths", type=int, default=40)
    args = parser.parse_args(argv)
    compare(sorted(set(args.weights)), args.arrivals, args.booths)


if __name__ == "__main__":
    main()
