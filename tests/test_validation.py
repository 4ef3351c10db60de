"""Single-value checks: mobile numbers, credit codes, birth years, pay ranges
(jobfair/validation.py)."""

from __future__ import annotations

from datetime import date

import pytest

from jobfair import validation
from tests.helpers.builders import valid_credit_code

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
    ],
)
def test_mobile_accepts_common_spellings(raw, clean):
    assert validation.clean_mobile(raw) == clean


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请填写"),
        ("1381234567", "11位"),
        ("138123456789", "11位"),
        ("1381234567a", "只能包含数字"),
        ("abcdefghijk", "只能包含数字"),
        ("12812345678", "13-19"),
        ("02812345678", "13-19"),
    ],
)
def test_mobile_rejects_with_specific_message(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        validation.clean_mobile(raw)


def test_credit_code_check_character():
    code = valid_credit_code(42)
    assert validation.clean_credit_code(code.lower()) == code
    # a well-known published example: 91350100M000100Y43
    assert validation.credit_code_check_char("91350100M000100Y4") == "3"
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValueError, match="校验位"):
        validation.clean_credit_code(wrong)
    with pytest.raises(ValueError, match="18位"):
        validation.clean_credit_code(code[:17])
    with pytest.raises(ValueError, match="不允许的字符"):
        validation.clean_credit_code("91150105MA0000000I")


def test_birth_year_under_16_is_refused():
    today = date(2026, 11, 30)
    assert validation.clean_birth_year(2010, today) == 2010
    with pytest.raises(ValueError, match="16"):
        validation.clean_birth_year(2011, today)
    with pytest.raises(ValueError):
        validation.clean_birth_year(1900, today)


def test_pay_range_checks_sense():
    assert validation.clean_pay_range(6000, 9000, "month") == (6000, 9000, "month")
    with pytest.raises(ValueError, match="最低薪资不能高于最高薪资"):
        validation.clean_pay_range(9000, 6000, "month")
    with pytest.raises(ValueError, match="单位"):
        validation.clean_pay_range(5, 8, "week")
    with pytest.raises(ValueError, match="过高"):
        validation.clean_pay_range(6000, 9000, "order")


def test_county_must_exist():
    assert validation.clean_county("150105") == "150105"
    for bad in ("150100", "999999", "", None, "15010"):
        with pytest.raises(ValueError):
            validation.clean_county(bad)
