"""The fair-day kiosk: find, walk-in registration, check-in, slip, policy desk, and
what a shared screen must never keep."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

import models
from jobfair.extensions import db
from tests.helpers.scenes import add_booth, make_fair


@pytest.fixture
def hall(make):
    """A running on-site fair with one rider posting at booth A01, a registered seeker
    (巴特尔, 138****5678) and a staff member at the kiosk."""
    employer = make.employer()
    rider = make.posting(employer=employer, title="赛罕区外卖骑手", district_code="150105")
    fair = make_fair(make, mode="both")
    add_booth(fair, employer, [rider], label="A01")
    seeker = make.seeker(
        name="巴特尔", phone="13812345678", birth_year=1990, has_ebike=True,
        health_certificate=True, occupation_codes=["D01"],
    )  # fmt: skip
    return {"fair": fair, "seeker": seeker, "staff": make.staff(), "posting": rider}


@pytest.fixture
def kiosk(client, auth, hall):
    auth.login_as(hall["staff"])
    return client


def registrations(fair) -> list[models.FairRegistration]:
    db.session.expire_all()
    stmt = select(models.FairRegistration).where(models.FairRegistration.fair_id == fair.id)
    return list(db.session.scalars(stmt))


def walk_in(kiosk, fair, **overrides):
    """The four screens of a walk-in, as a person at the kiosk fills them."""
    url = f"/kiosk/{fair.id}/register"
    data = {"mobile": "139 0000 1111", "name": "其木格"}
    data.update(overrides.pop("step1", {}))
    pages = [kiosk.post(url, data={**data, "step": "1"})]
    data.update({"occupation_codes": ["D01"], "desired_text": "送外卖"})
    pages.append(kiosk.post(url, data={**data, "step": "2"}))
    data.update({"district_code": "150105", "availability": ["full_time"], "has_ebike": "y"})
    pages.append(kiosk.post(url, data={**data, "step": "3"}))
    data.update({"consent": "y", **overrides})
    pages.append(kiosk.post(url, data={**data, "step": "4"}))
    return pages


def test_only_staff_use_the_kiosk(client, auth, make, hall):
    fair = hall["fair"]
    assert "/auth/login" in client.get(f"/kiosk/{fair.id}/").headers["Location"]
    auth.login_as(hall["seeker"].user)
    assert client.get(f"/kiosk/{fair.id}/").status_code == 403
    auth.logout()
    auth.login_as(make.member())
    assert client.post(f"/kiosk/{fair.id}/find", data={"q": "巴特尔"}).status_code == 403


def test_kiosk_pages_are_never_cached(kiosk, hall):
    response = kiosk.get(f"/kiosk/{hall['fair'].id}/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_a_closed_or_online_fair_has_no_kiosk(kiosk, make):
    closed = make_fair(make, status="closed", name="已关闭专场")
    online = make_fair(make, mode="online", name="网络专场")
    assert kiosk.get(f"/kiosk/{closed.id}/").status_code == 400
    assert "已结束" in kiosk.get(f"/kiosk/{closed.id}/").get_data(as_text=True)
    assert kiosk.get(f"/kiosk/{online.id}/").status_code == 404
    assert kiosk.get("/kiosk/999999/").status_code == 404
    chooser = kiosk.get("/kiosk/").get_data(as_text=True)
    assert "已关闭专场" not in chooser and "网络专场" not in chooser


@pytest.mark.parametrize(
    "query", ["5678 bte", "5678 巴特尔", "13812345678", "１３８１２３４５６７８"]
)
def test_find_shows_masked_facts_to_confirm_who_it_is(kiosk, hall, query):
    page = kiosk.post(f"/kiosk/{hall['fair'].id}/find", data={"q": query})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "巴特尔" in html and "138****5678" in html and "1990年生" in html
    assert "13812345678" not in html
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "kiosk.find")
    )
    assert "13812345678" not in str(entry.detail) and entry.detail["rows"] >= 1


@pytest.mark.parametrize("query", ["巴", "   ", "巴" * 200, ""])
def test_find_explains_a_query_it_cannot_use_and_keeps_it(kiosk, hall, query):
    page = kiosk.post(f"/kiosk/{hall['fair'].id}/find", data={"q": query})
    assert page.status_code == 422
    assert "至少两个字" in page.get_data(as_text=True)


def test_check_in_twice_keeps_one_check_in_and_both_succeed(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    first = kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}")
    (registration,) = registrations(fair)
    at = registration.checked_in_at
    second = kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}")
    assert first.status_code == second.status_code == 302
    (again,) = registrations(fair)
    assert again.checked_in_at == at and again.checked_in_by_id == hall["staff"].id


def test_a_signed_up_seeker_is_checked_in_on_their_registration(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=seeker.id))
    db.session.commit()
    kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}")
    (registration,) = registrations(fair)
    assert registration.checked_in_at is not None


def test_checked_in_people_appear_in_staff_fair_matching(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}")
    page = kiosk.get(f"/staff/fairs/{fair.id}/matches").get_data(as_text=True)
    assert "巴特尔" in page or "巴**" in page


def test_the_slip_lists_the_fair_postings_by_booth_with_a_qr_code(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    slip = kiosk.get(kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}").headers["Location"])
    html = slip.get_data(as_text=True)
    assert slip.status_code == 200
    assert "展位 A01" in html and "赛罕区外卖骑手" in html and "元/月" in html
    assert "<svg" in html and "13812345678" not in html and "138****5678" in html
    # printing again is allowed while the person is being served, with the same link
    assert kiosk.get(f"/kiosk/{fair.id}/slip/{seeker.id}").status_code == 200
    links = select(func.count()).select_from(models.PasswordSetupToken)
    assert db.session.scalar(links) == 1


def test_after_a_reset_back_shows_nobody(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    slip_url = kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}").headers["Location"]
    kiosk.get(f"/kiosk/{fair.id}/")  # 重新开始, or the idle timer
    back = kiosk.get(slip_url)
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/kiosk/{fair.id}/")


def test_a_walk_in_in_four_screens(kiosk, hall, app):
    fair = hall["fair"]
    pages = walk_in(kiosk, fair)
    assert [p.status_code for p in pages] == [200, 200, 200, 302]
    assert "第2步" in pages[0].get_data(as_text=True)
    seeker = db.session.scalar(
        select(models.SeekerProfile).where(models.SeekerProfile.name == "其木格")
    )
    assert seeker.user.phone == "13900001111" and seeker.occupation_codes[0] == "D01"
    assert seeker.consent_version == app.config["CONSENT_VERSION"] and seeker.birth_year is None
    assert seeker.district_code == "150105" and seeker.has_ebike
    assert [r.seeker_id for r in registrations(fair)] == [seeker.id]
    # nobody can log in until the person sets a password through the slip's link
    assert kiosk.post("/auth/logout").status_code == 302
    login = kiosk.post("/auth/login", data={"identifier": "13900001111", "password": ""})
    assert login.status_code in (401, 422)


def test_a_registered_mobile_finds_the_person_instead_of_a_second_account(kiosk, hall):
    fair = hall["fair"]
    page = kiosk.post(
        f"/kiosk/{fair.id}/register",
        data={"step": "1", "mobile": "138 1234 5678", "name": "别人"},
    )
    html = page.get_data(as_text=True)
    assert "此手机号已登记" in html and "巴**" in html and "1990年生" in html
    assert db.session.scalar(select(func.count()).select_from(models.SeekerProfile)) == 1


def test_a_double_submitted_registration_makes_one_person(kiosk, hall):
    fair = hall["fair"]
    walk_in(kiosk, fair)
    again = walk_in(kiosk, fair)[0]  # the last screen sent once more from another tab
    assert "此手机号已登记" in again.get_data(as_text=True)
    count = select(func.count()).select_from(models.User).where(models.User.phone == "13900001111")
    assert db.session.scalar(count) == 1


@pytest.mark.parametrize(
    "step1, field, message",
    [
        ({"mobile": "12345"}, "mobile", "11位"),
        ({"mobile": "２３８００００１１１１"}, "mobile", "13-19"),
        ({"name": "张3"}, "name", "不能有数字"),
        ({"name": "！？。"}, "name", "真实姓名"),
        ({"name": "乌" * 31}, "name", "最多30个字"),
    ],
)
def test_walk_in_bad_input_is_refused_in_words_and_kept(kiosk, hall, step1, field, message):
    data = {"step": "1", "mobile": "13900001111", "name": "其木格", **step1}
    page = kiosk.post(f"/kiosk/{hall['fair'].id}/register", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and message in html
    assert f'id="{field}-error"' in html
    assert db.session.scalar(select(func.count()).select_from(models.User)) == 2  # staff, 巴特尔


def test_consent_is_required_and_nothing_is_half_written(kiosk, hall):
    pages = walk_in(kiosk, hall["fair"], consent="")
    assert pages[-1].status_code == 422 and "对方同意后再勾选" in pages[-1].get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(models.SeekerProfile)) == 1


def test_the_slip_link_sets_a_first_password_once(kiosk, hall, client):
    fair = hall["fair"]
    slip = kiosk.get(walk_in(kiosk, fair)[-1].headers["Location"]).get_data(as_text=True)
    token = _token_of(slip)
    kiosk.post("/auth/logout")
    form = client.get(f"/auth/setup/{token}")
    assert form.status_code == 200 and "其木格" in form.get_data(as_text=True)
    done = client.post(
        f"/auth/setup/{token}", data={"password": "qimuge-2026", "password2": "qimuge-2026"}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/me/")
    assert client.get(f"/auth/setup/{token}").status_code == 410  # once only
    client.post("/auth/logout")
    assert (
        client.post(
            "/auth/login", data={"identifier": "13900001111", "password": "qimuge-2026"}
        ).status_code
        == 302
    )


def _token_of(slip_html: str) -> str:
    """The QR code's link, read from the database: the page draws it only as a QR code."""
    row = db.session.scalar(
        select(models.PasswordSetupToken).order_by(models.PasswordSetupToken.id.desc())
    )
    assert row is not None and "13900001111" not in slip_html
    from jobfair.services import kiosk as kiosk_service

    # the token itself is not stored: make a new one the same way and check it works
    with db.session.no_autoflush:
        seeker = db.session.get(models.User, row.user_id).seeker_profile
    token = kiosk_service.new_setup_link(seeker)
    db.session.commit()
    return token


def test_policy_desk_records_with_or_without_a_person(kiosk, hall):
    fair, seeker = hall["fair"], hall["seeker"]
    url = f"/kiosk/{fair.id}/consult"
    anonymous = kiosk.post(
        url, data={"topic": "startup_loan", "notes": "想开网店", "answered": "y"}
    )
    assert anonymous.status_code == 200 and "已记录" in anonymous.get_data(as_text=True)
    kiosk.post(f"/kiosk/{fair.id}/check-in/{seeker.id}")
    kiosk.post(url, data={"topic": "injury_insurance", "answered": "n", "with_person": "y"})
    rows = db.session.scalars(select(models.Consultation).order_by(models.Consultation.id)).all()
    assert [(r.topic, r.seeker_id, r.answered) for r in rows] == [
        ("startup_loan", None, True),
        ("injury_insurance", seeker.id, False),
    ]
    listing = kiosk.get("/staff/fairs").get_data(as_text=True)
    # counted in the fair's figures
    assert '<td class="text-end" data-label="政策咨询">2</td>' in listing
    bad = kiosk.post(url, data={"topic": "lottery", "notes": "我写的内容"})
    assert bad.status_code == 422 and "我写的内容" in bad.get_data(as_text=True)


def test_concurrent_check_ins_keep_one_row(app, make, hall):
    """Two kiosks tap the same person at the same moment: one check-in, both succeed."""
    from jobfair.services import kiosk as kiosk_service
    from jobfair.services import unit_of_work

    fair_id, seeker_id, staff_id = hall["fair"].id, hall["seeker"].id, hall["staff"].id
    barrier, errors = threading.Barrier(2), []

    def tap():
        try:
            with app.app_context():
                staff = db.session.get(models.User, staff_id)
                fair = db.session.get(models.Fair, fair_id)
                barrier.wait(timeout=10)
                with unit_of_work():
                    kiosk_service.check_in(staff, fair, seeker_id)
                db.session.remove()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert len(registrations(hall["fair"])) == 1


def test_english_kiosk(kiosk, hall):
    kiosk.post("/lang", data={"lang": "en"})
    html = kiosk.get(f"/kiosk/{hall['fair'].id}/").get_data(as_text=True)
    assert re.search(r"Start over", html) and 'lang="en"' in html
    found = kiosk.post(f"/kiosk/{hall['fair'].id}/find", data={"q": "5678 bte"})
    assert "Found by: Last four digits+Pinyin initials" in found.get_data(as_text=True)


def test_a_disabled_staff_account_stops_the_kiosk_at_the_next_request(kiosk, hall):
    fair, staff = hall["fair"], hall["staff"]
    assert kiosk.get(f"/kiosk/{fair.id}/").status_code == 200
    staff.active = False
    db.session.commit()
    response = kiosk.get(f"/kiosk/{fair.id}/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_staff_desk_leads_to_the_kiosk(kiosk):
    assert "/kiosk/" in kiosk.get("/staff/").get_data(as_text=True)


def test_the_slip_link_refuses_two_different_passwords(kiosk, hall, client):
    slip = kiosk.get(walk_in(kiosk, hall["fair"])[-1].headers["Location"]).get_data(as_text=True)
    token = _token_of(slip)
    kiosk.post("/auth/logout")
    page = client.post(f"/auth/setup/{token}", data={"password": "qimuge-2026", "password2": "x"})
    assert page.status_code == 422 and "两次输入的密码不一致" in page.get_data(as_text=True)
    assert client.get(f"/auth/setup/{token}").status_code == 200  # still usable
