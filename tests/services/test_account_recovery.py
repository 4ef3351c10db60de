"""Recovering and changing an account: forgotten password (texted code, mailed link),
change of password and of mobile; sessions ended, audit rows without full numbers."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

import models
from jobfair import clock
from jobfair.errors import DomainError, ValidationFailed
from jobfair.extensions import db
from jobfair.services import accounts, phone_codes, unit_of_work
from tests.helpers.builders import PASSWORD
from tests.helpers.clock import stopped_clock

MOBILE = "13912345678"
NEW_PASSWORD = "new-secret-42"


@pytest.fixture
def later(monkeypatch):
    return stopped_clock(monkeypatch)


@pytest.fixture
def run(app, ctx):
    """``run(service, *args, **kw)`` in a request of its own, committed at its end; a
    ``models.User`` among the arguments is read again in that request, as a view would."""

    def call(service, *args, **kwargs):
        with app.test_request_context(), unit_of_work():
            args = [db.session.get(models.User, a.id) if isinstance(a, models.User) else a
                    for a in args]  # fmt: skip
            return service(*args, **kwargs)

    return call


def texted_code(app, run, mobile: str, purpose: str) -> str:
    run(phone_codes.send_code, mobile, purpose)
    return re.search(r"(\d{6})", app.extensions["jobfair.sms"].last_to(mobile)).group(1)


def sessions_of(user) -> set[str]:
    return set(db.session.scalars(select(models.LoginSession.id).where(
        models.LoginSession.user_id == user.id)))  # fmt: skip


def audit_rows(action: str) -> list[models.AuditEntry]:
    return list(db.session.scalars(select(models.AuditEntry).where(
        models.AuditEntry.action == action)))  # fmt: skip


def no_full_number(rows) -> bool:
    text = json.dumps([r.detail for r in rows], ensure_ascii=False)
    return not re.search(r"1[3-9]\d{9}", text)


def password_is(user, password: str) -> bool:
    db.session.refresh(user)
    return check_password_hash(user.password_hash, password)


# -- forgotten password, by a texted code ---------------------------------------------------


def test_a_reset_by_code_sets_the_password_and_ends_every_login_session(app, run, make):
    user = make.seeker(phone=MOBILE).user
    run(accounts.start_login_session, user, "10.0.0.1")
    run(accounts.start_login_session, user, "10.0.0.2")
    code = texted_code(app, run, MOBILE, phone_codes.PASSWORD_RESET)
    done = run(accounts.reset_password_with_code, "139 1234 5678", code, NEW_PASSWORD,
               NEW_PASSWORD, "10.0.0.3")  # fmt: skip
    assert done.id == user.id
    assert password_is(user, NEW_PASSWORD)
    assert sessions_of(user) == set()
    [row] = audit_rows("account.password_reset")
    assert row.detail == {"via": "sms", "sessions_ended": 2} and row.ip == "10.0.0.3"


def test_a_wrong_code_or_mismatched_passwords_change_nothing(app, run, make):
    user = make.seeker(phone=MOBILE).user
    run(accounts.start_login_session, user, "10.0.0.1")
    code = texted_code(app, run, MOBILE, phone_codes.PASSWORD_RESET)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.reset_password_with_code, MOBILE, wrong, NEW_PASSWORD, "other-pass-9")
    assert set(refused.value.errors) == {"code", "password2"}
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.reset_password_with_code, MOBILE, code, NEW_PASSWORD, "other-pass-9")
    assert set(refused.value.errors) == {"password2"}
    assert password_is(user, PASSWORD) and len(sessions_of(user)) == 1
    assert audit_rows("account.password_reset") == []
    # the right code was not used up by the refused try
    run(accounts.reset_password_with_code, MOBILE, code, NEW_PASSWORD, NEW_PASSWORD)
    assert password_is(user, NEW_PASSWORD)


def test_a_number_without_an_account_can_never_reset_anything(app, run, make):
    run(phone_codes.send_code, MOBILE, phone_codes.PASSWORD_RESET)
    assert "没有注册账号" in app.extensions["jobfair.sms"].last_to(MOBILE)
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.reset_password_with_code, MOBILE, "123456", NEW_PASSWORD, NEW_PASSWORD)
    assert refused.value.errors == {"code": "验证码不正确或已过期，请重新获取。"}


# -- forgotten password, by a mailed link ---------------------------------------------------


def mailed_token(app, address: str) -> str | None:
    mail = app.extensions["jobfair.mail"].last_to(address)
    return mail and re.search(r"/auth/reset/([\w-]+)", mail.body).group(1)


def send_link(run, address: str) -> None:
    run(accounts.send_reset_link, address, lambda token: f"http://jobfair.test/auth/reset/{token}")


def test_a_mailed_link_resets_once_within_thirty_minutes(app, run, make, later, caplog):
    caplog.set_level("WARNING", logger="jobfair.mail")
    member = make.member(email="hr@company.test")
    run(accounts.start_login_session, member, "10.0.0.1")
    send_link(run, " HR@Company.test ")
    token = mailed_token(app, "hr@company.test")
    assert token and token not in caplog.text and "h***@company.test" in caplog.text
    later(minutes=29)
    run(accounts.reset_password_with_link, token, NEW_PASSWORD, NEW_PASSWORD, "10.0.0.9")
    assert password_is(member, NEW_PASSWORD) and sessions_of(member) == set()
    [row] = audit_rows("account.password_reset")
    assert row.detail == {"via": "email", "sessions_ended": 1}
    with pytest.raises(DomainError, match="已失效"):
        run(accounts.reset_password_with_link, token, "third-pass-77", "third-pass-77")
    later(minutes=31)
    send_link(run, "hr@company.test")
    stale = mailed_token(app, "hr@company.test")
    later(minutes=31 + 31)
    assert run(accounts.setup_token_user, stale, accounts.PASSWORD_RESET) is None


def test_an_unknown_address_is_answered_alike_and_mailed_nothing(app, run, make):
    assert run(accounts.send_reset_link, "nobody@x.test", lambda t: t) == "nobody@x.test"
    assert app.extensions.get("jobfair.mail") is None or not app.extensions["jobfair.mail"].outbox
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.send_reset_link, "not-an-address", lambda t: t)
    assert set(refused.value.errors) == {"email"}


def test_reset_links_wait_a_minute_and_are_limited_per_hour(app, run, make, later):
    make.member(email="hr@company.test")
    for minute in (0, 0.5, 2, 4, 6):
        later(minutes=minute)
        send_link(run, "hr@company.test")
    sent = app.extensions["jobfair.mail"].outbox
    assert len(sent) == 3  # the one half a minute after the first, and the fourth, not sent
    assert db.session.scalar(select(func.count()).select_from(models.PasswordSetupToken)) == 3


def test_a_kiosk_link_and_a_reset_link_do_not_stand_in_for_each_other(app, run, make):
    member = make.member(email="hr@company.test")
    send_link(run, "hr@company.test")
    token = mailed_token(app, "hr@company.test")
    assert run(accounts.setup_token_user, token) is None  # not a first-password link
    with pytest.raises(DomainError):
        run(accounts.set_first_password, token, NEW_PASSWORD)
    assert password_is(member, PASSWORD)


# -- change of password ---------------------------------------------------------------------


def test_changing_the_password_ends_only_the_other_sessions(app, run, make):
    user = make.seeker(phone=MOBILE).user
    here = run(accounts.start_login_session, user, "10.0.0.1")
    run(accounts.start_login_session, user, "10.0.0.2")
    run(accounts.start_login_session, user, "10.0.0.3")
    ended = run(accounts.change_password, user, PASSWORD, NEW_PASSWORD, NEW_PASSWORD,
                "10.0.0.1", keep_session=here)  # fmt: skip
    assert ended == 2 and sessions_of(user) == {here}
    assert password_is(user, NEW_PASSWORD)
    [row] = audit_rows("account.password_change")
    assert row.actor_user_id == user.id and row.detail == {"sessions_ended": 2}


def test_a_wrong_current_password_is_refused_and_counted(app, run, make):
    user = make.seeker(phone=MOBILE).user
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.change_password, user, "wrong-one-1", NEW_PASSWORD, NEW_PASSWORD,
            "10.0.0.1", keep_session=None)  # fmt: skip
    assert set(refused.value.errors) == {"current_password"}
    assert password_is(user, PASSWORD)
    assert db.session.scalar(select(func.count()).select_from(models.LoginAttempt)) == 1


# -- change of mobile -----------------------------------------------------------------------

NEW_MOBILE = "13700001111"


def test_changing_the_mobile_keeps_sessions_and_audits_masked_numbers(app, run, make):
    seeker = make.seeker(phone=MOBILE)
    user = seeker.user
    here = run(accounts.start_login_session, user, "10.0.0.1")
    code = texted_code(app, run, NEW_MOBILE, phone_codes.CHANGE_MOBILE)
    run(accounts.change_mobile, user, "137-0000-1111", code, PASSWORD, "10.0.0.1")
    db.session.refresh(user)
    assert user.phone == NEW_MOBILE and sessions_of(user) == {here}
    [row] = audit_rows("account.mobile_change")
    assert row.detail == {"from": "139****5678", "to": "137****1111"}
    assert no_full_number(db.session.scalars(select(models.AuditEntry)))
    # the old number is told, masked; the kiosk's person index hears of the change
    assert "137****1111" in app.extensions["jobfair.sms"].last_to(MOBILE)
    assert NEW_MOBILE not in app.extensions["jobfair.sms"].last_to(MOBILE)
    changes = select(models.IndexChange).where(models.IndexChange.entity_id == seeker.id)
    assert db.session.scalars(changes).first() is not None


def test_a_taken_number_is_named_only_once_its_code_is_proven(app, run, make):
    user = make.seeker(phone=MOBILE).user
    make.seeker(phone=NEW_MOBILE)
    code = texted_code(app, run, NEW_MOBILE, phone_codes.CHANGE_MOBILE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.change_mobile, user, NEW_MOBILE, wrong, PASSWORD, "10.0.0.1")
    assert set(refused.value.errors) == {"code"}  # nothing about the number yet
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.change_mobile, user, NEW_MOBILE, code, PASSWORD, "10.0.0.1")
    assert "已经注册了另一个账号" in refused.value.errors["phone"]
    db.session.refresh(user)
    assert user.phone == MOBILE and audit_rows("account.mobile_change") == []


def test_changing_the_mobile_needs_the_current_password_and_a_new_number(app, run, make):
    user = make.seeker(phone=MOBILE).user
    code = texted_code(app, run, NEW_MOBILE, phone_codes.CHANGE_MOBILE)
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.change_mobile, user, NEW_MOBILE, code, "wrong-one-1", "10.0.0.1")
    assert set(refused.value.errors) == {"password"}
    with pytest.raises(ValidationFailed) as refused:
        run(accounts.change_mobile, user, MOBILE, code, PASSWORD, "10.0.0.1")
    assert refused.value.errors == {"phone": "这就是您现在的手机号。"}
    run(accounts.change_mobile, user, NEW_MOBILE, code, PASSWORD, "10.0.0.1")  # still usable
    db.session.refresh(user)
    assert user.phone == NEW_MOBILE


def test_links_spent_or_expired_a_month_ago_are_deleted_and_usable_ones_kept(app, run, make):
    user = make.member(email="hr@company.test")
    now = clock.now()
    ages = {  # (created, expires, used) in days from now
        "used long ago": (-40, -39, -39),
        "expired long ago": (-45, -31, None),
        "used last week": (-8, 20, -7),
        "expired yesterday": (-3, -1, None),
        "usable": (-1, 6, None),
    }
    with app.test_request_context(), unit_of_work():
        for name, (created, expires, used) in ages.items():
            db.session.add(models.PasswordSetupToken(
                token_hash=name.ljust(64, "x"), user_id=user.id,
                created_at=now + timedelta(days=created),
                expires_at=now + timedelta(days=expires),
                used_at=None if used is None else now + timedelta(days=used),
            ))  # fmt: skip
    assert run(accounts.prune_spent_links) == 2
    left = set(db.session.scalars(select(models.PasswordSetupToken.token_hash)))
    assert {h.rstrip("x") for h in left} == {"used last week", "expired yesterday", "usable"}
    assert run(accounts.prune_spent_links) == 0
