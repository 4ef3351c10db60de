"""Defects found in review, each pinned by a test so that it stays fixed."""

from __future__ import annotations

import json

from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import applications, unit_of_work
from tests.helpers.builders import PASSWORD
from tests.helpers.database import count


def test_pending_employer_sees_no_candidates_and_no_contacts(client, make, auth):
    pending = make.employer(status="pending")
    member = make.member(pending)
    draft = make.posting(employer=pending, status="draft")
    make.seeker(phone="13955556666", contact_consent=True)
    auth.login_as(member)
    response = client.get(f"/employer/postings/{draft.id}/candidates")
    assert response.status_code == 403 and "13955556666" not in response.get_data(as_text=True)
    verified = make.member()
    closed = make.posting(employer=verified.membership.employer, status="closed")
    auth.logout()
    auth.login_as(verified)
    assert client.get(f"/employer/postings/{closed.id}/candidates").status_code == 403


def test_redirect_targets_with_hidden_characters_stay_on_site(client, make):
    for target in ("/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/ /evil.example"):
        response = client.post("/lang", data={"lang": "en", "next": target})
        assert response.status_code == 302 and response.headers["Location"] == "/", target


def test_huge_ids_and_numbers_are_404_or_ignored_not_500(client, make, auth):
    for url in ("/postings/99999999999999999999", "/fairs/3000000000", "/postings/3000000000"):
        assert client.get(url).status_code == 404, url
    for url in (
        "/postings?min_pay=99999999999999999999&pay_unit=month",
        "/postings?page=99999999999999",
    ):
        assert client.get(url).status_code == 200, url
    auth.login_as(make.seeker().user)
    assert client.post("/me/apply/3000000000").status_code == 404
    assert client.post("/me/applications/3000000000/withdraw").status_code == 404


def test_deleting_an_account_removes_employer_notifications_about_the_seeker(client, make, auth):
    member = make.member()
    posting = make.posting(employer=member.membership.employer)
    seeker = make.seeker(name="宝音图")
    with unit_of_work():
        applications.apply_to_posting(seeker, posting.id)
    assert count(models.Notification, models.Notification.user_id == member.id) == 1
    auth.login_as(seeker.user)
    assert client.post("/me/delete", data={"password": PASSWORD}).status_code == 302
    texts = db.session.scalars(select(models.Notification.text)).all()
    assert not any("宝音图" in t for t in texts)


def test_employer_review_needs_an_explicit_decision(client, make, auth):
    pending = make.employer(status="pending")
    auth.login_as(make.staff())
    assert client.post(f"/staff/employers/{pending.id}/review", data={}).status_code == 400
    db.session.refresh(pending)
    assert pending.status == "pending"


def test_absurd_dates_are_refused_with_a_message(client, make, auth):
    auth.login_as(make.staff())
    form = {
        "name": "春季专场",
        "mode": "online",
        "venue": "",
        "district_code": "150105",
        "starts_at": "9999-12-31T10:00",
        "ends_at": "9999-12-31T23:59",
        "status": "draft",
    }
    response = client.post("/staff/fairs/new", data=form)
    assert response.status_code == 422 and "请填写合理的日期和时间" in response.get_data(
        as_text=True
    )
    response = client.post("/staff/fairs/new", data={**form, "starts_at": "0001-01-01T00:00"})
    assert response.status_code == 422
    assert count(models.Fair) == 0


def test_invisible_text_does_not_count_as_filled_in(client, ctx):
    response = client.post(
        "/auth/signup",
        data={
            "phone": "13812345678",
            "password": "abcdefgh1",
            "name": "\u200b\u200b",
            "birth_year": "1990",
            "district_code": "150105",
            "consent": "y",
        },
    )
    assert response.status_code == 422 and "请填写姓名" in response.get_data(as_text=True)
    assert count(models.User) == 0


def test_export_is_audited_and_complete(client, make, auth):
    member = make.member()
    posting = make.posting(employer=member.membership.employer)
    seeker = make.seeker(health_certificate=True, has_ebike=True)
    with unit_of_work():
        applications.apply_to_posting(seeker, posting.id, note="你好")
    auth.login_as(seeker.user)
    data = json.loads(client.get("/me/export").get_data(as_text=True))
    assert data["applications"][0]["note"] == "你好"
    assert [e["to_status"] for e in data["applications"][0]["history"]] == ["applied"]
    for key in ("invitations", "fair_registrations", "questions", "notifications"):
        assert key in data
    assert count(models.AuditEntry, models.AuditEntry.action == "seeker.export_data") == 1


def test_staff_searches_are_audited(client, make, auth):
    make.seeker(phone="13800000001", name="宝音图")
    staff = make.staff()
    auth.login_as(staff)
    page = client.post("/staff/seekers", data={"q": "13800000001"}).get_data(as_text=True)
    assert "宝音图" in page
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "staff.search_seekers")
    )
    assert entry.actor_user_id == staff.id
    assert entry.detail == {"query": "138****0001", "page": 1, "rows": 1}


def test_a_link_prefetch_does_not_mark_an_application_viewed(client, make, auth):
    member = make.member()
    posting = make.posting(employer=member.membership.employer)
    with unit_of_work():
        application = applications.apply_to_posting(
            make.seeker(health_certificate=True, has_ebike=True), posting.id
        )
    auth.login_as(member)
    response = client.get(
        f"/employer/applications/{application.id}", headers={"Sec-Purpose": "prefetch"}
    )
    assert response.status_code == 200
    db.session.refresh(application)
    assert application.status == "applied"
    client.get(f"/employer/applications/{application.id}")
    db.session.refresh(application)
    assert application.status == "viewed"
