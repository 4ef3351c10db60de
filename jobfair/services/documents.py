"""Model rows -> the matcher's plain documents (the only place that knows both)."""

from __future__ import annotations

import dataclasses

from matching.documents import PostingDoc, SeekerDoc
from models import Posting, SeekerProfile


def seeker_doc(seeker: SeekerProfile) -> SeekerDoc:
    text = " ".join(
        part
        for part in (seeker.desired_text, seeker.skills, seeker.experience, seeker.intro)
        if part
    )
    return SeekerDoc(
        id=seeker.id,
        text=text,
        occupation_codes=tuple(seeker.occupation_codes or ()),
        district_code=seeker.district_code,
        licences=tuple(seeker.licence_classes or ()),
        has_ebike=seeker.has_ebike,
        has_car=seeker.has_car,
        health_certificate=seeker.health_certificate,
        availability=frozenset(seeker.availability or ()),
        pay_amount=seeker.pay_amount,
        pay_unit=seeker.pay_unit,
        birth_year=seeker.birth_year,
        visible=seeker.discoverable and seeker.user.active,
    )


def own_seeker_doc(seeker: SeekerProfile) -> SeekerDoc:
    """The seeker as the seeker's own requests see it: a profile hidden from
    employers still gets its own fit and may still apply."""
    return dataclasses.replace(seeker_doc(seeker), visible=True)


def posting_doc(posting: Posting) -> PostingDoc:
    return PostingDoc(
        id=posting.id,
        text=" ".join(p for p in (posting.title, posting.description, posting.requirements) if p),
        occupation_code=posting.occupation_code,
        district_code=posting.district_code,
        required_licence=posting.required_licence,
        min_age=posting.min_age,
        needs_health_certificate=posting.needs_health_certificate,
        needs_vehicle=posting.needs_vehicle,
        schedule=frozenset(posting.schedule or ()),
        pay_min=posting.pay_min,
        pay_max=posting.pay_max,
        pay_unit=posting.pay_unit,
        open=posting.is_public,
    )
