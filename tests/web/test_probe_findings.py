"""The hostile-input probe's findings (issue 15), one regression test each."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import models
from jobfair import create_app
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.config import TEST_CONFIG
from tests.helpers.scenes import add_booth, make_fair


def audit_entries(action: str) -> list[models.AuditEntry]:
    db.session.expire_all()
    stmt = select(models.AuditEntry).where(models.AuditEntry.action == action)
    return list(db.session.scalars(stmt))


# -- personal data ------------------------------------------------------------------------


def test_staff_search_keeps_the_query_out_of_urls_logs_and_audit(client, make, auth, caplog):
    make.seeker(phone="13800000001", name="宝音图")
    for _ in range(25):
        make.seeker(name="乌云")
    auth.login_as(make.staff())
    caplog.set_level(logging.DEBUG)
    page = client.post("/staff/seekers", data={"q": "宝音图"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "宝音图" in html and "13800000001" not in html
    assert "q=" not in html  # no link repeats the query
    (entry,) = audit_entries("staff.search_seekers")
    assert entry.detail["query"] == "宝**"
    assert "宝音图" not in caplog.text and "13800000001" not in caplog.text
    # a query in the URL is not a search: the plain list, audited as a list view
    listing = client.get("/staff/seekers?q=13800000001").get_data(as_text=True)
    assert listing.count("乌云") == 20  # the newest 20 of everyone, not a search
    assert len(audit_entries("staff.search_seekers")) == 1
    # the second page of a search is POSTed too, with the query in the body
    second = client.post("/staff/seekers", data={"q": "乌云", "page": "2"})
    assert second.status_code == 200 and "第2 / 2页" in second.get_data(as_text=True)
    assert [e.detail["query"] for e in audit_entries("staff.search_seekers")] == ["宝**", "乌*"]


def test_every_view_of_the_staff_seeker_list_is_audited_once(client, make, auth):
    for _ in range(3):
        make.seeker()
    staff = make.staff()
    auth.login_as(staff)
    client.get("/staff/seekers")
    client.get("/staff/seekers?page=1")
    entries = audit_entries("staff.list_seekers")
    assert len(entries) == 2  # once per page view, not once per row
    assert entries[0].actor_user_id == staff.id and entries[0].detail["rows"] == 3


def test_the_list_of_employers_to_review_is_audited(client, make, auth):
    make.employer(status="pending", contact_name="王经理")
    staff = make.staff()
    auth.login_as(staff)
    assert "王经理" in client.get("/staff/employers/pending").get_data(as_text=True)
    (entry,) = audit_entries("staff.list_pending_employers")
    assert entry.actor_user_id == staff.id and entry.detail == {"rows": 1}


def test_a_booth_question_does_not_reveal_a_number_the_employer_may_not_see(client, make, auth):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    fair = make_fair(make)
    add_booth(fair, employer, [posting])
    seeker = make.seeker(phone="13800000001", contact_consent=False)
    db.session.add(
        models.Question(
            booth_id=fair.booths[0].id, seeker_id=seeker.id, text="我的电话 138 0000 0001，请回电"
        )
    )
    db.session.commit()
    auth.login_as(member)
    page = client.get("/employer/").get_data(as_text=True)
    assert "138****0001" in page and "0000 0001" not in page
    # once the seeker applied to this employer, the employer may call them
    db.session.add(models.Application(posting_id=posting.id, seeker_id=seeker.id))
    db.session.commit()
    assert "138 0000 0001" in client.get("/employer/").get_data(as_text=True)


def test_a_seekers_wish_on_the_candidates_page_is_masked_without_consent(client, make, auth):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    make.seeker(desired_text="送外卖 电话13800000001", contact_consent=False)
    auth.login_as(member)
    page = client.get(f"/employer/postings/{posting.id}/candidates").get_data(as_text=True)
    assert "138****0001" in page and "13800000001" not in page


def test_sign_up_is_rate_limited_per_number(tmp_path):
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
         "RATELIMIT_ENABLED": True}
    )  # fmt: skip
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        client = app.test_client()
        codes = []
        for i in range(11):  # the same number, written differently, from different addresses
            number = "138 0000 0001" if i % 2 else "+86 13800000001"
            codes.append(
                client.post(
                    "/auth/signup",
                    data={"phone": number, "password": "x"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"},
                ).status_code
            )
        other = client.post(
            "/auth/signup", data={"phone": "13800000002"}, environ_base={"REMOTE_ADDR": "10.0.1.1"}
        )
        assert codes[-1] == 429 and 429 not in codes[:10] and other.status_code != 429
        db.session.remove()
        db.engine.dispose()


# -- password checks and throttles ----------------------------------------------------------


def test_deleting_an_account_checks_the_password_through_the_throttle(client, make, auth):
    seeker = make.seeker()
    auth.login_as(seeker.user)
    for _ in range(5):
        assert client.post("/me/delete", data={"password": "wrong-one"}).status_code == 422
    right = client.post("/me/delete", data={"password": PASSWORD})
    assert right.status_code == 429
    assert "登录失败次数过多" in right.get_data(as_text=True)
    assert db.session.get(models.User, seeker.user_id) is not None


def test_the_lockout_says_the_real_time_left(client, make, auth):
    make.seeker(phone="13812345678")
    for _ in range(5):
        auth.login("13812345678", "wrong-password")
    response = auth.login("13812345678", PASSWORD)
    assert response.status_code == 429
    seconds = int(response.headers["Retry-After"])
    assert 15 * 60 - 30 <= seconds <= 15 * 60
    assert "15分钟" in response.get_data(as_text=True)


def _proxied_login(client, phone, password, address):
    return client.post(
        "/auth/login",
        data={"identifier": phone, "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_one_address_cannot_lock_the_owner_out(app_with, make):
    seeker = make.seeker(phone="13812345678")
    client = app_with(TRUSTED_PROXIES=1).test_client()
    for _ in range(30):  # an attacker who knows the number, from one address
        _proxied_login(client, seeker.user.phone, "guess", "203.0.113.9")
    assert _proxied_login(client, seeker.user.phone, PASSWORD, "203.0.113.9").status_code == 429
    owner = _proxied_login(client, seeker.user.phone, PASSWORD, "198.51.100.4")
    assert owner.status_code == 302


def test_guessing_one_account_from_many_addresses_is_bounded(app_with, make):
    seeker = make.seeker(phone="13812345678")
    client = app_with(TRUSTED_PROXIES=1).test_client()
    tried = 0
    for n in range(20):  # 20 addresses, each staying under its own pair limit
        for _ in range(4):
            response = _proxied_login(client, seeker.user.phone, "guess", f"203.0.113.{n + 1}")
            tried += response.status_code == 401
    # past 20 weighed failures every further try waits a growing delay: most were refused
    assert 20 <= tried < 30, tried
    late = _proxied_login(client, seeker.user.phone, PASSWORD, "198.51.100.4")
    assert late.status_code == 429
    assert 1 <= int(late.headers["Retry-After"]) <= 15 * 60
    # and once the delay has passed, the owner gets in
    db.session.execute(
        models.LoginAttempt.__table__.update().values(at=datetime.now(UTC) - timedelta(hours=2))
    )
    db.session.commit()
    assert _proxied_login(client, seeker.user.phone, PASSWORD, "198.51.100.4").status_code == 302


def test_the_account_delay_doubles_and_is_capped(app):
    from jobfair.services.accounts import ThrottlePolicy

    with app.app_context():
        policy = ThrottlePolicy.from_config(app.config)
    delays = [policy.account_delay(n).total_seconds() for n in (19, 20, 21, 22, 26, 500)]
    assert delays == [0, 30, 60, 120, 900, 900]


# -- text hygiene ---------------------------------------------------------------------------


def test_texts_lose_control_and_invisible_characters_and_are_never_cut(client, make, auth):
    employer = make.employer()
    member = make.member(employer)
    posting = make.posting(employer=employer)
    seeker = make.seeker(health_certificate=True, has_ebike=True)
    application = models.Application(posting_id=posting.id, seeker_id=seeker.id)
    application.events.append(models.ApplicationEvent(from_status=None, to_status="applied"))
    db.session.add(application)
    db.session.commit()
    auth.login_as(member)
    url = f"/employer/applications/{application.id}/move"
    for status in ("viewed", "shortlisted"):
        db.session.refresh(application)
        client.post(url, data={"to_status": status, "version": application.version})
    db.session.refresh(application)
    at = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    base = {"to_status": "interview", "version": application.version, "interview_at": at}
    blank = client.post(url, data={**base, "interview_place": "\u200b\u200b\u3164"})
    assert blank.status_code == 422 and "请填写面试地点" in blank.get_data(as_text=True)
    long_place = "呼" * 101
    too_long = client.post(url, data={**base, "interview_place": long_place})
    assert too_long.status_code == 422
    assert "最多100个字，您填写了101个字" in too_long.get_data(as_text=True)
    assert long_place in too_long.get_data(as_text=True)  # what was typed is kept
    long_note = client.post(url, data={**base, "interview_place": "总部", "note": "好" * 501})
    assert long_note.status_code == 422 and "最多500个字" in long_note.get_data(as_text=True)
    db.session.refresh(application)
    assert application.status == "shortlisted"
    ok = client.post(url, data={**base, "interview_place": "总部\x00三楼\u200b"})
    assert ok.status_code == 302
    db.session.refresh(application)
    assert application.interview_place == "总部三楼"


def test_no_nul_bytes_in_names_and_titles(client, make, auth):
    member = make.member()
    auth.login_as(member)
    response = client.post(
        "/employer/postings/new",
        data={
            "title": "外卖\x00骑手",
            "occupation_code": "D01",
            "trade": "delivery",
            "description": "配送\x00",
            "district_code": "150105",
            "pay_min": "6000",
            "pay_max": "9000",
            "pay_unit": "month",
            "schedule": ["full_time"],
            "headcount": "3",
            "min_age": "18",
        },
    )
    assert response.status_code in (302, 422)
    titles = db.session.scalars(select(models.Posting.title)).all()
    assert titles == ["外卖骑手"] or response.status_code == 422
    assert not any("\x00" in t for t in titles)


@pytest.mark.parametrize("venue", ["\u200b\u200c\u200d", "\ufeff", " \u3164 "])
def test_a_venue_of_invisible_characters_is_refused(client, make, auth, venue):
    auth.login_as(make.staff())
    start = datetime.now(UTC) + timedelta(days=3)
    response = client.post(
        "/staff/fairs/new",
        data={
            "name": "测试专场",
            "mode": "onsite",
            "venue": venue,
            "district_code": "150105",
            "starts_at": start.strftime("%Y-%m-%dT09:00"),
            "ends_at": start.strftime("%Y-%m-%dT16:00"),
            "status": "draft",
        },
    )
    assert response.status_code == 422
    assert "现场招聘会请填写举办地点" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(models.Fair)) == 0


# -- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/auth/login", "/postings", "/no-such-page"])
def test_pages_cannot_be_framed_or_sniffed(client, url):
    response = client.get(url)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_too_long_review_note_is_refused_and_kept(client, make, auth):
    pending = make.employer(status="pending")
    auth.login_as(make.staff())
    note = "驳" * 201
    page = client.post(
        f"/staff/employers/{pending.id}/review", data={"decision": "reject", "note": note}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "最多200个字" in html and note in html
    db.session.refresh(pending)
    assert pending.status == "pending"
