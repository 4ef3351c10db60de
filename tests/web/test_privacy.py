"""Phone numbers in full only for the seeker and staff; staff views are audited."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

import models
from jobfair.extensions import db


def test_staff_list_masks_and_detail_shows_in_full_with_audit(client, make, auth):
    seeker = make.seeker(phone="13812345678", name="那仁图雅")
    staff = make.staff()
    auth.login_as(staff)
    listing = client.post("/staff/seekers", data={"q": "那仁"}).get_data(as_text=True)
    assert "138****5678" in listing and "13812345678" not in listing
    detail = client.get(f"/staff/seekers/{seeker.id}").get_data(as_text=True)
    assert "13812345678" in detail
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "staff.view_seeker")
    )
    assert entry.actor_user_id == staff.id and entry.subject_id == seeker.id and entry.ip
    assert "staff.view_seeker" in client.get("/staff/audit").get_data(as_text=True)


def test_seeker_sees_own_phone(client, make, auth):
    seeker = make.seeker(phone="13812345678")
    auth.login_as(seeker.user)
    assert "13812345678" in client.get("/me/").get_data(as_text=True)


def test_no_full_phone_on_public_pages(client, make):
    seeker = make.seeker(phone="13812345678")
    employer = make.employer(contact_phone="13698765432")
    posting = make.posting(employer=employer)
    for url in ("/", "/postings", f"/postings/{posting.id}"):
        body = client.get(url).get_data(as_text=True)
        assert seeker.phone not in body and "13698765432" not in body


def test_consent_time_and_version_kept(make):
    seeker = make.seeker(consent_version="2026-11", consent_at=datetime(2026, 11, 1, tzinfo=UTC))
    db.session.expire_all()
    again = db.session.get(models.SeekerProfile, seeker.id)
    assert again.consent_version == "2026-11"
    assert again.consent_at == datetime(2026, 11, 1, tzinfo=UTC)
