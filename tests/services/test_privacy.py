"""Masking and who may see a seeker's contact (jobfair/services/privacy.py)."""

from __future__ import annotations

import models
from jobfair.extensions import db
from jobfair.services.privacy import mask_name, mask_phone, may_see_contact


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) == ""
    assert mask_name("巴特尔") == "巴**"
    assert mask_name("乌云") == "乌*"


def test_employer_sees_contact_only_after_application_or_consent(make):
    member = make.member()
    other_member = make.member()
    seeker = make.seeker()
    assert not may_see_contact(member, seeker)
    posting = make.posting(employer=member.membership.employer)
    db.session.add(models.Application(posting_id=posting.id, seeker_id=seeker.id))
    db.session.commit()
    assert may_see_contact(member, seeker)
    assert not may_see_contact(other_member, seeker)
    seeker.contact_consent = True
    db.session.commit()
    assert may_see_contact(other_member, seeker)


def test_other_seekers_and_anonymous_never_see_contact(make):
    seeker = make.seeker()
    other = make.seeker()
    assert may_see_contact(seeker.user, seeker)
    assert not may_see_contact(other.user, seeker)
    assert not may_see_contact(None, seeker)
