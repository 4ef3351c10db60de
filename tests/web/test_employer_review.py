"""Staff reject an employer with a reason (confirmed first); the employer is told, sees
the reason, corrects its details and resubmits; staff see it again and verify it."""

from __future__ import annotations

from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import valid_credit_code
from tests.helpers.database import count

COMPANY = {
    "name": "呼和浩特市草原即时配送有限公司",
    "trade": "delivery",
    "district_code": "150105",
    "address": "赛罕区大学东街8号",
    "contact_name": "张丽",
    "contact_phone": "13712345678",
    "intro": "本地即时配送服务商。",
}


def review(client, employer, **data):
    return client.post(f"/staff/employers/{employer.id}/review", data=data)


def test_a_rejection_without_a_reason_is_refused_and_keeps_nothing_typed_away(client, make, auth):
    employer = make.employer(status="pending")
    auth.login_as(make.staff())
    response = review(client, employer, decision="reject", note="   ")
    assert response.status_code == 422
    assert "驳回时请填写理由" in response.get_data(as_text=True)
    confirmed = review(client, employer, decision="reject", note="", confirm="yes")
    assert confirmed.status_code == 422
    db.session.refresh(employer)
    assert employer.status == "pending" and employer.reviewed_at is None
    assert count(models.Notification) == 0
    too_long = review(client, employer, decision="reject", note="营业执照" * 60)
    assert too_long.status_code == 422
    assert "营业执照营业执照" in too_long.get_data(as_text=True)  # what was typed is kept


def test_a_rejection_is_confirmed_on_a_second_page_before_anything_changes(client, make, auth):
    employer = make.employer(status="pending", name="赤峰草原优选电子商务有限公司")
    member = make.member(employer)
    staff = make.staff()
    auth.login_as(staff)
    first = review(client, employer, decision="reject", note="营业执照照片不清晰")
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "确认驳回“赤峰草原优选电子商务有限公司”的注册" in page
    assert "营业执照照片不清晰" in page and 'name="confirm" value="yes"' in page
    db.session.refresh(employer)
    assert employer.status == "pending"  # only asked, nothing done
    # the reason may still be changed on the confirmation page
    done = review(
        client, employer, decision="reject", note="营业执照照片不清晰，请重新上传", confirm="yes"
    )
    assert done.status_code == 302
    db.session.refresh(employer)
    assert employer.status == "rejected"
    assert employer.review_note == "营业执照照片不清晰，请重新上传"
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "employer.reject")
    )
    assert entry.actor_user_id == staff.id and entry.detail == {"note": employer.review_note}
    told = db.session.scalars(
        select(models.Notification.text).where(models.Notification.user_id == member.id)
    ).all()
    assert len(told) == 1 and "营业执照照片不清晰，请重新上传" in told[0]


def test_rejected_employer_sees_why_corrects_and_resubmits_and_staff_verify(client, make, auth):
    employer = make.employer(status="pending", credit_code=valid_credit_code(41), **COMPANY)
    member = make.member(employer)
    staff = make.staff()
    auth.login_as(staff)
    review(client, employer, decision="reject", note="地址不完整，请写明门牌号", confirm="yes")
    auth.logout()

    auth.login_as(member)
    dashboard = client.get("/employer/").get_data(as_text=True)
    assert "单位注册未通过审核" in dashboard and "地址不完整，请写明门牌号" in dashboard
    assert 'value="open"' not in dashboard and "发布新岗位" not in dashboard  # no publish button
    form = client.get("/employer/company").get_data(as_text=True)
    assert "赛罕区大学东街8号" in form and "保存并重新提交审核" in form
    # a bad correction is refused, keeps what was typed, changes nothing
    bad = client.post(
        "/employer/company",
        data={**COMPANY, "credit_code": employer.credit_code, "address": "赛罕区大学东街8号3单元",
              "contact_phone": "1371234"},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "赛罕区大学东街8号3单元" in bad.get_data(as_text=True)
    db.session.refresh(employer)
    assert employer.status == "rejected" and employer.address == "赛罕区大学东街8号"
    good = client.post(
        "/employer/company",
        data={**COMPANY, "credit_code": employer.credit_code, "address": "赛罕区大学东街8号3单元"},
    )
    assert good.status_code == 302
    db.session.refresh(employer)
    assert employer.status == "pending" and employer.address == "赛罕区大学东街8号3单元"
    assert employer.resubmitted_at is not None
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "employer.resubmit")
    )
    assert entry.actor_user_id == member.id and entry.detail == {"fields": ["address"]}
    assert "已重新提交审核" in client.get("/employer/").get_data(as_text=True)
    auth.logout()

    auth.login_as(staff)
    pending = client.get("/staff/employers/pending").get_data(as_text=True)
    assert COMPANY["name"] in pending and "重新提交" in pending
    assert "上次驳回理由：地址不完整，请写明门牌号" in pending
    assert review(client, employer, decision="approve").status_code == 302
    db.session.refresh(employer)
    assert employer.status == "verified"
    auth.logout()
    auth.login_as(member)
    texts = db.session.scalars(
        select(models.Notification.text).where(models.Notification.user_id == member.id)
    ).all()
    assert any("已通过审核" in t for t in texts)
    assert "发布新岗位" in client.get("/employer/").get_data(as_text=True)


def test_a_verified_company_is_not_edited_by_its_members(client, make, auth):
    employer = make.employer(status="verified")
    auth.login_as(make.member(employer))
    page = client.get("/employer/company")
    assert page.status_code == 200 and "请联系就业服务机构" in page.get_data(as_text=True)
    assert 'name="address"' not in page.get_data(as_text=True)
    response = client.post(
        "/employer/company", data={**COMPANY, "credit_code": employer.credit_code}
    )
    assert response.status_code == 200
    db.session.refresh(employer)
    assert employer.name != COMPANY["name"]


def test_a_correction_may_not_take_another_companys_credit_code(client, make, auth):
    other = make.employer()
    employer = make.employer(status="rejected", review_note="名称有误")
    auth.login_as(make.member(employer))
    response = client.post("/employer/company", data={**COMPANY, "credit_code": other.credit_code})
    assert response.status_code == 422 and "已登记" in response.get_data(as_text=True)
    db.session.refresh(employer)
    assert employer.status == "rejected"


def test_the_server_refuses_publishing_until_verified(client, make, auth):
    for status in ("pending", "rejected"):
        employer = make.employer(status=status)
        draft = make.posting(employer=employer, status="draft", published_at=None)
        auth.login_as(make.member(employer))
        page = client.get(f"/employer/postings/{draft.id}").get_data(as_text=True)
        assert 'value="open"' not in page  # no publish button
        form = client.get(f"/employer/postings/{draft.id}/edit").get_data(as_text=True)
        assert '<option value="open"' not in form  # "招聘中" is not offered
        client.post(f"/employer/postings/{draft.id}/status", data={"status": "open"})
        db.session.refresh(draft)
        assert draft.status == "draft", status
        auth.logout()
