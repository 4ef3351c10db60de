"""Seeding step: the employers' postings, most open, some drafts and some closed."""

from __future__ import annotations

import random
import typing as t
from dataclasses import dataclass, replace
from datetime import timedelta

from matching import regions
from models import EmployerStatus, Posting, PostingStatus

from . import draw
from .employers import Employers
from .occupations import DELIVERY_WEIGHTS_BY_LINE, POSTING_OCCUPATION_WEIGHTS
from .places import STREETS, URBAN
from .run import Run, by_status
from .texts import PostingContext, posting_content


@dataclass
class Postings:
    """The postings made; index ``k`` is the same posting in every list."""

    rows: list[dict[str, t.Any]]
    ids: list[int]
    #: the index (into :class:`Employers`) of each posting's employer
    owners: list[int]

    def with_status(self, status: str) -> list[int]:
        """Indices of the postings in ``status``."""
        return [k for k, row in enumerate(self.rows) if row["status"] == status]


def _owners(rng: random.Random, employers: Employers, count: int) -> tuple[list[int], int]:
    """Who posts each posting, and how many employers post for real (the rest only draft).

    Verified employers post in turn, some more often; a few drafts are
    pending employers'.
    """
    verified = employers.with_status(EmployerStatus.VERIFIED)
    pending = employers.with_status(EmployerStatus.PENDING)
    n_drafts_pending = min(len(pending), count // 40)
    if not verified:
        verified = [
            i for i, row in enumerate(employers.rows) if row["status"] != EmployerStatus.REJECTED
        ] or [0]
    owners: list[int] = []
    while len(owners) < count - n_drafts_pending:
        i = verified[len(owners) % len(verified)]
        owners.append(i if rng.random() < 0.75 else rng.choice(verified))
    return owners + pending[:n_drafts_pending], len(verified)


def posting_place(ctx: PostingContext, district: str) -> PostingContext:
    """The employer's context for a posting in ``district``: the title and text name
    that district (and, outside the league's towns, no street of another one)."""
    county = regions.get(district)
    assert county is not None
    if district in URBAN.get(ctx.league, ()):
        streets = tuple(s for s in STREETS[ctx.league] if counties_named(s) <= {district})
    else:  # a county town: the league's streets are elsewhere
        streets = ()
    streets = streets or (f"{county.name}城区",)
    return replace(ctx, district=district, dist=county.name, streets=streets)


def counties_named(text: str) -> set[str]:
    """Codes of the counties whose name, or else two-character short name, ``text`` contains
    (科尔沁左翼后旗 names that banner, not also 科尔沁区)."""
    named = set()
    for c in sorted(regions.COUNTIES, key=lambda c: len(c.name), reverse=True):
        if c.name in text:
            named.add(c.code)
            text = text.replace(c.name, "|")
    for c in regions.COUNTIES:
        if len(c.short_name) > 1 and c.short_name in text:
            named.add(c.code)
    return named


def seed_postings(run: Run, employers: Employers, *, count: int) -> Postings:
    """``count`` postings; every verified employer has one open, unverified ones only drafts."""
    rng = run.rng("postings")
    owners, n_verified = _owners(rng, employers, count)
    rows = []
    titles_of: dict[int, set[str]] = {i: set() for i in range(len(employers.rows))}
    for n, owner in enumerate(owners):
        ctx = employers.contexts[owner]
        district = ctx.district
        if rng.random() < 0.2:  # a posting elsewhere in the employer's league
            district = rng.choice(regions.counties_in(ctx.league)).code
        ctx = posting_place(ctx, district)
        weights = DELIVERY_WEIGHTS_BY_LINE.get(ctx.product) if ctx.trade == "delivery" else None
        for _ in range(4):  # an employer does not post the same title twice
            occ = draw.weighted(rng, weights or POSTING_OCCUPATION_WEIGHTS[ctx.trade])
            content = posting_content(rng, occ, ctx)
            if content["title"] not in titles_of[owner]:
                break
        titles_of[owner].add(content["title"])
        if employers.rows[owner]["status"] != EmployerStatus.VERIFIED:
            status = PostingStatus.DRAFT
        else:
            status = rng.choices(
                (PostingStatus.OPEN, PostingStatus.DRAFT, PostingStatus.CLOSED), weights=(86, 6, 8)
            )[0]
        if n < n_verified:
            status = PostingStatus.OPEN  # every verified employer has something open
        created = run.base - timedelta(days=rng.uniform(3, 75))
        published = (
            created + timedelta(hours=rng.uniform(1, 48)) if status != PostingStatus.DRAFT else None
        )
        if published and published > run.base - timedelta(hours=2):
            published = run.base - timedelta(hours=rng.uniform(2, 12))
        updated = published or created
        if status == PostingStatus.CLOSED:
            updated = min(
                run.base - timedelta(hours=1),
                (published or created) + timedelta(days=rng.uniform(10, 30)),
            )
        rows.append(
            {
                "employer_id": employers.ids[owner],
                "occupation_code": occ,
                "trade": ctx.trade,
                "district_code": district,
                "status": status,
                "created_at": created.replace(microsecond=0),
                "updated_at": updated.replace(microsecond=0),
                "published_at": published.replace(microsecond=0) if published else None,
                **content,
            }
        )
    ids = run.insert(Posting, rows)
    run.summary.postings = len(ids)
    run.summary.postings_by_status = by_status(rows)
    run.done("postings")
    return Postings(rows=rows, ids=ids, owners=owners)
