"""Rankings with reasons: postings for a seeker, candidates for a posting, one pair's fit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from matching.documents import Eligibility, Match
from models import (
    Application,
    EmployerStatus,
    Fair,
    FairRegistration,
    Invitation,
    Posting,
    PostingStatus,
    SeekerProfile,
    User,
)

from .. import metrics, validation
from ..errors import Conflict, NotAllowed, NotFound
from ..extensions import Page, db
from . import postings as posting_service
from .documents import own_seeker_doc, posting_doc, seeker_doc
from .live_index import matcher
from .privacy import contact_visible_ids, text_from_seeker

INVITATION_LIMIT = 300


@dataclass(frozen=True)
class RankedPosting:
    posting: Posting
    match: Match


@dataclass(frozen=True)
class Candidate:
    seeker: SeekerProfile
    match: Match
    contact_visible: bool
    applied: bool
    invited: bool

    @property
    def desired_text(self) -> str:
        """The seeker's own words, phone numbers masked unless the contact is visible."""
        return text_from_seeker(self.seeker.desired_text, self.contact_visible)


@dataclass(frozen=True)
class Fit:
    match: Match
    eligibility: Eligibility


def recommended_postings(
    seeker: SeekerProfile, k: int = 10, posting_ids: list[int] | None = None
) -> list[RankedPosting]:
    """Open postings whose hard constraints the seeker meets, best first, with reasons."""
    with metrics.matcher_timer("rank_postings"):
        matches = matcher().rank_postings(seeker.id, k=k, posting_ids=posting_ids)
    by_id = _postings_by_id([m.id for m in matches])
    return [RankedPosting(by_id[m.id], m) for m in matches if m.id in by_id]


def posting_fit(seeker: SeekerProfile, posting: Posting) -> Fit:
    """Why a posting suits a seeker, or which hard requirement is missing."""
    index = matcher()
    p_doc, s_doc = posting_doc(posting), own_seeker_doc(seeker)
    return Fit(index.explain(p_doc, s_doc), index.eligibility(p_doc, s_doc))


def candidates(
    user: User,
    posting_id: int,
    page: int,
    per_page: int,
    district: str | None = None,
    licence: str | None = None,
) -> tuple[Posting, Page]:
    """One page of ranked, eligible seekers for the employer's own posting."""
    posting = posting_service.own_posting(user, posting_id)
    _require_published(posting)
    page = max(1, page)
    with metrics.matcher_timer("rank_seekers"):
        matches, total = matcher().rank_seekers(
            posting.id,
            k=per_page,
            offset=(page - 1) * per_page,
            district_code=district or None,
            licence=licence or None,
        )
    ids = [m.id for m in matches]
    seekers = {
        s.id: s
        for s in db.session.scalars(
            select(SeekerProfile)
            .where(SeekerProfile.id.in_(ids))
            .options(selectinload(SeekerProfile.user))
        )
    }
    visible = contact_visible_ids(posting.employer_id, ids)
    applied = set(
        db.session.scalars(
            select(Application.seeker_id).where(
                Application.posting_id == posting.id, Application.seeker_id.in_(ids)
            )
        )
    )
    invited = set(
        db.session.scalars(
            select(Invitation.seeker_id).where(
                Invitation.posting_id == posting.id, Invitation.seeker_id.in_(ids)
            )
        )
    )
    items = [
        Candidate(seekers[m.id], m, m.id in visible, m.id in applied, m.id in invited)
        for m in matches
        if m.id in seekers
    ]
    return posting, Page(items=items, total=total, page=page, per_page=per_page)


def _require_published(posting: Posting) -> None:
    """Candidates and invitations need a verified employer and an open posting."""
    if posting.employer.status != EmployerStatus.VERIFIED:
        raise NotAllowed(_("单位通过审核后才能查看推荐人选。"))
    if posting.status != PostingStatus.OPEN:
        raise NotAllowed(_("岗位发布后才能查看推荐人选和邀请求职者。"))


def invite_to_apply(user: User, posting_id: int, seeker_id: int, message: str = "") -> Invitation:
    """Invite a ranked candidate to apply; only seekers the posting may rank."""
    posting = posting_service.own_posting(user, posting_id)
    _require_published(posting)
    seeker = db.session.get(SeekerProfile, seeker_id)
    if seeker is None or not seeker.discoverable:
        raise NotFound(_("没有找到该求职者。"))
    eligibility = matcher().eligibility(posting_doc(posting), seeker_doc(seeker))
    if not eligibility.eligible:
        raise NotAllowed(_("该求职者不符合岗位的硬性要求。"))
    message = validation.clean_one(message, "message", INVITATION_LIMIT)
    exists = db.session.scalar(
        select(Invitation).where(
            Invitation.posting_id == posting.id, Invitation.seeker_id == seeker.id
        )
    )
    if exists:
        raise Conflict(_("已经邀请过这位求职者。"))
    invitation = Invitation(
        posting_id=posting.id, seeker_id=seeker.id, invited_by_id=user.id, message=message
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def invitations_for(seeker: SeekerProfile) -> list[Invitation]:
    stmt = (
        select(Invitation)
        .join(Posting)
        .where(Invitation.seeker_id == seeker.id, Posting.status == PostingStatus.OPEN)
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class PostingMatches:
    posting: Posting
    booth_label: str | None
    seekers: list[tuple[SeekerProfile, Match]]


def fair_matches(
    staff: User, fair: Fair, k: int = 5, ip: str | None = None
) -> list[PostingMatches]:
    """The best checked-in seekers for every posting at the fair, ranked in one batch.

    Staff see names here, so the view is written to the audit log.
    """
    from . import audit, fairs

    seeker_ids = list(
        db.session.scalars(
            select(FairRegistration.seeker_id).where(
                FairRegistration.fair_id == fair.id, FairRegistration.checked_in_at.is_not(None)
            )
        )
    )
    booth_of = {p.id: b for b in fairs.booths_of(fair) for p in b.postings}
    posting_ids = fairs.fair_posting_ids(fair)
    with metrics.matcher_timer("rank_fair"):
        ranked = matcher().rank_fair(seeker_ids, posting_ids, k=k) if seeker_ids else {}
    wanted = {m.id for matches in ranked.values() for m in matches}
    profiles = {
        s.id: s
        for s in db.session.scalars(select(SeekerProfile).where(SeekerProfile.id.in_(wanted)))
    }
    postings = _postings_by_id(posting_ids)
    audit.record(
        staff, "staff.view_fair_matches", "fair", fair.id, {"seekers": len(seeker_ids)}, ip
    )
    db.session.flush()
    return [
        PostingMatches(
            postings[pid],
            booth_of[pid].label,
            [(profiles[m.id], m) for m in ranked.get(pid, []) if m.id in profiles],
        )
        for pid in posting_ids
        if pid in postings
    ]


def _postings_by_id(ids: list[int]) -> dict[int, Posting]:
    if not ids:
        return {}
    stmt = select(Posting).where(Posting.id.in_(ids)).options(selectinload(Posting.employer))
    return {p.id: p for p in db.session.scalars(stmt)}
