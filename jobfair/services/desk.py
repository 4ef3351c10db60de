"""The staff desk: what needs doing and how much there is, at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import Employer, EmployerStatus, Posting, SeekerProfile

from ..extensions import db
from . import consultations


@dataclass(frozen=True)
class DeskCounts:
    pending: int  # employers waiting for review
    employers: int  # verified employers
    postings: int  # postings the public sees
    seekers: int
    open_consultations: int  # questions at a fair's policy desk waiting for an answer


def desk_counts() -> DeskCounts:
    def count(stmt) -> int:
        return db.session.scalar(stmt) or 0

    return DeskCounts(
        pending=count(select(func.count()).where(Employer.status == EmployerStatus.PENDING)),
        employers=count(select(func.count()).where(Employer.status == EmployerStatus.VERIFIED)),
        postings=count(select(func.count()).select_from(Posting).where(Posting.is_public)),
        seekers=count(select(func.count()).select_from(SeekerProfile)),
        open_consultations=consultations.open_count(),
    )
