"""Employers in a real browser on a phone: rejected with a reason, corrected and
resubmitted, then verified; an interview moved, and the seeker reads the new time."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

BEIJING = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def pending_employer_login(server) -> tuple[int, str, str]:
    """A pending demo employer that is not flagged as a duplicate: (id, name, member login)."""
    from jobfair.extensions import db
    from models import Employer, EmployerMember, EmployerStatus, User

    with server.app.app_context():
        row = db.session.execute(
            select(Employer.id, Employer.name, User.email)
            .join(EmployerMember, EmployerMember.employer_id == Employer.id)
            .join(User, User.id == EmployerMember.user_id)
            .where(Employer.status == EmployerStatus.PENDING, ~Employer.name.contains("顺达"))
            .order_by(Employer.id)
            .limit(1)
        ).one()
        db.session.remove()
    return row.id, row.name, row.email


def seeker_with_interview(server) -> tuple[str, int]:
    """A new seeker whose application to the demo employer is at "interview" tomorrow at
    10:00 in the company's office (not at a booth): (phone, application id)."""
    from jobfair.extensions import db
    from jobfair.services import applications, unit_of_work
    from models import User
    from tests.helpers.builders import Builders

    demo = server.demo
    with server.app.test_request_context():
        phone = next(
            p
            for n in _numbers
            if db.session.scalar(select(User.id).where(User.phone == (p := f"1990000{n:04d}")))
            is None
        )
        seeker = Builders().seeker(
            phone=phone,
            password=demo.password,
            name="图雅",
            occupation_codes=["D01"],
            has_ebike=True,
            health_certificate=True,
            availability=["full_time", "flexible", "nights", "weekends"],
        )
        employer = db.session.scalar(select(User).where(User.email == demo.employer))
        with unit_of_work():
            application = applications.apply_to_posting(
                seeker, demo.booth_posting_id, accept_soft=True
            )
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).astimezone(BEIJING)
        at = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0).astimezone(UTC)
        for status in ("viewed", "shortlisted", "interview"):
            with unit_of_work():
                applications.move_application(
                    employer,
                    application.id,
                    status,
                    version=application.version,
                    interview_at=at if status == "interview" else None,
                    interview_place="公司二楼会议室",
                )
        found = phone, application.id
        db.session.remove()
    return found


def test_rejected_employer_sees_the_reason_resubmits_and_staff_verify(make_page, log_in, server):
    employer_id, name, login = pending_employer_login(server)
    staff = make_page("phone")
    log_in(staff, server.demo.staff)
    staff.goto("/staff/employers/pending")
    card = staff.locator("main section", has=staff.get_by_role("heading", name=name))
    # no reason: refused, beside the field
    with staff.expect_navigation():
        card.get_by_role("button", name="驳回…").click()
    card = staff.locator("main section", has=staff.get_by_role("heading", name=name))
    expect(card.locator(".invalid-feedback")).to_contain_text("驳回时请填写理由")
    card.get_by_label(re.compile("审核意见")).fill("营业执照地址与填写的不一致")
    with staff.expect_navigation():
        card.get_by_role("button", name="驳回…").click()
    # the confirmation step, which works without JavaScript
    expect(staff.get_by_role("heading", level=1)).to_contain_text(f"确认驳回“{name}”")
    expect(staff.get_by_label(re.compile("驳回理由"))).to_have_value("营业执照地址与填写的不一致")
    assert_accessible(staff, "the confirm-rejection page on a phone")
    with staff.expect_navigation():
        staff.get_by_role("button", name="确认驳回").click()
    expect(staff.locator("main .alert-info")).to_contain_text("已驳回")

    member = make_page("phone")
    log_in(member, login)
    member.goto("/employer/")
    rejected = member.get_by_role("region", name="单位注册未通过审核")
    expect(rejected).to_contain_text("营业执照地址与填写的不一致")
    expect(member.get_by_role("button", name=re.compile("^发布"))).to_have_count(0)
    assert_accessible(member, "the rejected employer's dashboard on a phone")
    with member.expect_navigation():
        rejected.get_by_role("link", name="修改资料并重新提交").click()
    address = member.get_by_label("详细地址")
    address.fill(address.input_value() + "（与营业执照一致）")
    member.get_by_label("联系人手机").fill("1391234")  # a typo first: refused, kept
    with member.expect_navigation():
        member.get_by_role("button", name="保存并重新提交审核").click()
    expect(member.locator("#contact_phone-error")).to_contain_text("11位")
    expect(member.get_by_label("详细地址")).to_have_value(re.compile("与营业执照一致"))
    assert_accessible(member, "the company form with an error on a phone")
    member.get_by_label("联系人手机").fill("13912345670")
    with member.expect_navigation():
        member.get_by_role("button", name="保存并重新提交审核").click()
    expect(member.locator("main .alert-success")).to_contain_text("重新提交审核")
    expect(member.locator("main .alert-warning")).to_contain_text("已重新提交审核")

    staff.goto("/staff/employers/pending")
    card = staff.locator("main section", has=staff.get_by_role("heading", name=name))
    expect(card).to_contain_text("重新提交")
    expect(card).to_contain_text("上次驳回理由：营业执照地址与填写的不一致")
    expect(card).to_contain_text("与营业执照一致")
    assert_accessible(staff, "the pending employers on a phone")
    with staff.expect_navigation():
        card.get_by_role("button", name="通过").click()
    expect(staff.locator("main .alert-success")).to_contain_text(name)

    member.goto("/employer/")
    expect(member.get_by_role("region", name="单位注册未通过审核")).to_have_count(0)
    expect(member.get_by_role("link", name="发布新岗位")).to_be_visible()
    member.goto("/notifications")
    expect(member.locator("main")).to_contain_text("已通过审核")


def test_employer_moves_an_interview_and_the_seeker_reads_the_new_time(make_page, log_in, server):
    phone, application_id = seeker_with_interview(server)
    page = make_page("phone")
    log_in(page, server.demo.employer)
    page.goto(f"/employer/applications/{application_id}")
    section = page.get_by_role("region", name="改期或取消面试")
    expect(section).to_contain_text("公司二楼会议室")
    new = (
        (datetime.now(UTC) + timedelta(days=2))
        .astimezone(BEIJING)
        .replace(hour=14, minute=30, second=0, microsecond=0)
    )
    section.get_by_label("面试时间").fill(new.strftime("%Y-%m-%dT%H:%M"))
    section.get_by_label("面试地点").fill("公司一楼大厅")
    section.get_by_label("给求职者的说明").fill("原时间有培训，改到后天下午")
    assert_accessible(page, "the reschedule form on a phone")
    with page.expect_navigation():
        section.get_by_role("button", name="改期并通知求职者").click()
    expect(page.locator("main .alert-success")).to_contain_text("面试已改期")
    when = new.strftime("%Y-%m-%d %H:%M")
    expect(page.locator("main dl")).to_contain_text(when)
    expect(page.locator("main dl")).to_contain_text("公司一楼大厅")

    seeker = make_page("phone")
    log_in(seeker, phone)
    seeker.goto("/notifications")
    moved = seeker.locator("main li", has_text="面试已改期")
    expect(moved).to_contain_text(when)
    expect(moved).to_contain_text("公司一楼大厅")
    assert_accessible(seeker, "the seeker's notifications on a phone")


def test_employer_tables_fit_a_phone(make_page, server):
    """The dashboard and booth-request tables become cards: nothing wider than 360 px."""
    page = make_page({"width": 360, "height": 740}, as_=server.demo.employer)
    for url in ("/employer/", "/employer/fairs"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        for button in page.locator("main table .card-actions :is(a, button)").all():
            box = button.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, url
        assert_accessible(page, f"{url} at 360 px")
