"""Staff pages for fairs: create and edit, review booth requests, the booth plan."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.clients import Auth
from tests.helpers.database import count

FAIR = {
    "name": "呼和浩特市新业态专场招聘会",
    "mode": "onsite",
    "venue": "呼和浩特市人力资源市场一楼大厅",
    "district_code": "150105",
    "starts_at": "2027-03-01T09:00",
    "ends_at": "2027-03-01T16:00",
    "description": "快递物流、即时配送企业现场招聘。",
    "status": "published",
}


def soon(days: int = 10, hour: int = 1) -> datetime:
    day = datetime.now(UTC) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def add_fair(mode: str = "onsite", **kw) -> models.Fair:
    fields = dict(
        name="包头市新业态专场招聘会",
        mode=mode,
        venue="包头市人力资源市场" if mode != "online" else "",
        district_code="150203",
        starts_at=soon(),
        ends_at=soon(hour=8),
        status="published",
    )
    fields.update(kw)
    fair = models.Fair(**fields)
    db.session.add(fair)
    db.session.commit()
    return fair


def add_booth(make, fair, status="requested", label=None, titles=("外卖骑手",), **employer):
    company = make.employer(**employer)
    postings = [make.posting(employer=company, title=t) for t in titles]
    booth = models.Booth(
        fair_id=fair.id, employer_id=company.id, status=status, label=label, postings=postings
    )
    db.session.add(booth)
    db.session.commit()
    return booth


@pytest.fixture
def staff(make, auth):
    user = make.staff()
    auth.login_as(user)
    return user


def post_fair(client, url="/staff/fairs/new", **changes):
    data = {**FAIR, **changes}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def review(client, booth, decision="approve", label=""):
    return client.post(
        f"/staff/fairs/{booth.fair_id}/booths/{booth.id}/review",
        data={"decision": decision, "label": label},
    )


# -- create and edit ---------------------------------------------------------------------


def test_create_fair_stores_beijing_time_as_utc(client, ctx, staff):
    response = post_fair(client)
    fair = db.session.scalar(select(models.Fair))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/fairs/{fair.id}/booths"
    assert fair.name == FAIR["name"] and fair.created_by_id == staff.id
    assert fair.starts_at == datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    assert fair.ends_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存" in page and "2027-03-01 09:00" in page  # shown in Beijing time again
    listing = client.get("/staff/fairs").get_data(as_text=True)
    assert (
        FAIR["name"] in listing
        and '2027-03-01</span> <span class="text-nowrap">09:00–16:00' in listing
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "2027-03-01T08:00"}, "结束时间必须晚于开始时间"),
        ({"starts_at": "2025-03-01T09:00", "ends_at": "2025-03-01T16:00"}, "开始时间不能早于今天"),
        ({"venue": ""}, "现场招聘会请填写举办地点"),
        ({"district_code": "440105"}, "请选择列表中的旗县区"),
        ({"name": ""}, "请填写招聘会名称"),
        ({"starts_at": "tomorrow"}, "不是有效的日期与时间值"),
    ],
)
def test_bad_fair_is_refused_with_message_and_nothing_written(client, ctx, staff, changes, message):
    response = post_fair(client, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert 'id="error-summary"' in body
    assert "快递物流、即时配送企业现场招聘。" in body  # typed values kept
    assert count(models.Fair) == 0


def test_every_error_is_shown_at_once(client, ctx, staff):
    response = post_fair(client, venue="", district_code="440105", ends_at="2027-03-01T08:00")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("现场招聘会请填写举办地点", "请选择列表中的旗县区", "结束时间必须晚于开始时间"):
        assert message in body
    assert 'aria-describedby="venue-hint venue-error"' in body


def test_edit_form_shows_beijing_time_and_saving_keeps_rows(client, ctx, staff, make):
    fair = add_fair(
        starts_at=datetime(2027, 3, 1, 1, tzinfo=UTC), ends_at=datetime(2027, 3, 1, 8, tzinfo=UTC)
    )
    booth = add_booth(make, fair, status="approved", label="A01")
    form = client.get(f"/staff/fairs/{fair.id}").get_data(as_text=True)
    assert 'value="2027-03-01T09:00"' in form and 'value="2027-03-01T16:00"' in form
    response = post_fair(
        client, f"/staff/fairs/{fair.id}", name="包头市新业态春季招聘会", ends_at="2027-03-01T17:30"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/fairs/{fair.id}/booths"
    db.session.refresh(fair)
    assert fair.name == "包头市新业态春季招聘会"
    assert fair.ends_at == datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
    assert count(models.Fair) == 1
    db.session.refresh(booth)
    assert booth.fair_id == fair.id and booth.label == "A01" and len(booth.postings) == 1


def test_bad_edit_changes_nothing(client, ctx, staff):
    fair = add_fair()
    before = (fair.name, fair.starts_at, fair.ends_at)
    response = post_fair(
        client, f"/staff/fairs/{fair.id}", name="新名字", ends_at="2027-02-01T08:00"
    )
    assert response.status_code == 422
    assert "结束时间必须晚于开始时间" in response.get_data(as_text=True)
    assert 'value="新名字"' in response.get_data(as_text=True)
    db.session.refresh(fair)
    assert (fair.name, fair.starts_at, fair.ends_at) == before


def test_unknown_fair_is_404(client, ctx, staff):
    assert client.get("/staff/fairs/999").status_code == 404
    assert client.get("/staff/fairs/999/booths").status_code == 404
    assert client.get("/staff/fairs/999/plan").status_code == 404


# -- booths -------------------------------------------------------------------------------


def test_list_shows_counts_and_pending_requests(client, ctx, staff, make):
    fair = add_fair()
    add_booth(make, fair, status="approved", label="A01", titles=("快递员", "分拣员"))
    add_booth(make, fair)
    add_booth(make, fair)
    page = client.get("/staff/fairs").get_data(as_text=True)
    row = re.search(
        rf"<tr>\s*<td class=\"fair-name\"[^>]*>.*?{fair.name}.*?</tr>", page, re.S
    ).group(0)
    cells = re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row, re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == ["1", "2", "0", "0", "0", "2"]


def test_approve_booth_with_label(client, ctx, staff, make):
    fair = add_fair()
    booth = add_booth(make, fair)
    page = client.get(f"/staff/fairs/{fair.id}/booths").get_data(as_text=True)
    assert booth.employer.name in page and f'id="label-{booth.id}"' in page
    response = review(client, booth, label="a07")
    assert response.status_code == 302
    db.session.refresh(booth)
    assert booth.status == "approved" and booth.label == "A07"
    action = db.session.scalar(
        select(models.AuditEntry.action).where(
            models.AuditEntry.subject_type == "booth", models.AuditEntry.subject_id == booth.id
        )
    )
    assert action == "booth.approve"
    assert "展位号 A07" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_label_used_twice_at_one_fair_is_refused(client, ctx, staff, make):
    fair = add_fair()
    first = add_booth(make, fair, status="approved", label="A01", name="草原快递有限公司")
    second = add_booth(make, fair)
    other_fair = add_fair(name="赤峰市招聘会")
    elsewhere = add_booth(make, other_fair)
    response = review(client, second, label="A01")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "展位号 A01 已分配给“草原快递有限公司”" in body
    # the message sits next to that booth's input, which keeps what was typed
    assert f'id="label-{second.id}-error"' in body
    assert re.search(rf'id="label-{second.id}"[^>]*value="A01"', body, re.S)
    assert f'aria-describedby="label-{second.id}-hint label-{second.id}-error"' in body
    assert f'id="label-{first.id}-error"' not in body
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.status, first.label) == ("approved", "A01")
    assert (second.status, second.label) == ("requested", None)
    # the same label at another fair is fine
    assert review(client, elsewhere, label="A01").status_code == 302


def test_onsite_approval_needs_a_label(client, ctx, staff, make):
    fair = add_fair(mode="both")
    booth = add_booth(make, fair)
    response = review(client, booth, label="  ")
    assert response.status_code == 422
    assert "现场招聘会请分配展位号" in response.get_data(as_text=True)
    bad = review(client, booth, label="1号")
    assert bad.status_code == 422 and "展位号格式" in bad.get_data(as_text=True)
    assert 'value="1号"' in bad.get_data(as_text=True)
    db.session.refresh(booth)
    assert booth.status == "requested" and booth.label is None


def test_online_fair_approves_without_label(client, ctx, staff, make):
    fair = add_fair(mode="online")
    booth = add_booth(make, fair)
    page = client.get(f"/staff/fairs/{fair.id}/booths").get_data(as_text=True)
    assert f'id="label-{booth.id}"' not in page
    assert review(client, booth).status_code == 302
    db.session.refresh(booth)
    assert booth.status == "approved" and booth.label is None


def test_decline_booth(client, ctx, staff, make):
    fair = add_fair()
    booth = add_booth(make, fair, status="approved", label="B02")
    response = review(client, booth, decision="decline", label="B02")
    assert response.status_code == 302
    db.session.refresh(booth)
    assert booth.status == "declined" and booth.label is None
    page = client.get(f"/staff/fairs/{fair.id}/booths").get_data(as_text=True)
    assert "已拒绝" in page and "未批准的申请（1）" in page


def test_review_checks_the_booth_belongs_to_the_fair_and_the_decision(client, ctx, staff, make):
    fair, other = add_fair(), add_fair(name="赤峰市招聘会")
    booth = add_booth(make, other)
    wrong = client.post(
        f"/staff/fairs/{fair.id}/booths/{booth.id}/review", data={"decision": "decline"}
    )
    assert wrong.status_code == 404
    assert review(client, booth, decision="maybe").status_code == 400
    db.session.refresh(booth)
    assert booth.status == "requested"


def test_plan_lists_approved_booths_sorted_by_label(client, ctx, staff, make):
    fair = add_fair()
    add_booth(
        make, fair, status="approved", label="A10", name="十号物流有限公司", titles=("货车司机",)
    )
    add_booth(
        make,
        fair,
        status="approved",
        label="A02",
        name="二号配送有限公司",
        titles=("外卖骑手", "站长"),
    )
    add_booth(
        make,
        fair,
        status="approved",
        label="B01",
        name="直播电商有限公司",
        trade="livestream",
        titles=("带货主播",),
    )
    add_booth(make, fair, status="requested", name="还没批准有限公司")
    page = client.get(f"/staff/fairs/{fair.id}/plan").get_data(as_text=True)
    order = [page.index(x) for x in ("二号配送有限公司", "十号物流有限公司", "直播电商有限公司")]
    assert order == sorted(order)
    labels = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', page)
    assert labels == ["A02", "A10", "B01"]
    for title in ("外卖骑手", "站长", "货车司机", "带货主播"):
        assert title in page
    assert "还没批准有限公司" not in page
    assert "data-print" in page and "打印" in page  # app.js prints; no inline onclick


# -- who may use these pages -----------------------------------------------------------------


def my_routes(fair, booth):
    base = f"/staff/fairs/{fair.id}"
    return [
        ("GET", "/staff/fairs"),
        ("GET", "/staff/fairs/new"),
        ("POST", "/staff/fairs/new"),
        ("GET", base),
        ("POST", base),
        ("GET", f"{base}/booths"),
        ("POST", f"{base}/booths/{booth.id}/review"),
        ("GET", f"{base}/plan"),
    ]


@pytest.mark.parametrize("role", ["anonymous", "seeker", "employer"])
def test_others_are_refused_everywhere(client, ctx, make, role):
    fair = add_fair()
    booth = add_booth(make, fair)
    if role == "seeker":
        Auth(client).login_as(make.seeker().user)
    elif role == "employer":
        Auth(client).login_as(make.member(booth.employer))
    for method, url in my_routes(fair, booth):
        response = client.open(
            url, method=method, data={**FAIR, "decision": "approve", "label": "A01"}
        )
        if role == "anonymous":
            assert response.status_code == 302, url
            assert "/auth/login" in response.headers["Location"], url
        else:
            assert response.status_code == 403, (role, method, url)
    assert count(models.Fair) == 1
    db.session.refresh(booth)
    assert booth.status == "requested"


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_get_in(client, ctx, make, role):
    fair = add_fair()
    booth = add_booth(make, fair)
    Auth(client).login_as(make.staff(role))
    for method, url in my_routes(fair, booth):
        if method == "GET":
            assert client.get(url).status_code == 200, url
