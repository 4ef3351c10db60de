"""Real-browser flows a person would notice when they break."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

pytestmark = pytest.mark.e2e

_numbers = itertools.count(13)


def unused_phone(server) -> str:
    from jobfair.extensions import db
    from models import User

    with server.app.app_context():
        for n in _numbers:
            phone = f"1700000{n:04d}"
            if db.session.scalar(select(User.id).where(User.phone == phone)) is None:
                db.session.remove()
                return phone
    raise AssertionError("unreachable")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_seeker_signup_shows_phone_error_keeps_input_then_succeeds(make_page, server, viewport):
    page = make_page(viewport)
    page.goto("/auth/signup")
    form = page.locator("main form")
    form.get_by_label("手机号").fill("1380013")  # 7 digits
    form.locator("#password").fill("secret-pass-1")
    form.get_by_label("姓名").fill("其其格")
    form.get_by_label("出生年份").fill("1996")
    form.get_by_label("常住旗县区").select_option("150105")
    form.get_by_role("checkbox", name="快递员").check()
    form.get_by_role("checkbox", name="我已阅读并同意《个人信息处理说明》").check()
    with page.expect_navigation():
        form.get_by_role("button", name="注册").click()

    # the error is next to the phone field, in text, and tied to it for screen readers
    phone = page.locator("#phone")
    error = page.locator("#phone-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("手机号应为11位数字")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"\bphone-error\b"))
    field_box = phone.locator("xpath=..")
    expect(field_box.locator("#phone-error")).to_have_count(1)
    phone_box, error_box = phone.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (phone_box["y"] + phone_box["height"]) < 40, (
        "error is not right below the field"
    )
    # the summary at the top links to the field
    expect(page.locator("#error-summary a[href='#phone']")).to_be_visible()
    # what was typed is still there
    expect(phone).to_have_value("1380013")
    expect(page.get_by_label("姓名")).to_have_value("其其格")
    expect(page.get_by_label("出生年份")).to_have_value("1996")
    expect(page.get_by_label("常住旗县区")).to_have_value("150105")
    expect(page.get_by_role("checkbox", name="快递员")).to_be_checked()
    expect(page.get_by_role("checkbox", name="我已阅读并同意《个人信息处理说明》")).to_be_checked()
    expect(page.locator("#password")).to_have_value("secret-pass-1")

    new_phone = unused_phone(server)
    phone.fill(new_phone)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="获取验证码").click()
    expect(page.locator("main")).to_contain_text("验证码已发送到")
    texted = server.app.extensions["jobfair.sms"].last_to(new_phone)
    page.get_by_label("短信验证码").fill(re.search(r"(\d{6})", texted).group(1))
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).to_contain_text("注册成功")
    expect(page.locator("header")).to_contain_text("其其格")


def test_keyboard_skip_link_is_first_and_moves_focus_to_main(desktop_page):
    page = desktop_page
    page.goto("/postings")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text("跳到主要内容")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # the next Tab stays inside the main content, not back in the navbar
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert inside_main, page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")


def test_employer_creates_a_draft_posting(desktop_page, log_in, demo):
    page = desktop_page
    log_in(page, demo.employer)
    expect(page).to_have_url(re.compile(r"/employer/$"))
    page.get_by_role("link", name="发布新岗位").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("发布新岗位")
    form = page.locator("main form")
    title = "夜班分拣员（端到端测试）"
    form.get_by_label("岗位名称").fill(title)
    form.get_by_label("岗位类别").select_option("D03")
    form.get_by_label("岗位描述").fill("负责快递包裹夜间分拣，按件计酬，包住宿。")
    form.get_by_label("工作地点").select_option("150105")
    form.get_by_label("最低薪资").fill("5000")
    form.get_by_label("最高薪资").fill("7000")
    form.get_by_label("薪资单位").select_option("month")
    form.get_by_role("checkbox", name="需上夜班").check()
    form.get_by_label("招聘人数").fill("3")
    form.get_by_label("状态").select_option("draft")
    with page.expect_navigation():
        form.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/employer/postings/\d+$"))
    expect(page.locator("main .alert")).to_contain_text("岗位已保存")
    # the posting's own page with what to do next, not the form again
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    next_steps = page.get_by_role("region", name="下一步")
    expect(next_steps.get_by_role("link", name="查看申请人")).to_be_visible()
    expect(next_steps.get_by_role("button", name="发布")).to_be_visible()
    expect(next_steps.get_by_role("link", name="编辑")).to_be_visible()

    page.goto("/employer/")
    row = page.locator("tbody tr", has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("草稿")
    # a draft is not public
    page.goto("/postings?q=端到端测试")
    expect(page.locator("main")).not_to_contain_text(title)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_language_switch_keeps_the_page(make_page, switch_lang, demo, viewport):
    page = make_page(viewport)
    path = f"/postings/{demo.posting_id}"
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    switch_lang(page, "English")
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header button[name=lang]")).to_have_text("中文")

    page.goto("/postings?trade=delivery&page=1")
    switch_lang(page, "中文")
    expect(page).to_have_url(re.compile(r"/postings\?trade=delivery&page=1$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


def test_posting_list_pages_forward_and_back_keeping_the_filter(desktop_page):
    page = desktop_page
    page.goto("/postings?trade=delivery")
    pager = page.get_by_role("navigation", name="分页")
    expect(pager.locator("[aria-current=page]")).to_contain_text("第1 /")
    pager.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"/postings\?(?=.*trade=delivery)(?=.*page=2)"))
    expect(pager.locator("[aria-current=page]")).to_contain_text("第2 /")
    pager.get_by_role("link", name="上一页").click()
    expect(pager.locator("[aria-current=page]")).to_contain_text("第1 /")


# ---------------------------------------------------------------------------
# issue 4: fairs, applications, the pipeline
# ---------------------------------------------------------------------------

BEIJING = ZoneInfo("Asia/Shanghai")
SLOT = timedelta(minutes=15)


def ranked_posting_to_apply_to(server) -> tuple[int, str]:
    """A posting ranked for the demo seeker at the running fair that nobody else here
    applies to: not yet applied to, and not the demo employer's (the pipeline flow's)."""
    from jobfair.extensions import db
    from jobfair.services import applications, fairs, ranking
    from models import Fair, SeekerProfile

    demo = server.demo
    with server.app.test_request_context():
        fair = db.session.get(Fair, demo.fair_id)
        seeker = db.session.get(SeekerProfile, demo.seeker_id)
        booth_of = {p.id: b for b in fairs.booths_of(fair) for p in b.postings}
        employer_id = booth_of[demo.booth_posting_id].employer_id
        ranked = ranking.recommended_postings(seeker, k=50, posting_ids=list(booth_of))
        for r in ranked:
            if r.posting.employer_id == employer_id or r.posting.id == demo.soft_posting_id:
                continue
            if applications.existing_application(seeker, r.posting.id) is None:
                found = r.posting.id, r.posting.title
                db.session.remove()
                return found
    raise AssertionError("no ranked posting left for the demo seeker at the running fair")


def test_seeker_applies_online_at_the_running_fair(desktop_page, log_in, server, demo):
    page = desktop_page
    posting_id, title = ranked_posting_to_apply_to(server)
    log_in(page, demo.seeker)
    page.goto("/fairs/")
    page.locator("main").get_by_role("link", name=re.compile("呼和浩特市新就业形态")).click()
    expect(page).to_have_url(re.compile(rf"/fairs/{demo.fair_id}$"))
    expect(page.locator("main")).to_contain_text("正在进行")

    ranked = page.get_by_role("region", name="为您排序的岗位")
    card = ranked.locator("article", has=page.locator(f"a[href$='/postings/{posting_id}']"))
    expect(card).to_have_count(1)
    expect(card.locator(".reason-list li").first).to_be_visible()  # the matcher's reasons
    expect(card).to_contain_text(re.compile(r"展位 [A-Z]\d{2}"))  # the booth label
    with page.expect_navigation():
        card.get_by_role("button", name="在线申请").click()
    if page.locator("#accept_soft").count():  # a soft requirement to confirm first
        page.get_by_label("我确认能在入职前满足以上要求").check()
        with page.expect_navigation():
            page.locator("main form").get_by_role("button", name="确认申请").click()

    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.locator("main .alert")).to_contain_text("申请已提交")
    mine = page.locator("main article", has=page.get_by_role("link", name=title, exact=True))
    expect(mine).to_have_count(1)
    expect(mine.locator(".badge")).to_have_text("已申请")
    # back on the fair page the posting is marked as applied to, with no second button
    page.goto(f"/fairs/{demo.fair_id}")
    card = page.get_by_role("region", name="为您排序的岗位").locator(
        "article", has=page.locator(f"a[href$='/postings/{posting_id}']")
    )
    expect(card.locator(".badge", has_text="已申请")).to_have_count(1)
    expect(card.get_by_role("button", name="在线申请")).to_have_count(0)


def new_applicant(server) -> tuple[str, int]:
    """A new seeker who applied online through the running fair to the demo employer's
    posting at its booth: (phone, application id)."""
    from jobfair.extensions import db
    from jobfair.services import applications, unit_of_work
    from tests.helpers.builders import Builders

    phone = unused_phone(server)
    demo = server.demo
    with server.app.test_request_context():
        seeker = Builders().seeker(
            phone=phone,
            password=demo.password,
            name="阿拉坦仓",
            birth_year=1994,
            occupation_codes=["D01", "D02"],
            licence_classes=["C1"],
            has_ebike=True,
            health_certificate=True,
            availability=["full_time", "flexible", "nights", "weekends"],
        )
        with unit_of_work():
            application = applications.apply_to_posting(
                seeker, demo.booth_posting_id, note="可以随时面试", fair_id=demo.fair_id
            )
        found = phone, application.id
        db.session.remove()
    return found


def free_booth_slot(server) -> datetime:
    """The first free 15-minute slot at the demo employer's booth from 15 minutes on."""
    from jobfair.extensions import db
    from models import Application, Fair

    demo = server.demo
    with server.app.app_context():
        fair = db.session.get(Fair, demo.fair_id)
        taken = set(
            db.session.scalars(
                select(Application.interview_at).where(
                    Application.interview_booth_id == demo.booth_id
                )
            )
        )
        start, end = fair.starts_at, fair.ends_at
        db.session.remove()
    at = max(start, datetime.now(UTC) + SLOT)
    at = at.replace(second=0, microsecond=0) + timedelta(minutes=-at.minute % 15)
    while at in taken:
        at += SLOT
    assert at + SLOT <= end, "no free interview slot left at the booth today"
    return at


def test_employer_moves_an_application_to_a_booth_interview_and_the_seeker_sees_it(
    make_page, log_in, server, demo
):
    phone, application_id = new_applicant(server)
    page = make_page("desktop")
    log_in(page, demo.employer)
    page.goto(f"/employer/postings/{demo.booth_posting_id}/applicants")
    row = page.locator("main article", has_text="阿拉坦仓")
    expect(row.locator(".badge")).to_have_text("已申请")
    with page.expect_navigation():
        row.get_by_role("link", name="阿拉坦仓").click()
    expect(page).to_have_url(re.compile(rf"/employer/applications/{application_id}$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("已查看")  # opening it marks it viewed
    expect(page.locator("main")).to_contain_text(phone)  # contact details from "applied" on

    form = page.locator("main form")
    with page.expect_navigation():
        form.get_by_role("button", name="初筛通过").click()
    expect(page.locator("main .alert-success")).to_contain_text("初筛通过")
    expect(heading).to_contain_text("初筛通过")

    at = free_booth_slot(server).astimezone(BEIJING)
    form.get_by_label("面试时间").fill(at.strftime("%Y-%m-%dT%H:%M"))
    booth_choice = form.get_by_label("招聘会展位")
    label = booth_choice.locator("option", has_text=re.compile(r"A\d{2}$")).first.inner_text()
    booth_choice.select_option(label=label)
    form.get_by_label("给求职者的说明").fill("请带身份证到展位找王经理")
    with page.expect_navigation():
        form.get_by_role("button", name="面试", exact=True).click()
    expect(page.locator("main .alert-success")).to_contain_text("面试")
    expect(heading).to_contain_text("面试")
    when = at.strftime("%Y-%m-%d %H:%M")
    booth_label = label.split()[-1]
    expect(page.locator("main dl")).to_contain_text(when)
    expect(page.locator("main dl")).to_contain_text(f"展位{booth_label}")

    seeker = make_page("phone")
    log_in(seeker, phone)
    badge = seeker.locator("header a.nav-unread .badge")  # beside the collapsed menu on a phone
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("3")  # viewed, shortlisted, interview
    expect(badge).to_contain_text("条未读")
    seeker.goto("/me/applications")
    card = seeker.locator("main article")  # the new seeker's only application
    expect(card).to_have_count(1)
    expect(card.locator(".badge")).to_have_text("面试")
    expect(card).to_contain_text(f"面试：{when}")
    expect(card).to_contain_text(f"展位{booth_label}")
    seeker.goto("/notifications")
    expect(seeker.locator("main li", has_text="面试时间")).to_contain_text(when)


def test_staff_approve_a_booth_with_a_label_and_see_it_on_the_plan(desktop_page, log_in, demo):
    page = desktop_page
    log_in(page, demo.staff)
    page.goto("/staff/fairs")
    booths = f"/staff/fairs/{demo.upcoming_fair_id}/booths"
    page.locator("tbody tr").locator(f"td.fair-name a[href$='{booths}']").click()
    expect(page).to_have_url(re.compile(re.escape(booths) + "$"))

    requested = page.get_by_role("region", name=re.compile("^待审核的申请"))
    booth = requested.locator("li.list-group-item").first
    company = booth.locator("h3").inner_text().strip()
    hint = booth.locator(".form-text").inner_text()
    label = re.search(r"[A-Z]\d{2,3}", hint).group(0)  # the first free label, offered as a hint
    booth.get_by_label(re.compile("^展位号")).fill(label)
    with page.expect_navigation():
        booth.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator("main .alert-success")).to_contain_text(f"展位号 {label}")
    approved = page.get_by_role("region", name=re.compile("^已批准的展位"))
    expect(approved.locator("li", has_text=company).locator(".badge.text-bg-dark")).to_have_text(
        label
    )

    page.get_by_role("link", name="展位图（可打印）").click()
    expect(page).to_have_url(re.compile(rf"/staff/fairs/{demo.upcoming_fair_id}/plan$"))
    plan_row = page.locator("tbody tr", has=page.locator("th", has_text=re.compile(f"^{label}$")))
    expect(plan_row).to_have_count(1)
    expect(plan_row).to_contain_text(company)
    labels = page.locator("tbody th.booth-label").all_inner_texts()
    assert labels == sorted(labels, key=lambda s: (s[0], int(s[1:]))), labels
    expect(page.get_by_role("button", name="打印")).to_be_visible()
