"""Seeding step: employers inviting seekers to apply, the demo seeker among them."""

from __future__ import annotations

from datetime import timedelta

from models import Invitation, PostingStatus

from .applications import Applications
from .employers import Employers
from .phrases import INVITATION_MESSAGES
from .postings import Postings
from .run import Run
from .seekers import Seekers

INVITATIONS = 12


def seed_invitations(
    run: Run,
    employers: Employers,
    postings: Postings,
    seekers: Seekers,
    applications: Applications,
) -> None:
    """About a dozen invitations to open postings; the demo seeker's is a rider job nearby.

    Employers invite discoverable seekers who meet the posting and have not
    applied to it.
    """
    rng = run.rng("invitations")
    applied = {(k, idx) for k, idx, _ in applications.pairs}
    open_posts = postings.with_status(PostingStatus.OPEN)
    pairs: list[tuple[int, int]] = []
    for k in open_posts:
        posting = postings.rows[k]
        if (
            posting["occupation_code"] == "D01"
            and employers.contexts[postings.owners[k]].league == "150100"
            and (k, 0) not in applied
            and seekers.facts[0].meets(posting)
        ):
            pairs.append((k, 0))
            break
    by_occupation = seekers.by_occupation()
    tries = 0
    while len(pairs) < INVITATIONS and tries < 2000 and open_posts:
        tries += 1
        k = rng.choice(open_posts)
        candidates = by_occupation.get(postings.rows[k]["occupation_code"]) or []
        if not candidates:
            continue
        idx = rng.choice(candidates)
        if (
            (k, idx) in applied
            or (k, idx) in pairs
            or not seekers.profiles[idx]["discoverable"]
            or not seekers.facts[idx].meets(postings.rows[k])
        ):
            continue
        pairs.append((k, idx))

    rows = []
    for n, (k, idx) in enumerate(pairs):
        posting = postings.rows[k]
        created = max(
            posting["published_at"] or posting["created_at"],
            min(run.now, run.base) - timedelta(days=rng.uniform(0.1, 5)),
        ).replace(microsecond=0)
        rows.append(
            {
                "posting_id": postings.ids[k],
                "seeker_id": seekers.ids[idx],
                "invited_by_id": employers.member_of[posting["employer_id"]],
                "message": INVITATION_MESSAGES[n % len(INVITATION_MESSAGES)],
                "created_at": created,
                "seen_at": None
                if idx == 0 or rng.random() < 0.5
                else min(run.now, created + timedelta(hours=rng.uniform(1, 30))),
            }
        )
    run.insert(Invitation, rows)
    run.summary.invitations = len(rows)
    run.done("invitations")
