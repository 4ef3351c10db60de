"""Real-browser flows a person would notice when they break."""

from __future__ import annotations

import itertools
import re

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
    expect(page.get_by_label("岗位名称")).to_have_value(title)

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
