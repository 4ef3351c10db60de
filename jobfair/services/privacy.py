"""Who may see a seeker's name and phone number, and masking elsewhere."""

from __future__ import annotations

from sqlalchemy import select

from models import Application, Employer, EmployerStatus, Posting, Role, SeekerProfile, User

from ..extensions import db


def mask_phone(phone: str | None) -> str:
    """138****5678: the first three and last four digits."""
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str | None) -> str:
    """Keep the first character: 巴特尔 -> 巴**, 张三 -> 张*."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def may_see_contact(viewer: User | None, seeker: SeekerProfile) -> bool:
    """The seeker, staff and admins always; an employer member only once the
    seeker applied to that employer or agreed to be contacted."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.role in (Role.STAFF, Role.ADMIN):
        return True
    if viewer.role == Role.SEEKER:
        return seeker.user_id == viewer.id
    if viewer.role == Role.EMPLOYER and viewer.employer_id is not None:
        return seeker.id in contact_visible_ids(viewer.employer_id, [seeker.id])
    return False


def contact_visible_ids(employer_id: int, seeker_ids: list[int]) -> set[int]:
    """Of these seekers, those whose contact details this employer may see."""
    if not seeker_ids:
        return set()
    employer = db.session.get(Employer, employer_id)
    if employer is None or employer.status != EmployerStatus.VERIFIED:
        return set()
    consented = db.session.scalars(
        select(SeekerProfile.id).where(
            SeekerProfile.id.in_(seeker_ids), SeekerProfile.contact_consent.is_(True)
        )
    )
    applied = db.session.scalars(
        select(Application.seeker_id)
        .join(Posting, Posting.id == Application.posting_id)
        .where(Posting.employer_id == employer_id, Application.seeker_id.in_(seeker_ids))
    )
    return set(consented) | set(applied)
