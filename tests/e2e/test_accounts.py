"""Accounts people can recover, in a real browser on a phone: sign-up with a texted
code, a forgotten password reset by mobile, a change of mobile number; axe-core finds
no serious or critical violation on any of their pages."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import open_menu
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

_numbers = itertools.count(1)
NEW_PASSWORD = "new-secret-42"


def unused_phone(server) -> str:
    from jobfair.extensions import db
    from models import PhoneCode, User

    with server.app.app_context():
        for n in _numbers:
            phone = f"1710000{n:04d}"
            taken = db.session.scalar(select(User.id).where(User.phone == phone))
            texted = db.session.scalar(select(PhoneCode.id).where(PhoneCode.mobile == phone))
            if taken is None and texted is None:
                db.session.remove()
                return phone
    raise AssertionError("unreachable")


def new_seeker(server, password: str) -> str:
    """A seeker of this test alone (the demo seeker's password stays as it is)."""
    from jobfair.extensions import db
    from jobfair.services import live_index
    from tests.helpers.builders import Builders

    phone = unused_phone(server)
    with server.app.app_context():
        seeker = Builders().seeker(phone=phone, password=password, name="苏日娜")
        live_index.seeker_changed(seeker.id)  # as the sign-up service does: ranked at once
        db.session.commit()
        db.session.remove()
    return phone


def texted_code(server, phone: str) -> str:
    return re.search(r"(\d{6})", server.app.extensions["jobfair.sms"].last_to(phone)).group(1)


def press(page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=name, exact=True).click()


def open_menu_link(page, name: str) -> None:
    """A link of the navbar, opening the collapsed menu on a phone first."""
    link = page.locator("header").get_by_role("link", name=name)
    if not link.is_visible():
        open_menu(page)
        link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def test_signup_with_a_texted_code_on_a_phone(make_page, server):
    page = make_page("phone")
    page.goto("/auth/signup")
    phone = unused_phone(server)
    form = page.locator("main form")
    form.get_by_label("手机号").fill(phone)
    press(page, "获取验证码")
    expect(page.locator("main [role=status]")).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    assert_accessible(page, "sign-up, code sent")
    form = page.locator("main form")
    expect(form.get_by_label("手机号")).to_have_value(phone)
    form.get_by_label("短信验证码").fill(texted_code(server, phone))
    form.locator("#password").fill("secret-pass-1")
    form.get_by_label("姓名").fill("苏日娜")
    form.get_by_label("出生年份").fill("1998")
    form.get_by_label("常住旗县区").select_option("150105")
    form.get_by_role("checkbox", name="快递员").check()
    form.get_by_role("checkbox", name="我已阅读并同意《个人信息处理说明》").check()
    press(page, "注册")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).to_contain_text("注册成功")


def test_forgotten_password_reset_by_mobile_on_a_phone(make_page, server):
    phone = new_seeker(server, "old-secret-11")
    page = make_page("phone")
    page.goto("/auth/login")
    with page.expect_navigation():
        page.get_by_role("link", name="忘记密码？").click()
    expect(page.locator("h1")).to_have_text("找回密码")
    assert_accessible(page, "forgot password")
    page.get_by_label("账号的手机号").fill(phone)
    press(page, "获取验证码")
    expect(page.locator("main [role=status]")).to_contain_text("如果这个号码注册过账号")
    code = texted_code(server, phone)
    # a wrong code: the error stands beside the code, everything typed is kept
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label("短信验证码").fill(wrong)
    page.locator("#password").fill(NEW_PASSWORD)
    page.get_by_label("再输入一次新密码").fill(NEW_PASSWORD)
    press(page, "重设密码")
    expect(page.locator("#code-error")).to_contain_text("验证码不正确或已过期")
    expect(page.get_by_label("短信验证码")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("账号的手机号")).to_have_value(phone)
    expect(page.locator("#password")).to_have_value(NEW_PASSWORD)
    assert_accessible(page, "forgot password, wrong code")
    page.get_by_label("短信验证码").fill(code)
    press(page, "重设密码")
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.locator("main")).to_contain_text("密码已重设")
    page.locator("#identifier").fill(phone)
    page.locator("#password").fill(NEW_PASSWORD)
    press(page, "登录")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).not_to_contain_text("服务器出错")


def test_change_of_mobile_from_the_account_page_on_a_phone(make_page, server, log_in):
    phone = new_seeker(server, "old-secret-11")
    page = make_page("phone")
    log_in(page, phone, "old-secret-11")
    open_menu_link(page, "账户与安全")
    expect(page.locator("h1")).to_have_text("账户与安全")
    assert_accessible(page, "account page")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("更换手机号")).click()
    new_phone = unused_phone(server)
    page.get_by_label("新手机号").fill(new_phone)
    press(page, "获取验证码")
    expect(page.locator("main [role=status]")).to_contain_text(
        f"{new_phone[:3]}****{new_phone[-4:]}"
    )
    assert_accessible(page, "change of mobile, code sent")
    page.get_by_label("短信验证码").fill(texted_code(server, new_phone))
    page.get_by_label("当前密码").fill("old-secret-11")
    press(page, "确认更换")
    expect(page).to_have_url(re.compile(r"/auth/account$"))
    expect(page.locator("main")).to_contain_text(
        f"手机号已换成 {new_phone[:3]}****{new_phone[-4:]}"
    )
    expect(page.locator("main")).not_to_contain_text(new_phone)
    # still logged in here; the new number is the login from now on
    page.goto("/me/")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("main")).not_to_contain_text("服务器出错")
    other = make_page("phone")
    log_in(other, new_phone, "old-secret-11")
