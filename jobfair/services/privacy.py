"""Who may see a seeker's name and phone number, and masking elsewhere."""

from __future__ import annotations

import re
import unicodedata

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


# a mainland mobile, optionally with +86 / 0086 and spaces or dashes between digits
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)\s*86[\s-]*)?1[3-9](?:[\s-]?\d){9}(?!\d)")
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF0B: ord("+"), 0x3000: ord(" ")}


def mask_phones_in(text: str) -> str:
    """Mask every mainland mobile number in ``text`` (138****5678), however it is written."""

    def masked(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return mask_phone(digits[-11:])

    return _MOBILE.sub(masked, text.translate(_FULLWIDTH))


def text_from_seeker(text: str | None, contact_visible: bool) -> str:
    """A seeker's own words as an employer sees them: phone numbers in it are masked
    unless the employer may see the seeker's contact details (``may_see_contact``)."""
    return (text or "") if contact_visible else mask_phones_in(text or "")


def mask_name(name: str | None) -> str:
    """Keep the first character: 巴特尔 -> 巴**, 张三 -> 张*."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


# Digits split only by what is neither a letter nor a Chinese character are one number
# to the kiosk lookup ("138 1234 5678", "138-1234-5678"): masked as one.
_DIGIT_GROUP = re.compile(r"[0-9](?:[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]*[0-9])*")
_MASKED = re.compile(r"[0-9]{3}\*{4}[0-9]{4}")


def _masked_digits(match: re.Match) -> str:
    digits = re.sub(r"[^0-9]", "", match.group(0))
    return mask_phone(digits) if len(digits) >= 8 else match.group(0)


def mask_query(query: str) -> str:
    """A search as the audit log keeps it: digits beyond the first three and last four
    hidden (13800000001 and 138 0000 0001 -> 138****0001, 5678 stays), names kept to
    their first character."""
    text = _DIGIT_GROUP.sub(_masked_digits, unicodedata.normalize("NFKC", query).lower())
    masked = []
    for word in text.split():
        if _MASKED.fullmatch(word):
            masked.append(word)
        elif word.isascii() and word.isdigit():
            masked.append(mask_phone(word) if len(word) >= 8 else word)
        else:
            masked.append(mask_name(word))
    return " ".join(masked)


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
