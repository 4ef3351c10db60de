"""Every validator given anything a str can hold: a clean value or a documented refusal.

The single-value checks of :mod:`jobfair.validation`, the forms that parse free
input (:mod:`jobfair.forms`, :mod:`jobfair.account_forms`) and the services'
``clean_*`` rules behind them get any Unicode text: every category, lone
surrogates (a Python str can hold them; HTTP input cannot, Werkzeug decodes
with replacement), control and zero-width characters, full-width and other
scripts' digits, traditional characters, 100,000-character strings and empty
fields. Only ``ValueError`` (the single-value checks) and ``ValidationFailed``
(forms' services) may come out, and what comes out keeps its promise: a cleaned
mobile is 11 ASCII digits, a cleaned text holds no invisible characters and
fits its limit, and every value and message can be written as UTF-8 (to the
database, into a page). Lone surrogates are dropped by ``clean_text``; messages
that echo input show them as U+FFFD.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

import models
from jobfair import create_app, forms, validation
from jobfair.errors import ValidationFailed
from jobfair.extensions import db
from jobfair.services import employers, fairs, policies, postings, seekers, statistics
from matching import regions
from tests.helpers.config import TEST_CONFIG

# a failing 100,000-character example is reported, not replaced by a warning about its size
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What clumsy and hostile input holds beyond random code points.
SPECIAL = [
    "\x00", "\x1b", "\x7f", "\x85", "\u200b", "\u200d", "\u2060", "\u202e", "\ufeff",
    "\u115f", "\u3164", "\u2800", "\ud800", "\udbff", "\udc00", "\udfff", "\n", "\r", "\t",
    " ", "\u3000", "０", "１", "３", "８", "９", "＋", "١", "٣", "۸", "०", "²", "①", "Ⅷ",
    "賣", "騎", "張", "偉", "e\u0301", "\u0301", "ß", "İ", "ﬁ", "·", "-", "+86", "0086", "1", "3",
    "8", "5", "A", "Y", "z", "🙂", "\U000e0001",
]  # fmt: skip
CHARS = st.one_of(st.characters(), st.sampled_from(SPECIAL))
SHORT = st.lists(CHARS, max_size=30).map("".join)
HUGE = st.lists(CHARS, min_size=1, max_size=4).map(lambda s: ("".join(s) * 100_000)[:100_000])
TEXT = st.one_of(st.just(""), SHORT, SHORT, SHORT, SHORT, HUGE)
MAYBE_TEXT = st.none() | TEXT

INVISIBLE = ("Cc", "Cf", "Cs")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # a database with the schema: the profile form asks which facts current schemes need
    path = tmp_path_factory.mktemp("validators") / "test.sqlite3"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}"})
    with app.test_request_context():
        models.Base.metadata.create_all(db.engine)
        yield app
        db.session.remove()
        db.engine.dispose()


def utf8(value) -> None:
    """Raises when ``value`` could not be written to the database or into a page."""
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for k, v in value.items():
            utf8(k)
            utf8(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            utf8(v)


def refusal(error: Exception) -> None:
    """A refusal's message is shown on a page: it must be non-empty and encodable."""
    assert str(error)
    utf8(str(error))
    if isinstance(error, ValidationFailed):
        assert error.errors
        utf8(error.errors)


# -- clean_text and the free-text fields ------------------------------------------------------


@SETTINGS
@given(value=MAYBE_TEXT)
@example(value="e\u200b\u0301")  # an invisible character between a letter and its accent
@example(value="\u3164\u200b \ud800\x00")  # looks blank, is blank
def test_clean_text_keeps_only_visible_storable_text(app, value):
    clean = validation.clean_text(value)
    utf8(clean)
    assert clean == clean.strip()
    assert all(c in "\n\t" or unicodedata.category(c) not in INVISIBLE for c in set(clean))
    assert unicodedata.is_normalized("NFC", clean)
    assert validation.clean_text(clean) == clean  # saving an edit again changes nothing


@SETTINGS
@given(value=MAYBE_TEXT, limit=st.integers(0, 600), required=st.booleans() | st.just("必填！"))
def test_clean_one_gives_text_within_its_limit_or_validation_failed(app, value, limit, required):
    try:
        clean = validation.clean_one(value, "field", limit, required)
    except ValidationFailed as e:
        refusal(e)
        assert set(e.errors) == {"field"}
        return
    assert len(clean) <= limit
    assert clean or not required
    utf8(clean)


@SETTINGS
@given(
    data=st.dictionaries(st.sampled_from(["a", "b", "c"]), MAYBE_TEXT, max_size=3),
    present_only=st.booleans(),
)
def test_clean_texts_reports_every_field_that_breaks_a_rule(app, data, present_only):
    limits = {"a": 5, "b": 50, "c": 2000}
    clean, errors = validation.clean_texts(data, limits, {"a"}, present_only)
    utf8(clean)
    utf8(errors)
    assert set(errors) <= set(clean) <= set(limits)
    for field, value in clean.items():
        assert (field in errors) == (len(value) > limits[field] or (field == "a" and not value))


# -- numbers and ids --------------------------------------------------------------------------

NUMBERISH = st.one_of(
    TEXT,
    st.integers().map(str),
    st.integers(-(10**30), 10**30),
    st.sampled_from(["١٢", "①", "²", "９", "1_000", " 7 ", "0x10", "1e3", "+5", "-0", "0" * 50]),
)


@SETTINGS
@given(value=st.none() | NUMBERISH, low=st.integers(-100, 100), span=st.integers(0, 2**40))
def test_clean_int_gives_an_int_in_range_typed_in_ascii_digits(app, value, low, span):
    high = low + span
    try:
        number = validation.clean_int(value, low, high)
    except ValueError as e:
        refusal(e)
        return
    assert type(number) is int and low <= number <= high
    if isinstance(value, str):
        assert re.fullmatch(r"[0-9]{1,10}", value.strip())


@SETTINGS
@given(value=st.none() | NUMBERISH)
@example(value=2**63)
@example(value="2147483648")
def test_clean_id_gives_a_row_id_the_database_can_hold(app, value):
    try:
        row_id = validation.clean_id(value)
    except ValueError as e:
        refusal(e)
        return
    assert 1 <= row_id <= 2**31 - 1


@SETTINGS
@given(year=st.none() | st.integers(-(10**20), 10**20) | st.integers(1900, 2030))
def test_clean_birth_year_gives_a_working_age(app, year):
    today = date(2026, 12, 3)
    try:
        clean = validation.clean_birth_year(year, today)
    except ValueError as e:
        refusal(e)
        return
    assert validation.MIN_WORKING_AGE <= today.year - clean <= validation.MAX_AGE


PAY = st.none() | st.integers(-(2**64), 2**64) | st.integers(-10, 300_000)


@SETTINGS
@given(pay_min=PAY, pay_max=PAY, unit=st.none() | TEXT | st.sampled_from(["month", "order"]))
def test_clean_pay_range_gives_a_positive_range_under_its_ceiling(app, pay_min, pay_max, unit):
    try:
        low, high, clean_unit = validation.clean_pay_range(pay_min, pay_max, unit)
    except ValueError as e:
        refusal(e)
        return
    assert 0 < low <= high <= validation.PAY_CEILING[clean_unit]


# -- names, mobiles, codes --------------------------------------------------------------------


@SETTINGS
@given(name=MAYBE_TEXT | st.sampled_from(["巴特尔", "阿依古丽·买买提", "張偉", "\u3164", "李1"]))
def test_clean_person_name_has_a_letter_and_no_digit(app, name):
    try:
        clean = validation.clean_person_name(name)
    except ValueError as e:
        refusal(e)
        return
    utf8(clean)
    assert clean == validation.clean_text(name)
    assert any(c.isalpha() for c in clean) and not any(c.isdigit() for c in clean)


DIGITS = {
    "ascii": "0123456789",
    "fullwidth": "０１２３４５６７８９",
    "arabic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}


@st.composite
def mobiles(draw):
    """Something close to a mobile number: its digits in some script, with separators."""
    digits = draw(st.sampled_from(["138", "199", "120", "13"]) | st.text("0123456789", max_size=3))
    digits += draw(st.text("0123456789", min_size=0, max_size=10))
    script = draw(st.lists(st.sampled_from(sorted(DIGITS)), min_size=1, max_size=2))
    out = ""
    for d in digits:
        out += DIGITS[draw(st.sampled_from(script))][int(d)]
        out += draw(st.sampled_from(["", "", "", " ", "-", "\u3000", "\u200b", "\x00", "（"]))
    prefix = draw(st.sampled_from(["", "", "+86", "+86 ", "0086", "＋８６", "86"]))
    return prefix + out


@SETTINGS
@given(text=st.none() | TEXT | mobiles())
@example(text="13١٢٣٤٥٦٧٨٩")  # Arabic-Indic digits are digits to str.isdigit() and to \d
@example(text="+86 １３８-1234 5678")
def test_a_cleaned_mobile_is_eleven_ascii_digits_or_refused(app, text):
    try:
        mobile = validation.clean_mobile(text)
    except ValueError as e:
        refusal(e)
        return
    assert re.fullmatch(r"1[3-9][0-9]{9}", mobile, re.ASCII), mobile


@SETTINGS
@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    spaced=st.sampled_from(["{}", "+86 {}", "0086{}", " {} "]),
    fullwidth=st.booleans(),
)
def test_a_real_mobile_written_the_usual_ways_is_accepted(app, number, spaced, fullwidth):
    typed = number[:3] + " " + number[3:7] + "-" + number[7:]
    if fullwidth:
        typed = typed.translate({ord("0") + i: 0xFF10 + i for i in range(10)})
    assert validation.clean_mobile(spaced.format(typed)) == number


@st.composite
def credit_codes(draw):
    body = draw(st.text(validation.CREDIT_CODE_CHARS, min_size=17, max_size=17))
    code = body + validation.credit_code_check_char(body)
    return draw(st.sampled_from([code, code.lower(), f" {code[:6]} {code[6:]} ", code[:-1]]))


@SETTINGS
@given(text=st.none() | TEXT | credit_codes())
@example(text="\ud800" * 18)
def test_a_cleaned_credit_code_is_eighteen_code_characters_with_its_check(app, text):
    try:
        code = validation.clean_credit_code(text)
    except ValueError as e:
        refusal(e)
        return
    assert len(code) == 18 and set(code) <= set(validation.CREDIT_CODE_CHARS)
    assert validation.credit_code_check_char(code[:17]) == code[17]


@SETTINGS
@given(code=st.none() | TEXT | st.sampled_from(["150105", "150100", "١٥٠١٠٥", "150105\n"]))
def test_a_cleaned_county_is_a_county_of_the_region_list(app, code):
    try:
        clean = validation.clean_county(code)
    except ValueError as e:
        refusal(e)
        return
    assert clean == code and regions.is_county(clean)


@SETTINGS
@given(start=st.none() | TEXT | st.dates().map(str), end=st.none() | TEXT | st.dates().map(str))
def test_a_statistics_range_is_a_date_range_or_refused(app, start, end):
    try:
        span = statistics.clean_range(start, end)
    except ValidationFailed as e:
        refusal(e)
        return
    assert date(2000, 1, 1) <= span.start <= span.end <= date(2100, 12, 31)


# -- forms and the services' rules behind them ------------------------------------------------

FIELD_VALUE = st.one_of(TEXT, NUMBERISH.map(str), st.sampled_from([
    "D01", "L01", "150105", "month", "order", "open", "published", "draft", "both", "onsite",
    "full_time", "nights", "B2", "ebike", "y", "2026-12-24T10:00", "0001-01-01T00:00",
    "9999-12-31T23:59", "2026-02-30T10:00", "2026-12-24", "delivery",
]))  # fmt: skip


def _form_classes() -> list[str]:
    from flask_wtf import FlaskForm

    return sorted(
        name
        for name, value in vars(forms).items()
        if isinstance(value, type) and issubclass(value, FlaskForm) and value is not FlaskForm
    )


#: a form's data method and the service rule that checks what it gives
SERVICE_RULES = {
    "SeekerProfileForm": ("profile_data", seekers.clean_profile),
    "SeekerSignupForm": ("profile_data", seekers.clean_profile),
    "EmployerSignupForm": ("company_data", employers.clean_company),
    "CompanyForm": ("company_data", employers.clean_company),
    "PostingForm": ("posting_data", postings.clean_posting),
    "FairForm": ("fair_data", fairs.clean_fair),
    "PolicyForm": ("article_data", policies.clean_article),
}


def test_every_form_that_cleans_through_a_service_is_listed():
    assert set(SERVICE_RULES) <= set(_form_classes())
    with_data = [n for n in _form_classes() if any(a.endswith("_data") for a in dir(
        getattr(forms, n)) if a != "field_data")]  # fmt: skip
    assert set(with_data) <= set(SERVICE_RULES)


@pytest.mark.parametrize("form_name", _form_classes())
def test_a_form_with_any_input_validates_and_its_service_cleans_or_refuses(app, form_name):
    form_class = getattr(forms, form_name)
    names = sorted(form_class(meta={"csrf": False})._fields)
    # a field takes one value, or several (checkbox lists, a repeated field)
    values = st.one_of(FIELD_VALUE.map(lambda v: [v]), st.lists(FIELD_VALUE, max_size=3))

    @settings(SETTINGS, max_examples=20)
    @given(posted=st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    def check(posted):
        formdata = MultiDict([(k, v) for k, vs in posted.items() for v in vs])
        assume(formdata or form_name == "LoginForm")  # an empty MultiDict means "not posted"
        form = form_class(formdata=formdata, meta={"csrf": False})
        form.validate()
        utf8({k: str(v) for k, v in form.errors.items()})
        if form_name not in SERVICE_RULES:
            return
        method, rule = SERVICE_RULES[form_name]
        try:
            clean = rule(getattr(form, method)())
        except ValidationFailed as e:
            refusal(e)
            return
        utf8(clean)
        for value in clean.values():
            if isinstance(value, str):
                assert validation.clean_text(value) == value
            if isinstance(value, int) and not isinstance(value, bool):
                assert abs(value) <= 2**31 - 1  # fits the database's integer columns

    check()
