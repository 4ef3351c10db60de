"""Employer sign-up, verification by staff, and postings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import valid_credit_code
from tests.helpers.database import count

COMPANY = {
    "login": "hr@caoyuan-delivery.cn",
    "password": "abcdefgh1",
    "name": "呼和浩特市草原即时配送有限公司",
    "trade": "delivery",
    "district_code": "150105",
    "address": "赛罕区大学东街8号",
    "contact_name": "张丽",
    "contact_phone": "13712345678",
    "intro": "本地即时配送服务商。",
}


def register(client, **changes):
    data = {**COMPANY, "credit_code": valid_credit_code(7), **changes}
    return client.post(
        "/auth/employer-signup", data={k: v for k, v in data.items() if v is not None}
    )


def test_employer_signup_creates_pending_employer_with_member(client, ctx):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/employer/"
    employer = db.session.scalar(select(models.Employer))
    assert employer.status == "pending"
    assert employer.members[0].user.email == "hr@caoyuan-delivery.cn"
    page = client.get("/employer/").get_data(as_text=True)
    assert "正在审核中" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": valid_credit_code(7)[:17] + "X"}, "校验位不正确"),
        ({"credit_code": "123"}, "应为18位"),
        ({"contact_phone": "1371234567x"}, "只能包含数字"),
        ({"trade": "mining"}, "请选择所属行业"),
        ({"district_code": "440105"}, "请选择列表中的旗县区"),
        ({"login": "not-an-email@"}, "有效的邮箱地址"),
        ({"name": "<img src=x onerror=alert(1)>" + "公" * 100}, "最多100个字"),
    ],
)
def test_bad_employer_signup_is_refused_and_writes_nothing(client, ctx, changes, message):
    response = register(client, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert "赛罕区大学东街8号" in body  # typed values kept
    assert "<img src=x" not in body
    assert count(models.Employer) == 0 and count(models.User) == 0


def test_credit_code_already_registered(client, ctx, make):
    make.employer(credit_code=valid_credit_code(7))
    response = register(client)
    assert response.status_code == 422
    assert "已登记" in response.get_data(as_text=True)


def test_staff_sees_pending_with_duplicate_warning_and_verifies(client, ctx, make, auth):
    make.employer(name="呼和浩特顺达速运有限责任公司", status="verified")
    pending = make.employer(name="呼和浩特市顺达速运有限公司", status="pending")
    other = make.employer(name="赤峰草原优选电子商务有限公司", status="pending")
    staff = make.staff()
    auth.login_as(staff)
    page = client.get("/staff/employers/pending").get_data(as_text=True)
    assert "可能重复注册" in page
    assert page.count("可能重复注册") == 1  # only the look-alike is flagged
    assert other.name in page
    response = client.post(f"/staff/employers/{pending.id}/review", data={"decision": "approve"})
    assert response.status_code == 302
    db.session.refresh(pending)
    assert pending.status == "verified" and pending.reviewed_by_id == staff.id
    assert (
        db.session.scalar(
            select(models.AuditEntry.action).where(models.AuditEntry.subject_id == pending.id)
        )
        == "employer.verify"
    )
    again = client.post(
        f"/staff/employers/{pending.id}/review",
        data={"decision": "reject", "note": "资料不全", "confirm": "yes"},
    )
    assert again.status_code == 400 and "已审核过" in again.get_data(as_text=True)


POSTING = {
    "title": "美团外卖骑手（赛罕区）",
    "occupation_code": "D01",
    "description": "负责大学城片区配送，单量稳定。",
    "requirements": "会骑电动车",
    "district_code": "150105",
    "pay_min": "6",
    "pay_max": "9",
    "pay_unit": "order",
    "schedule": ["full_time", "nights"],
    "headcount": "20",
    "required_licence": "",
    "min_age": "18",
    "needs_health_certificate": "y",
    "needs_vehicle": "ebike",
    "status": "open",
}


def test_verified_employer_publishes_posting_visible_to_public(client, ctx, make, auth):
    member = make.member()
    auth.login_as(member)
    response = client.post("/employer/postings/new", data=POSTING)
    assert response.status_code == 302
    posting = db.session.scalar(select(models.Posting))
    assert (
        posting.status == "open"
        and posting.trade == "delivery"
        and posting.schedule == ["full_time", "nights"]
    )
    auth.logout()
    listing = client.get("/postings").get_data(as_text=True)
    assert "美团外卖骑手（赛罕区）" in listing
    detail = client.get(f"/postings/{posting.id}").get_data(as_text=True)
    assert "6–9 元/单" in detail and "大学城片区" in detail


def test_pending_employer_can_only_save_drafts(client, ctx, make, auth):
    member = make.member(make.employer(status="pending"))
    auth.login_as(member)
    response = client.post("/employer/postings/new", data=POSTING)
    assert response.status_code == 422
    assert "通过审核后才能发布" in response.get_data(as_text=True)
    assert count(models.Posting) == 0
    assert (
        client.post("/employer/postings/new", data={**POSTING, "status": "draft"}).status_code
        == 302
    )
    assert db.session.scalar(select(models.Posting.status)) == "draft"
    assert "美团外卖骑手" not in client.get("/postings").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pay_min": "9000", "pay_max": "6000", "pay_unit": "month"}, "最低薪资不能高于最高薪资"),
        ({"headcount": "0"}, "招聘人数应在1到5000之间"),
        ({"headcount": "100000"}, "招聘人数应在1到5000之间"),
        ({"district_code": "000000"}, "请选择列表中的旗县区"),
        ({"min_age": "14"}, "最低年龄应在16到60岁之间"),
        ({"schedule": []}, "请至少选择一种工作时间"),
        ({"occupation_code": "ZZZ"}, "请选择岗位类别"),
        ({"description": "x" * 3001}, "最多3000个字"),
        ({"title": ""}, "请填写岗位名称"),
    ],
)
def test_bad_posting_is_refused_and_keeps_input(client, ctx, make, auth, changes, message):
    auth.login_as(make.member())
    response = client.post("/employer/postings/new", data={**POSTING, **changes})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert "大学城片区" in body or changes.get("description")
    assert count(models.Posting) == 0


def test_employer_cannot_touch_another_employers_posting(client, ctx, make, auth):
    theirs = make.posting(title="别家的岗位")
    auth.login_as(make.member())
    assert client.get(f"/employer/postings/{theirs.id}").status_code == 404
    assert client.get(f"/employer/postings/{theirs.id}/edit").status_code == 404
    assert client.post(f"/employer/postings/{theirs.id}/edit", data={**POSTING}).status_code == 404
    assert (
        client.post(f"/employer/postings/{theirs.id}/status", data={"status": "closed"}).status_code
        == 404
    )
    db.session.refresh(theirs)
    assert theirs.status == "open" and theirs.title == "别家的岗位"


def test_closing_a_posting_removes_it_from_the_public(client, ctx, make, auth):
    member = make.member()
    posting = make.posting(employer=member.membership.employer)
    auth.login_as(member)
    assert (
        client.post(
            f"/employer/postings/{posting.id}/status", data={"status": "closed"}
        ).status_code
        == 302
    )
    assert client.get(f"/postings/{posting.id}").status_code == 404


def test_public_list_filters_and_paginates(client, ctx, make):
    delivery = make.employer(trade="delivery")
    logistics = make.employer(trade="logistics", district_code="150203")
    for i in range(25):
        make.posting(employer=delivery, title=f"骑手{i:02d}")
    make.posting(
        employer=logistics,
        title="重卡司机",
        occupation_code="L01",
        trade="logistics",
        district_code="150203",
        required_licence="B2",
        pay_min=9000,
        pay_max=14000,
        schedule=["full_time", "nights"],
    )
    first = client.get("/postings").get_data(as_text=True)
    assert "共26个岗位" in first and "第1 / 2页" in first
    assert "共1个岗位" in client.get("/postings?trade=logistics").get_data(as_text=True)
    assert "重卡司机" in client.get("/postings?district=150200").get_data(as_text=True)
    assert "共0个岗位" in client.get("/postings?district=150100&trade=logistics").get_data(
        as_text=True
    )
    assert "共1个岗位" in client.get("/postings?schedule=nights").get_data(as_text=True)
    assert "共1个岗位" in client.get("/postings?min_pay=10000&pay_unit=month").get_data(
        as_text=True
    )
    assert "重卡司机" in client.get("/postings?q=大车司机").get_data(
        as_text=True
    )  # a synonym finds it
    assert client.get("/postings?page=99").status_code == 200
    assert client.get("/postings?min_pay=abc").status_code == 200


SCRIPT = '<script>alert("x")</script>'


def test_script_in_every_posting_text_field_is_shown_escaped(client, ctx, make, auth):
    auth.login_as(make.member())
    data = {**POSTING, "title": "骑手" + SCRIPT, "description": SCRIPT, "requirements": SCRIPT}
    assert client.post("/employer/postings/new", data=data).status_code == 302
    posting = db.session.scalar(select(models.Posting))
    for url in (
        f"/postings/{posting.id}",
        "/postings",
        f"/employer/postings/{posting.id}",
        "/employer/",
    ):
        body = client.get(url).get_data(as_text=True)
        assert SCRIPT not in body, url
        assert "&lt;script&gt;" in body, url


def test_script_in_every_company_field_is_shown_escaped(client, ctx, make, auth):
    data = {
        **COMPANY,
        "name": "草原配送" + SCRIPT,
        "address": SCRIPT,
        "contact_name": SCRIPT[:32],
        "intro": SCRIPT,
    }
    assert register(client, **data).status_code == 302
    auth.logout()
    auth.login_as(make.staff())
    body = client.get("/staff/employers/pending").get_data(as_text=True)
    assert SCRIPT not in body and "&lt;script&gt;" in body
