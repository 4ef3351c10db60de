"""One-time codes by text message: expiry, tries, resending, limits, hashed storage,
and one implementation for every purpose (sign-up, forgotten password, change of mobile)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

import models
from jobfair.errors import Throttled, ValidationFailed
from jobfair.extensions import db
from jobfair.services import phone_codes, unit_of_work
from tests.helpers.clock import stopped_clock

MOBILE = "13912345678"


@pytest.fixture
def later(monkeypatch):
    return stopped_clock(monkeypatch)


@pytest.fixture
def texted(app, ctx):
    """``texted(purpose=SIGNUP, mobile=MOBILE)``: send a code; the six digits texted, or
    None when the text carried no code."""

    def send(purpose: str = phone_codes.SIGNUP, mobile: str = MOBILE) -> str | None:
        with app.test_request_context(), unit_of_work():
            phone_codes.send_code(mobile, purpose)
        text = app.extensions["jobfair.sms"].last_to(mobile)
        found = re.search(r"(\d{6})", text)
        return found.group(1) if found else None

    return send


def check(app, code: str, consume: bool = True, purpose: str = phone_codes.SIGNUP) -> None:
    with app.test_request_context(), unit_of_work():
        phone_codes.check_code(MOBILE, purpose, code, consume=consume)


def test_the_right_code_works_once_and_only_its_hash_is_kept(app, texted):
    code = texted()
    row = db.session.scalar(select(models.PhoneCode))
    assert code not in row.code_hash and len(row.code_hash) == 64
    check(app, code, consume=False)  # a dry run leaves it usable
    check(app, code)
    with pytest.raises(ValidationFailed, match="已过期"):
        check(app, code)


def test_a_code_expires_after_five_minutes_by_the_clock(app, texted, later):
    code = texted(phone_codes.PASSWORD_RESET, MOBILE)
    assert code is None  # no account: the number is told so, not sent a code
    db.session.add(models.User(role="seeker", phone=MOBILE, password_hash="x", display_name="乌云"))
    db.session.commit()
    later(minutes=2)
    code = texted(phone_codes.PASSWORD_RESET)
    later(minutes=2 + 4, seconds=59)
    check(app, code, consume=False, purpose=phone_codes.PASSWORD_RESET)
    later(minutes=2 + 5, seconds=1)
    with pytest.raises(ValidationFailed, match="已过期"):
        check(app, code, purpose=phone_codes.PASSWORD_RESET)


def test_five_wrong_tries_end_a_code_even_when_each_request_rolls_back(app, texted):
    code = texted()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ValidationFailed, match="不正确"):
            check(app, wrong)
    with pytest.raises(ValidationFailed, match="次数过多"):
        check(app, code)


def test_resending_waits_a_minute_and_each_number_gets_five_an_hour(app, texted, later):
    texted()
    later(seconds=30)
    with pytest.raises(Throttled) as refused:
        texted()
    assert refused.value.retry_after == 30
    for n in range(1, 5):
        later(minutes=2 * n)
        texted()
    later(minutes=10)
    with pytest.raises(Throttled, match="一小时"):
        texted()
    later(minutes=61)
    assert texted()


def test_the_limits_count_every_purpose_of_a_number(app, texted, later):
    """Sign-up, reset and change of mobile share the number's one text a minute and
    five an hour: no purpose opens more texts to a number."""
    texted(phone_codes.SIGNUP)
    later(seconds=20)
    with pytest.raises(Throttled):
        texted(phone_codes.CHANGE_MOBILE)
    purposes = [phone_codes.CHANGE_MOBILE, phone_codes.PASSWORD_RESET] * 2
    for n, purpose in enumerate(purposes, start=1):
        later(minutes=2 * n)
        texted(purpose)
    later(minutes=10)
    with pytest.raises(Throttled, match="一小时"):
        texted(phone_codes.PASSWORD_RESET)
    assert texted(phone_codes.SIGNUP, "13912340000")  # another number is not held up


def test_a_code_proves_only_the_purpose_it_was_sent_for(app, texted):
    code = texted(phone_codes.CHANGE_MOBILE)
    with pytest.raises(ValidationFailed, match="不正确或已过期"):
        check(app, code, purpose=phone_codes.SIGNUP)
    with pytest.raises(ValidationFailed, match="不正确或已过期"):
        check(app, code, purpose=phone_codes.PASSWORD_RESET)
    check(app, code, purpose=phone_codes.CHANGE_MOBILE)


def test_numbers_with_and_without_an_account_get_a_row_each_but_a_code_only_where_due(
    app, texted, make
):
    make.seeker(phone=MOBILE)
    assert texted(phone_codes.SIGNUP) is None  # registered: "log in instead"
    assert "已经注册过" in app.extensions["jobfair.sms"].last_to(MOBILE)
    other = "13912340001"
    assert texted(phone_codes.PASSWORD_RESET, other) is None  # no account: "not registered"
    assert "没有注册账号" in app.extensions["jobfair.sms"].last_to(other)
    assert texted(phone_codes.CHANGE_MOBILE, "13912340002")  # always a code
    assert db.session.scalar(select(func.count()).select_from(models.PhoneCode)) == 3


def test_a_text_without_a_code_can_never_be_guessed(app, texted, make):
    make.seeker(phone=MOBILE)
    texted(phone_codes.SIGNUP)
    for guess in ("000000", "123456"):
        with pytest.raises(ValidationFailed, match="不正确"):
            check(app, guess)


def test_the_log_never_carries_the_full_number(app, texted, caplog, make):
    caplog.set_level("WARNING", logger="jobfair.sms")
    make.seeker(phone=MOBILE)
    for n, purpose in enumerate(phone_codes.PURPOSES):
        with app.test_request_context(), unit_of_work():
            phone_codes.send_code(f"139-1234-567{8 - n}" if n else MOBILE, purpose)
    assert "139****5678" in caplog.text and "139****5676" in caplog.text
    assert not re.search(r"1391234567\d", caplog.text)
