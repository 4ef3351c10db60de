"""Seeker sign-up, profile, data download and account deletion."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.clients import signup_code
from tests.helpers.database import count

GOOD = {
    "phone": "13812345678",
    "password": "abcdefgh1",
    "name": "其木格",
    "birth_year": "1995",
    "district_code": "150105",
    "occupation_codes": ["D01"],
    "availability": ["full_time", "nights"],
    "licence_classes": ["C1"],
    "has_ebike": "y",
    "health_certificate": "y",
    "pay_amount": "7000",
    "pay_unit": "month",
    "skills": "熟悉赛罕区道路",
    "intro": "做过两年外卖。",
    "discoverable": "y",
    "consent": "y",
}


def signup(client, **changes):
    """Sign up as the page does: ask for the texted code first, then send the form."""
    data = {**GOOD, **changes}
    if "code" not in data:
        data["code"] = signup_code(client, data["phone"])
    return client.post("/auth/signup", data={k: v for k, v in data.items() if v is not None})


def test_signup_creates_account_profile_and_consent_record(client, ctx):
    response = signup(client)
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    profile = db.session.scalar(select(models.SeekerProfile))
    assert profile.name == "其木格"
    assert profile.user.phone == "13812345678"
    assert profile.occupation_codes == ["D01"]
    assert profile.availability == ["full_time", "nights"]
    assert profile.licence_classes == ["C1"]
    assert profile.consent_version == "2026-11" and profile.consent_at is not None
    assert profile.user.password_hash != "abcdefgh1"
    # logged in straight away
    assert "其木格" in client.get("/me/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"phone": "1381234567"}, "手机号应为11位数字"),
        ({"phone": "1381234567a"}, "手机号只能包含数字"),
        ({"phone": "abcdefghijk"}, "手机号只能包含数字"),
        ({"phone": "12812345678"}, "有效的中国大陆手机号"),
        ({"birth_year": "2015"}, "未满16周岁"),
        ({"birth_year": "一九九五"}, "出生年份"),
        ({"district_code": "150100"}, "请选择列表中的旗县区"),
        ({"district_code": "999999"}, "请选择列表中的旗县区"),
        ({"intro": "长" * 10_000}, "最多500个字，您填写了10000个字"),
        ({"consent": None}, "请阅读并同意"),
        ({"password": "1234567"}, "密码至少8位"),
        ({"name": ""}, "请填写姓名"),
        ({"pay_amount": "7000", "pay_unit": "order"}, "期望薪资不合理"),
        ({"occupation_codes": ["X99"]}, "请选择列表中的岗位"),
        ({"licence_classes": ["Z9"]}, "请选择列表中的驾照类型"),
    ],
)
def test_bad_signup_shows_message_keeps_input_and_writes_nothing(
    client, ctx, changes, field_message
):
    response = signup(client, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_message in body
    assert 'class="field-error' in body
    # what the user typed is still there
    assert 'value="其木格"' in body or changes.get("name") == ""
    assert "熟悉赛罕区道路" in body
    assert count(models.User) == 0 and count(models.SeekerProfile) == 0


def test_duplicate_mobile_is_refused_without_telling_who_is_registered(client, ctx, make):
    make.seeker(phone="13812345678")
    sent_to_old = client.post("/auth/signup", data={"phone": "138-1234-5678", "send_code": "1"})
    sent_to_new = client.post("/auth/signup", data={"phone": "13912345678", "send_code": "1"})
    for page in (sent_to_old, sent_to_new):  # the same answer for both
        assert page.status_code == 200 and "验证码已发送到" in page.get_data(as_text=True)
    outbox = client.application.extensions["jobfair.sms"]
    assert "已经注册过" in outbox.last_to("13812345678")  # the owner is told, nobody else
    response = signup(client, phone="138-1234-5678", code="123456")
    assert response.status_code == 422
    assert "验证码不正确" in response.get_data(as_text=True)
    assert "已注册" not in response.get_data(as_text=True)
    assert count(models.User) == 1


def test_html_in_text_fields_is_shown_escaped(client, ctx):
    script = '<script>alert("x")</script>'
    response = signup(client, name="<b>乌云</b>", skills=script, intro=script)
    assert response.status_code == 302
    body = client.get("/me/").get_data(as_text=True)
    assert "<b>乌云</b>" not in body and "&lt;b&gt;乌云&lt;/b&gt;" in body
    profile = client.get("/me/profile").get_data(as_text=True)
    assert script not in profile and "&lt;script&gt;" in profile


def test_free_text_wish_is_mapped_to_the_taxonomy_and_shown_back(client, ctx):
    response = signup(client, occupation_codes=[], desired_text="開大車的")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "请确认后再次提交" in body
    assert count(models.User) == 0
    # the suggestion is ticked; submitting again as shown saves it
    from tests.helpers.html import checked_values

    codes = checked_values(body, "occupation_codes")
    assert codes, body
    again = signup(
        client, occupation_codes=codes, desired_text="開大車的", confirmed_occupations="開大車的"
    )
    assert again.status_code == 302
    profile = db.session.scalar(select(models.SeekerProfile))
    from matching import taxonomy

    assert any(taxonomy.get(c).name in ("货车司机", "牵引车司机") for c in profile.occupation_codes)


def test_profile_edit_saves_and_rejects_bad_values(client, ctx, make, auth):
    seeker = make.seeker(name="苏日娜", pay_amount=6000, pay_unit="month")
    auth.login_as(seeker.user)
    page = client.get("/me/profile").get_data(as_text=True)
    assert 'value="苏日娜"' in page
    data = {
        "name": "苏日娜",
        "birth_year": "1992",
        "district_code": "150203",
        "availability": ["part_time"],
        "pay_amount": "180",
        "pay_unit": "day",
        "discoverable": "y",
    }
    assert client.post("/me/profile", data=data).status_code == 302
    db.session.refresh(seeker)
    assert (seeker.district_code, seeker.pay_amount, seeker.pay_unit) == ("150203", 180, "day")
    bad = client.post("/me/profile", data={**data, "birth_year": "2016", "district_code": "150203"})
    assert bad.status_code == 422 and "未满16周岁" in bad.get_data(as_text=True)
    db.session.refresh(seeker)
    assert seeker.birth_year == 1992


def test_seeker_downloads_own_data(client, ctx, make, auth):
    seeker = make.seeker(name="额尔敦", phone="13912340000")
    posting = make.posting(title="集宁区快递分拣员")
    auth.login_as(seeker.user)
    assert client.post(f"/postings/{posting.id}/save").status_code in (302, 303)
    response = client.get("/me/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["phone"] == "13912340000"
    assert data["profile"]["name"] == "额尔敦"
    assert [s["posting_title"] for s in data["saved_postings"]] == ["集宁区快递分拣员"]


def test_seeker_deletes_account_profile_gone_audit_kept(client, ctx, make, auth):
    seeker = make.seeker()
    seeker_id = seeker.id
    auth.login_as(seeker.user)
    wrong = client.post("/me/delete", data={"password": "nope"})
    assert wrong.status_code == 422 and count(models.SeekerProfile) == 1
    response = client.post("/me/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert count(models.SeekerProfile) == 0 and count(models.User) == 0
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "seeker.delete_account")
    )
    assert entry.subject_id == seeker_id
    assert client.get("/me/").status_code == 302


def test_all_errors_show_in_one_round(client, ctx):
    response = signup(client, phone="1381234567", birth_year="", district_code="")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "手机号应为11位数字" in body
    assert "请填写出生年份" in body
    assert "请选择列表中的旗县区" in body
    assert count(models.User) == 0
