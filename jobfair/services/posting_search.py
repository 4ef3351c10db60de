"""The public posting list as a user sees it: filtered, in the chosen order, with
a seeker's match per posting, the nearness of each to them and what they saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matching import regions
from matching.documents import Match
from models import Posting, SeekerProfile

from .. import metrics
from ..extensions import Page, db
from . import postings, saved_postings
from .live_index import matcher


@dataclass(frozen=True)
class PostingList:
    page: Page  # of Posting
    sort: str
    sorts: tuple[str, ...]
    #: For a seeker: the match of every posting on the page whose hard requirements
    #: they meet; a posting on the page that is not here is one they do not meet.
    matches: dict[int, Match] | None = None
    #: For a seeker: ``matching.regions.proximity`` of each posting on the page.
    proximity: dict[int, str] = field(default_factory=dict)
    saved: set[int] = field(default_factory=set)


def browse_postings(
    filters: postings.PostingFilters,
    sort: str | None,
    page: int,
    per_page: int,
    seeker: SeekerProfile | None = None,
) -> PostingList:
    """One page of the public postings in the order ``sort`` (see ``postings.SORTS``).

    "match" (a seeker only): the postings whose hard requirements the seeker meets,
    best match first as the matcher ranks them, then the others, newest first.
    The matcher ranks only as deep as the page asked for (its page of ``k``), so
    the first pages cost about what the seeker's recommendations cost, however many
    postings there are.
    """
    sort = postings.clean_sort(sort, seeker is not None)
    if sort == "match":
        result, matches = _by_match(seeker, filters, page, per_page)
    else:
        result = postings.search_postings(
            filters, page, per_page, sort=sort, near=seeker.district_code if seeker else None
        )
        matches = _matches_on_page(seeker, result.items) if seeker else None
    ids = [p.id for p in result.items]
    return PostingList(
        page=result,
        sort=sort,
        sorts=postings.sorts_for(seeker is not None),
        matches=matches,
        proximity=(
            {p.id: regions.proximity(seeker.district_code, p.district_code) for p in result.items}
            if seeker
            else {}
        ),
        saved=saved_postings.saved_ids(seeker, ids),
    )


def _by_match(
    seeker: SeekerProfile, filters: postings.PostingFilters, page: int, per_page: int
) -> tuple[Page, dict[int, Match]]:
    ids = postings.public_posting_ids(filters)  # newest first
    total = len(ids)
    page = min(max(1, page), max(1, -(-total // per_page)))
    offset = (page - 1) * per_page
    with metrics.matcher_timer("rank_postings"):
        ranked = matcher().rank_postings(seeker.id, k=offset + per_page, posting_ids=ids)
    if len(ranked) < offset + per_page:
        # the matcher ran out: every posting the seeker qualifies for is ranked,
        # and the page continues with the others, newest first
        eligible = {m.id for m in ranked}
        order = [m.id for m in ranked] + [i for i in ids if i not in eligible]
    else:
        order = [m.id for m in ranked]
    page_ids = order[offset : offset + per_page]
    by_id = {
        p.id: p
        for p in db.session.scalars(
            select(Posting).where(Posting.id.in_(page_ids)).options(selectinload(Posting.employer))
        )
    }
    items = [by_id[i] for i in page_ids if i in by_id]
    on_page = set(page_ids)
    matches = {m.id: m for m in ranked if m.id in on_page}
    return Page(items=items, total=total, page=page, per_page=per_page), matches


def _matches_on_page(seeker: SeekerProfile, items: list[Posting]) -> dict[int, Match]:
    """The seeker's match with each posting of a page (eligible ones only)."""
    if not items:
        return {}
    with metrics.matcher_timer("rank_postings"):
        ranked = matcher().rank_postings(
            seeker.id, k=len(items), posting_ids=[p.id for p in items]
        )
    return {m.id: m for m in ranked}
