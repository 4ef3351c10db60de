"""Reason codes: a small, stable set."""

from matching import reasons as R
from matching.reasons import Reason


def test_codes_are_unique_snake_case():
    codes = R.MATCH_CODES + R.UNMET_CODES
    assert len(set(codes)) == len(codes)
    assert all(c.isidentifier() and c == c.lower() for c in codes)


def test_a_reason_is_a_code_and_its_parameters():
    r = Reason(R.NEEDS_LICENCE, {"licence": "B2"})
    code, params = r
    assert (code, params) == ("needs_licence", {"licence": "B2"})
