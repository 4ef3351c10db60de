"""The matcher in the app: candidates for employers, recommendations for seekers,
changes visible at once, several workers, snapshots."""

from __future__ import annotations

from sqlalchemy import select

import models
from jobfair import create_app
from jobfair.extensions import db
from tests.helpers.clients import Auth, signup_code
from tests.helpers.config import TEST_CONFIG


def candidate_names(client, posting_id, **params):
    html = client.get(f"/employer/postings/{posting_id}/candidates", query_string=params).get_data(
        as_text=True
    )
    return html


def test_candidates_are_ranked_with_reasons_and_masked(client, make, auth, truck):
    member, posting = truck
    make.seeker(
        name="巴特尔",
        phone="13911112222",
        occupation_codes=["L01"],
        licence_classes=["A2"],
        district_code="150203",
        desired_text="开大车",
        birth_year=1985,
    )
    far = make.seeker(
        name="乌云",
        occupation_codes=["L01"],
        licence_classes=["B2"],
        district_code="152921",
        birth_year=1980,
    )
    auth.login_as(member)
    html = candidate_names(client, posting.id)
    assert "符合条件的求职者共2人" in html
    assert html.index("巴**") < html.index("乌*")  # same district ranks first
    assert "13911112222" not in html and "139****2222" in html
    assert "匹配度" in html and "同在" in html  # a reason in words
    assert far.name not in html


def test_ineligible_and_hidden_seekers_never_appear_on_any_page(client, make, auth, truck):
    member, posting = truck
    for i in range(25):
        make.seeker(
            name=f"合格{i:02d}", occupation_codes=["L01"], licence_classes=["B2"], birth_year=1990
        )
    make.seeker(
        name="只有C1",
        occupation_codes=["L01"],
        licence_classes=["C1"],
        desired_text="货车司机 重卡",
        birth_year=1990,
    )
    make.seeker(name="太年轻", occupation_codes=["L01"], licence_classes=["B2"], birth_year=2008)
    make.seeker(
        name="已隐藏",
        occupation_codes=["L01"],
        licence_classes=["B2"],
        discoverable=False,
        birth_year=1990,
    )
    auth.login_as(member)
    pages = [candidate_names(client, posting.id, page=p) for p in (1, 2, 3)]
    assert "符合条件的求职者共25人" in pages[0]
    for html in pages:
        for masked in ("只*", "太**", "已**"):
            assert masked not in html
    assert pages[1].count('class="card mb-2"') == 5


def test_filters_by_district_and_licence(client, make, auth, truck):
    member, posting = truck
    make.seeker(
        name="甲甲", occupation_codes=["L01"], licence_classes=["A2"], district_code="150203"
    )
    make.seeker(
        name="乙乙", occupation_codes=["L01"], licence_classes=["B2"], district_code="150105"
    )
    auth.login_as(member)
    assert "共1人" in candidate_names(client, posting.id, district="150200")
    assert "共1人" in candidate_names(client, posting.id, licence="A2")
    assert "共2人" in candidate_names(client, posting.id, district="")  # no filter
    assert "共1人" in candidate_names(client, posting.id, district="150100", licence="B2")


def test_profile_change_shows_in_rankings_at_once(client, make, auth, truck, app):
    member, posting = truck
    seeker = make.seeker(
        name="苏日娜", occupation_codes=["L01"], licence_classes=["C1"], birth_year=1990
    )
    employer_client = app.test_client()
    Auth(employer_client).login_as(member)
    assert "共0人" in candidate_names(employer_client, posting.id)
    auth.login_as(seeker.user)
    form = {
        "name": "苏日娜",
        "birth_year": "1990",
        "district_code": "150105",
        "occupation_codes": ["L01"],
        "licence_classes": ["B2"],
        "availability": ["full_time"],
        "discoverable": "y",
    }
    assert client.post("/me/profile", data=form).status_code == 302
    assert "共1人" in candidate_names(employer_client, posting.id)
    # hiding the profile takes the seeker out at once
    assert client.post("/me/profile", data={**form, "discoverable": ""}).status_code == 302
    assert "共0人" in candidate_names(employer_client, posting.id)


def test_new_signup_and_deleted_account_show_at_once(client, make, auth, truck, app):
    member, posting = truck
    employer_client = app.test_client()
    Auth(employer_client).login_as(member)
    assert "共0人" in candidate_names(employer_client, posting.id)
    response = client.post(
        "/auth/signup",
        data={
            "phone": "13712340000",
            "code": signup_code(client, "13712340000"),
            "password": "abcdefgh1",
            "name": "阿拉坦仓",
            "birth_year": "1988",
            "district_code": "150203",
            "occupation_codes": ["L01"],
            "licence_classes": ["A2"],
            "availability": ["full_time"],
            "discoverable": "y",
            "consent": "y",
        },
    )
    assert response.status_code == 302
    assert "阿***" in candidate_names(employer_client, posting.id)
    client.post("/me/delete", data={"password": "abcdefgh1"})
    assert "共0人" in candidate_names(employer_client, posting.id)


def test_posting_change_shows_in_seeker_recommendations(client, make, auth, truck):
    member, posting = truck
    seeker = make.seeker(occupation_codes=["L01"], licence_classes=["C1"], birth_year=1990)
    auth.login_as(seeker.user)
    assert posting.title not in client.get("/me/").get_data(as_text=True)
    detail = client.get(f"/postings/{posting.id}").get_data(as_text=True)
    assert "您还不符合这些要求" in detail and "B2" in detail
    posting.required_licence = "C1"
    from jobfair.services import live_index

    live_index.posting_changed(posting.id)
    db.session.commit()
    dashboard = client.get("/me/").get_data(as_text=True)
    assert posting.title in dashboard and "匹配度" in dashboard
    assert "您符合这个岗位的全部硬性要求" in client.get(f"/postings/{posting.id}").get_data(
        as_text=True
    )


def test_invite_to_apply(client, make, auth, truck, app):
    member, posting = truck
    seeker = make.seeker(
        name="额尔敦", occupation_codes=["L01"], licence_classes=["B2"], birth_year=1990
    )
    unfit = make.seeker(occupation_codes=["L01"], licence_classes=["C1"], birth_year=1990)
    auth.login_as(member)
    url = f"/employer/postings/{posting.id}/candidates/{seeker.id}/invite"
    assert client.post(url, data={"message": "欢迎来包头面试"}).status_code == 302
    again = client.post(url, data={}, follow_redirects=True).get_data(as_text=True)
    assert "已经邀请过" in again
    assert (
        client.post(f"/employer/postings/{posting.id}/candidates/{unfit.id}/invite").status_code
        == 403
    )
    assert db.session.scalar(select(models.Invitation.seeker_id)) == seeker.id
    seeker_client = app.test_client()
    Auth(seeker_client).login_as(seeker.user)
    page = seeker_client.get("/me/").get_data(as_text=True)
    assert "招聘单位邀请您申请" in page and "欢迎来包头面试" in page


def test_contact_shown_once_the_seeker_agreed(client, make, auth, truck):
    member, posting = truck
    make.seeker(
        name="那仁",
        phone="13955556666",
        occupation_codes=["L01"],
        licence_classes=["B2"],
        contact_consent=True,
        birth_year=1990,
    )
    auth.login_as(member)
    assert "13955556666" in candidate_names(client, posting.id)


def test_two_workers_see_each_others_changes(tmp_path, make, truck, backend, request):
    """Two app instances (two gunicorn workers) on one database."""
    member, posting = truck
    url = str(db.engine.url.render_as_string(hide_password=False))
    workers = [
        create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
        for _ in (1, 2)
    ]
    a, b = (w.test_client() for w in workers)
    Auth(b).login_as(member)
    assert "共0人" in candidate_names(b, posting.id)  # worker B builds its index now
    a.post(
        "/auth/signup",
        data={
            "phone": "13712349999",
            "code": signup_code(a, "13712349999"),
            "password": "abcdefgh1",
            "name": "宝音",
            "birth_year": "1988",
            "district_code": "150203",
            "occupation_codes": ["L01"],
            "licence_classes": ["B2"],
            "availability": ["full_time"],
            "discoverable": "y",
            "consent": "y",
        },
    )
    assert "宝*" in candidate_names(b, posting.id)
    for w in workers:
        with w.app_context():
            db.engine.dispose()


def test_a_hidden_profile_still_sees_its_own_fit(client, make, auth, truck):
    """Hiding from employers is not a requirement the seeker fails."""
    _member, posting = truck
    seeker = make.seeker(occupation_codes=["L01"], licence_classes=["B2"], discoverable=False)
    auth.login_as(seeker.user)
    detail = client.get(f"/postings/{posting.id}").get_data(as_text=True)
    assert "您符合这个岗位的全部硬性要求" in detail and "资料未公开" not in detail
