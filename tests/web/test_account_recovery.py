"""Accounts people can recover, through the pages: forgotten password by mobile or
e-mail, change of password and of mobile, the account page, limits on texts."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.clients import Auth

MOBILE = "13912345678"
NEW_MOBILE = "13700001111"
NEW_PASSWORD = "new-secret-42"


def value_of(page: str, name: str) -> str | None:
    """The value attribute of the input called ``name`` (None: no value)."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None


def last_code(app, mobile: str) -> str:
    return re.search(r"(\d{6})", app.extensions["jobfair.sms"].last_to(mobile)).group(1)


def another_client(app):
    return app.test_client()  # the client fixture's class: separate requests, as a browser


def logged_in(client, user) -> Auth:
    auth = Auth(client)
    auth.login_as(user)
    return auth


def audit(action: str) -> list[models.AuditEntry]:
    return list(db.session.scalars(select(models.AuditEntry).where(
        models.AuditEntry.action == action)))  # fmt: skip


# -- the way in -----------------------------------------------------------------------------


def test_the_login_page_offers_forgot_password(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot"' in page and "忘记密码？" in page


@pytest.mark.parametrize("role", ["seeker", "employer", "staff", "admin"])
def test_every_role_reaches_its_account_page_from_the_nav(client, make, role):
    user = {
        "seeker": lambda: make.seeker(phone=MOBILE).user,
        "employer": lambda: make.member(email="hr@company.test"),
        "staff": lambda: make.staff(),
        "admin": lambda: make.staff("admin"),
    }[role]()
    logged_in(client, user)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/auth/account"' in home and "账户与安全" in home
    page = client.get("/auth/account").get_data(as_text=True)
    assert 'href="/auth/account/password"' in page and 'href="/auth/account/mobile"' in page
    if user.phone:
        assert "139****5678" in page and MOBILE not in page


def test_account_pages_ask_anonymous_visitors_to_log_in(client):
    for path in ("/auth/account", "/auth/account/password", "/auth/account/mobile"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.post("/auth/account/mobile", data={"phone": NEW_MOBILE, "send_code": "1"}
                       ).status_code == 302  # fmt: skip


# -- forgotten password by mobile -----------------------------------------------------------


def send_reset_code(client, phone: str):
    return client.post("/auth/forgot", data={"phone": phone, "send_code": "1"})


def test_the_forgot_page_answers_every_number_alike(client, make):
    make.seeker(phone=MOBILE)
    registered = send_reset_code(client, MOBILE)
    unknown = send_reset_code(client, "13912340000")
    assert registered.status_code == unknown.status_code == 200
    texts = [r.get_data(as_text=True).replace(m[-4:], "####")
             for r, m in ((registered, MOBILE), (unknown, "13912340000"))]  # fmt: skip
    assert texts[0] == texts[1]
    assert "如果这个号码注册过账号，短信里有验证码" in texts[0]


def test_a_reset_by_mobile_ends_every_session_and_the_new_password_works(app, client, make):
    user = make.seeker(phone=MOBILE).user
    phones = [another_client(app), another_client(app)]
    for other in phones:
        logged_in(other, user)
        assert other.get("/me/").status_code == 200
    send_reset_code(client, "139-1234-5678")
    code = last_code(app, MOBILE)
    response = client.post("/auth/forgot", data={"phone": MOBILE, "code": code,
                           "password": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "密码已重设" in client.get("/auth/login").get_data(as_text=True)
    for other in phones:
        assert other.get("/me/").status_code == 302  # logged out everywhere
    assert Auth(client).login(MOBILE, PASSWORD).status_code == 401
    assert Auth(client).login(MOBILE, NEW_PASSWORD).status_code == 302
    [row] = audit("account.password_reset")
    assert row.detail == {"via": "sms", "sessions_ended": 2}


def test_a_wrong_code_keeps_what_was_typed_and_changes_nothing(app, client, make):
    user = make.seeker(phone=MOBILE).user
    send_reset_code(client, MOBILE)
    wrong = f"{(int(last_code(app, MOBILE)) + 1) % 10**6:06d}"
    response = client.post("/auth/forgot", data={"phone": "139 1234 5678", "code": wrong,
                           "password": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="code-error"[^>]*>\s*<span>错误：验证码不正确或已过期', page)
    assert value_of(page, "phone") == "139 1234 5678" and value_of(page, "code") == wrong
    assert value_of(page, "password") == value_of(page, "password2") == NEW_PASSWORD
    assert Auth(client).login(MOBILE, PASSWORD).status_code == 302
    assert audit("account.password_reset") == [] and user.phone == MOBILE


def test_mismatched_new_passwords_are_shown_beside_the_second(app, client, make):
    make.seeker(phone=MOBILE)
    send_reset_code(client, MOBILE)
    response = client.post("/auth/forgot", data={"phone": MOBILE, "code": last_code(app, MOBILE),
                           "password": NEW_PASSWORD, "password2": "typo-secret-42"})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="password2-error"' in page
    assert "两次输入的密码不一致" in page


def test_a_code_is_sent_again_only_after_a_minute(client, make):
    make.seeker(phone=MOBILE)
    assert send_reset_code(client, MOBILE).status_code == 200
    again = send_reset_code(client, MOBILE)
    assert again.status_code == 429 and 0 < int(again.headers["Retry-After"]) <= 60
    assert "秒后再试" in again.get_data(as_text=True)


def test_texts_are_limited_per_address_across_pages(app_with, make):
    app = app_with(RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = []
    for i in range(21):
        path = "/auth/signup" if i % 2 else "/auth/forgot"
        codes.append(client.post(path, data={"phone": f"1391234{i:04d}", "send_code": "1"}
                                 ).status_code)  # fmt: skip
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_texts_are_limited_per_number_however_it_is_written(app_with, make):
    app = app_with(RATELIMIT_ENABLED=True, PHONE_CODE_RESEND_SECONDS=0,
                   PHONE_CODES_PER_NUMBER_PER_HOUR=100)  # fmt: skip
    client = app.test_client()
    spellings = [MOBILE, "139 1234 5678", "+86 139-1234-5678"]
    codes = [client.post("/auth/forgot", data={"phone": spellings[i % 3], "send_code": "1"}
                         ).status_code for i in range(11)]  # fmt: skip
    assert codes[:10] == [200] * 10 and codes[10] == 429


# -- forgotten password by e-mail -----------------------------------------------------------


def test_a_reset_by_email_link_works_once(app, client, make):
    member = make.member(email="hr@company.test")
    desk = another_client(app)
    logged_in(desk, member)
    sent = client.post("/auth/forgot/email", data={"email": "HR@company.test"})
    unknown = client.post("/auth/forgot/email", data={"email": "nobody@company.test"})
    assert sent.status_code == unknown.status_code == 200
    assert "如果 hr@company.test 是某个账号的邮箱" in sent.get_data(as_text=True)
    assert "如果 nobody@company.test 是某个账号的邮箱" in unknown.get_data(as_text=True)
    mail = app.extensions["jobfair.mail"].last_to("hr@company.test")
    assert app.extensions["jobfair.mail"].last_to("nobody@company.test") is None
    link = re.search(r"http://localhost(/auth/reset/[\w-]+)", mail.body).group(1)
    assert client.get(link).status_code == 200
    typo = client.post(link, data={"password": NEW_PASSWORD, "password2": "typo"})
    assert typo.status_code == 422
    assert value_of(typo.get_data(as_text=True), "password") == NEW_PASSWORD
    done = client.post(link, data={"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/auth/login"
    assert desk.get("/employer/").status_code == 302
    assert client.get(link).status_code == 410
    assert Auth(client).login("hr@company.test", NEW_PASSWORD).status_code == 302


def test_a_bad_address_is_told_beside_the_field(client):
    response = client.post("/auth/forgot/email", data={"email": "hr.company.test"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="email-error"' in page
    assert value_of(page, "email") == "hr.company.test"


def test_mail_links_use_site_url_when_set(app_with, make):
    app = app_with(SITE_URL="https://jobs.example.cn/")
    make.member(email="hr@company.test")
    app.test_client().post("/auth/forgot/email", data={"email": "hr@company.test"},
                           headers={"Host": "evil.example"})  # fmt: skip
    body = app.extensions["jobfair.mail"].last_to("hr@company.test").body
    assert "https://jobs.example.cn/auth/reset/" in body and "evil.example" not in body


# -- change of password ---------------------------------------------------------------------


def test_changing_the_password_logs_out_the_other_devices_only(app, client, make):
    user = make.seeker(phone=MOBILE).user
    logged_in(client, user)
    other = another_client(app)
    logged_in(other, user)
    wrong = client.post("/auth/account/password", data={"current_password": "nope-nope-1",
                        "password": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "当前密码不正确" in page
    assert not value_of(page, "current_password")  # never sent back
    assert value_of(page, "password") == NEW_PASSWORD
    assert other.get("/me/").status_code == 200
    done = client.post("/auth/account/password", data={"current_password": PASSWORD,
                       "password": NEW_PASSWORD, "password2": NEW_PASSWORD})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"] == "/auth/account"
    assert "其他设备上的1个登录已退出" in client.get("/auth/account").get_data(as_text=True)
    assert client.get("/me/").status_code == 200
    assert other.get("/me/").status_code == 302
    [row] = audit("account.password_change")
    assert row.detail == {"sessions_ended": 1}


# -- change of mobile -----------------------------------------------------------------------


def test_changing_the_mobile_keeps_sessions_and_moves_the_login(app, client, make):
    user = make.seeker(phone=MOBILE).user
    logged_in(client, user)
    other = another_client(app)
    logged_in(other, user)
    sent = client.post("/auth/account/mobile", data={"phone": NEW_MOBILE, "send_code": "1"})
    assert "验证码已发送到 137****1111" in sent.get_data(as_text=True)
    code = last_code(app, NEW_MOBILE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = client.post("/auth/account/mobile", data={"phone": "137 0000 1111", "code": wrong,
                          "password": PASSWORD})  # fmt: skip
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="code-error"' in page
    assert value_of(page, "phone") == "137 0000 1111" and value_of(page, "code") == wrong
    done = client.post("/auth/account/mobile", data={"phone": NEW_MOBILE, "code": code,
                       "password": PASSWORD})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"] == "/auth/account"
    assert "手机号已换成 137****1111" in client.get("/auth/account").get_data(as_text=True)
    assert other.get("/me/").status_code == 200  # the other login stays
    assert Auth(another_client(app)).login(MOBILE).status_code == 401
    assert Auth(another_client(app)).login(NEW_MOBILE).status_code == 302
    [row] = audit("account.mobile_change")
    assert row.detail == {"from": "139****5678", "to": "137****1111"}


def test_a_taken_number_is_told_only_to_whoever_holds_its_code(app, client, make):
    user = make.seeker(phone=MOBILE).user
    make.seeker(phone=NEW_MOBILE)
    logged_in(client, user)
    sent = client.post("/auth/account/mobile", data={"phone": NEW_MOBILE, "send_code": "1"})
    assert sent.status_code == 200 and "已经注册" not in sent.get_data(as_text=True)
    guess = client.post("/auth/account/mobile", data={"phone": NEW_MOBILE, "code": "000000",
                        "password": PASSWORD}).get_data(as_text=True)  # fmt: skip
    assert "已经注册" not in guess
    proven = client.post("/auth/account/mobile", data={"phone": NEW_MOBILE,
                         "code": last_code(app, NEW_MOBILE), "password": PASSWORD})  # fmt: skip
    assert proven.status_code == 422 and "已经注册了另一个账号" in proven.get_data(as_text=True)
    db.session.refresh(user)
    assert user.phone == MOBILE
