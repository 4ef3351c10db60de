"""Seeding step: seekers' questions to booths at the running fair, some answered."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import timedelta

from models import Question

from .employers import Employers
from .fairs import Fairs
from .phrases import BOOTH_QUESTIONS
from .run import Run
from .seekers import Seekers

BOOTHS_ASKED = 8


@dataclass
class Questions:
    rows: list[dict[str, t.Any]]
    #: ``(employer index, seeker index)`` of each question
    who: list[tuple[int, int]]


def seed_questions(run: Run, employers: Employers, seekers: Seekers, fairs: Fairs) -> Questions:
    """Questions to the first booths of today's fair, asked since it opened.

    The demo seeker asked the first booth; the others were asked by people
    signed up for the fair. Every third booth and every second question still
    wait for an answer.
    """
    rng = run.rng("questions")
    running = fairs.running
    booths = [(owner, booth) for (fair_id, owner), booth in fairs.booth_of.items()
              if fair_id == fairs.running_id]  # fmt: skip
    signed_up = [
        seekers.ids.index(r["seeker_id"])
        for r in fairs.registrations
        if r["fair_id"] == fairs.running_id and r["seeker_id"] != seekers.ids[0]
    ]
    lo = running["starts_at"] if run.now > running["starts_at"] else run.now - timedelta(hours=2)
    hi = min(run.now, running["ends_at"])
    rows, who = [], []
    for n, (owner, (booth_id, _label)) in enumerate(booths[:BOOTHS_ASKED]):
        asked = BOOTH_QUESTIONS[employers.rows[owner]["trade"]]
        for j in range(1 if n else 2):
            text, answer = asked[(n + j) % len(asked)]
            idx = (
                0 if (n, j) == (0, 0) else rng.choice(signed_up or list(range(1, len(seekers.ids))))
            )
            created = (lo + (hi - lo) * rng.uniform(0.05, 0.8)).replace(microsecond=0)
            answered = min(run.now, created + timedelta(minutes=rng.uniform(3, 40)))
            if n % 3 == 1 or j == 1:  # some still waiting for an answer
                answer, answered = "", None
            rows.append(
                {
                    "booth_id": booth_id,
                    "seeker_id": seekers.ids[idx],
                    "text": text,
                    "answer": answer,
                    "created_at": created,
                    "answered_at": answered.replace(microsecond=0) if answered else None,
                }
            )
            who.append((owner, idx))
    run.insert(Question, rows)
    run.summary.questions = len(rows)
    run.done("questions")
    return Questions(rows=rows, who=who)
