"""One-time codes by text message: expiry, tries, resending, limits, hashed storage."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.errors import Throttled, ValidationFailed
from jobfair.extensions import db
from jobfair.services import phone_codes, unit_of_work

MOBILE = "13912345678"


@pytest.fixture
def texted(app, ctx):
    """Send a sign-up code; returns a function that reads the last code texted."""

    def send() -> str:
        with app.test_request_context(), unit_of_work():
            phone_codes.send_signup_code(MOBILE)
        text = app.extensions["jobfair.sms"].last_to(MOBILE)
        return re.search(r"(\d{6})", text).group(1)

    return send


def check(app, code: str, consume: bool = True) -> None:
    with app.test_request_context(), unit_of_work():
        phone_codes.check_code(MOBILE, phone_codes.SIGNUP, code, consume=consume)


def age_codes(minutes: int) -> None:
    for row in db.session.scalars(select(models.PhoneCode)):
        row.created_at -= timedelta(minutes=minutes)
        row.expires_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_the_right_code_works_once_and_only_its_hash_is_kept(app, texted):
    code = texted()
    row = db.session.scalar(select(models.PhoneCode))
    assert code not in row.code_hash and len(row.code_hash) == 64
    check(app, code, consume=False)  # a dry run leaves it usable
    check(app, code)
    with pytest.raises(ValidationFailed, match="已过期"):
        check(app, code)


def test_a_code_expires_after_five_minutes(app, texted):
    code = texted()
    age_codes(6)
    with pytest.raises(ValidationFailed, match="已过期"):
        check(app, code)


def test_five_wrong_tries_end_a_code_even_when_each_request_rolls_back(app, texted):
    code = texted()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        with pytest.raises(ValidationFailed, match="不正确"):
            check(app, wrong)
    with pytest.raises(ValidationFailed, match="次数过多"):
        check(app, code)


def test_resending_waits_a_minute_and_each_number_gets_five_an_hour(app, texted):
    texted()
    with pytest.raises(Throttled) as refused:
        texted()
    assert 55 <= refused.value.retry_after <= 60
    for _ in range(4):
        age_codes(2)
        texted()
    age_codes(2)
    with pytest.raises(Throttled, match="一小时"):
        texted()
    age_codes(61)
    assert texted()


def test_the_log_never_carries_the_full_number(app, texted, caplog):
    caplog.set_level("WARNING", logger="jobfair.sms")
    texted()
    assert "139****5678" in caplog.text and MOBILE not in caplog.text
