"""Saved postings ("收藏的岗位"): a seeker keeps postings to look at again.

Saving and unsaving are idempotent: saving twice keeps one row, unsaving what is
not saved changes nothing. Only a public posting can be saved; a saved posting
that closes later stays in the list, marked as no longer hiring, until the
seeker removes it. The rows are personal data and go with the account
(``ON DELETE CASCADE`` from ``seeker_profile``).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from models import Posting, SavedPosting, SeekerProfile

from ..extensions import Page, db, paginate
from .postings import public_posting


def save_posting(seeker: SeekerProfile, posting_id: int) -> None:
    """Save a public posting for the seeker (404 for one that is not public).

    Two saves at the same moment (a double tap) both succeed with one row: the
    insert skips a row that already exists instead of failing on the unique key.
    """
    posting = public_posting(posting_id)
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(SavedPosting)
        .values(seeker_id=seeker.id, posting_id=posting.id)
        .on_conflict_do_nothing(index_elements=["seeker_id", "posting_id"])
    )
    db.session.flush()


def unsave_posting(seeker: SeekerProfile, posting_id: int) -> None:
    """Remove a posting from the seeker's saved ones, closed or not; nothing if not saved."""
    db.session.execute(
        delete(SavedPosting).where(
            SavedPosting.seeker_id == seeker.id, SavedPosting.posting_id == posting_id
        )
    )
    db.session.flush()


def saved_ids(seeker: SeekerProfile | None, posting_ids: Collection[int]) -> set[int]:
    """Which of ``posting_ids`` the seeker saved (empty without a seeker)."""
    if seeker is None or not posting_ids:
        return set()
    return set(
        db.session.scalars(
            select(SavedPosting.posting_id).where(
                SavedPosting.seeker_id == seeker.id,
                SavedPosting.posting_id.in_(list(posting_ids)),
            )
        )
    )


def saved_postings(seeker: SeekerProfile, page: int, per_page: int) -> Page:
    """One page of the seeker's saved postings (``SavedPosting`` rows with their
    posting and employer), last saved first; closed ones included."""
    stmt = (
        select(SavedPosting)
        .where(SavedPosting.seeker_id == seeker.id)
        .options(selectinload(SavedPosting.posting).selectinload(Posting.employer))
        .order_by(SavedPosting.created_at.desc(), SavedPosting.id.desc())
    )
    return paginate(db.session, stmt, page, per_page)
