"""Seeding step: the notifications the services would have sent for everything that happened.

The texts come from the services that send them (booth decisions, every move
of an application, questions and answers), so the demo's inbox reads like the
app's. Everyone has read all but their newest few; the demo logins have some
unread.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import insert

from models import ApplicationStatus as S
from models import BoothStatus, Notification

from ..services.applications import (
    applied_notification_text,
    status_notification_text,
    withdrawn_notification_text,
)
from ..services.fairs import booth_decision_text
from ..services.notify import scrub
from ..services.questions import answer_notification_text, question_notification_text
from .applications import Applications
from .employers import Employers
from .fairs import Fairs
from .postings import Postings
from .questions import Questions
from .run import Run
from .seekers import Seekers


class _Outbox:
    """Notification rows, masked and cut as :func:`jobfair.services.notify.notify` stores them."""

    def __init__(self, zone: tzinfo) -> None:
        self.rows: list[dict[str, t.Any]] = []
        self.zone = zone  # times in texts are the bureau's

    def tell(
        self, user_ids: list[int], text: str, link: str, at: datetime, about: int | None = None
    ) -> None:
        text = scrub(text)[:300]
        for uid in user_ids:
            self.rows.append(
                {
                    "user_id": uid,
                    "text": text,
                    "link": link,
                    "created_at": at,
                    "about_seeker_id": about,
                }
            )


def _booth_decisions(run: Run, out: _Outbox, employers: Employers, fairs: Fairs) -> None:
    rng = run.rng("notifications")
    for owner, row in fairs.booths:
        if row["status"] == BoothStatus.REQUESTED:
            continue
        fair = fairs.row(row["fair_id"])
        decided = min(
            row["created_at"] + timedelta(days=rng.uniform(0.5, 3)),
            fair["starts_at"] - timedelta(hours=12),
            run.now,
        ).replace(microsecond=0)
        approved = row["status"] == BoothStatus.APPROVED
        text = booth_decision_text(fair["name"], approved, row["label"])
        out.tell(employers.members(employers.ids[owner]), text, "/employer/fairs", decided)


def _application_moves(
    out: _Outbox,
    employers: Employers,
    postings: Postings,
    seekers: Seekers,
    applications: Applications,
) -> None:
    for application_id, row, history, (k, idx, _) in zip(
        applications.ids, applications.rows, applications.histories, applications.pairs, strict=True
    ):
        posting = postings.rows[k]
        title, company = posting["title"], employers.rows[postings.owners[k]]["name"]
        name = seekers.profiles[idx]["name"]
        members = employers.members(posting["employer_id"])
        seeker_id = seekers.ids[idx]
        link = f"/employer/applications/{application_id}"
        for _prev, to, _actor, at in history:
            if to == S.APPLIED:
                out.tell(members, applied_notification_text(name, title), link, at, seeker_id)
            elif to == S.WITHDRAWN:
                out.tell(members, withdrawn_notification_text(name, title), link, at, seeker_id)
            else:
                when = ""
                if to == S.INTERVIEW and row["interview_at"]:
                    when = row["interview_at"].astimezone(out.zone).strftime("%Y-%m-%d %H:%M")
                text = status_notification_text(title, company, to, when, row["interview_place"])
                out.tell([seekers.user_of[seeker_id]], text, "/me/applications", at)


def _questions(
    out: _Outbox, employers: Employers, seekers: Seekers, fairs: Fairs, questions: Questions
) -> None:
    fair_name = fairs.running["name"]
    for q, (owner, idx) in zip(questions.rows, questions.who, strict=True):
        out.tell(
            employers.members(employers.ids[owner]),
            question_notification_text(fair_name, q["text"]),
            "/employer/",
            q["created_at"],
            seekers.ids[idx],
        )
        if q["answered_at"]:
            out.tell(
                [seekers.user_of[seekers.ids[idx]]],
                answer_notification_text(employers.rows[owner]["name"], q["answer"]),
                "/me/applications",
                q["answered_at"],
            )


def _mark_read(run: Run, rows: list[dict[str, t.Any]], demo_users: set[int]) -> None:
    """Everyone has read all but their newest few, minutes to two days after they came.

    None to three stay unread; two to four for the demo logins.
    """
    rng = run.rng("notifications")
    rows.sort(key=lambda r: (r["created_at"], r["user_id"]))
    by_user: dict[int, list[dict[str, t.Any]]] = {}
    for row in rows:
        by_user.setdefault(row["user_id"], []).append(row)
    for uid, mine in by_user.items():
        unread = max(2, rng.randint(2, 4)) if uid in demo_users else rng.choice((0, 1, 1, 2, 3))
        for row in mine[: len(mine) - unread]:
            read = row["created_at"] + timedelta(minutes=rng.uniform(5, 2880))
            row["read_at"] = max(row["created_at"], min(read, run.now)).replace(microsecond=0)
        for row in mine[len(mine) - unread :]:
            row["read_at"] = None


def seed_notifications(
    run: Run,
    employers: Employers,
    postings: Postings,
    seekers: Seekers,
    fairs: Fairs,
    applications: Applications,
    questions: Questions,
) -> None:
    """Every notification the services would have sent, most of them read."""
    out = _Outbox(run.zone)
    _booth_decisions(run, out, employers, fairs)
    _application_moves(out, employers, postings, seekers, applications)
    _questions(out, employers, seekers, fairs, questions)
    demo_users = {seekers.user_of[seekers.ids[0]], employers.member_of[employers.ids[0]]}
    _mark_read(run, out.rows, demo_users)
    if out.rows:
        run.session.execute(insert(Notification), out.rows)
    run.summary.notifications = len(out.rows)
    run.summary.unread_notifications = sum(1 for r in out.rows if r["read_at"] is None)
    run.done("notifications")
