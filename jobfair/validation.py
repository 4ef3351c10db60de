"""Checks of single values, shared by forms, services and the API.

Each function returns the cleaned value or raises ``ValueError`` whose message
is meant for the user (already translated).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from jobfair.i18n import gettext as _
from matching import regions

from .errors import ValidationFailed

# Characters that draw nothing but are not whitespace to str.strip(): Hangul and
# braille fillers that people paste to get past "required".
_BLANK_LOOKING = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800"), " ")


def clean_text(value: str | None) -> str:
    """Text as typed, made safe to store and honest to check.

    NFC-normalised; without control characters (NUL and the like; line breaks
    and tabs stay) and invisible format characters (zero-width spaces, bidi
    overrides); blank-looking fillers count as spaces; no surrounding whitespace.
    So "required" means something visible, and nothing is ever cut silently.
    """
    text = str(value or "").translate(_BLANK_LOOKING)
    kept = (
        c
        for c in text
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Cs")
    )
    # NFC after the removal: "e", a zero-width space, an accent is "é" (and stays so)
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def clean_one(
    value: str | None, field: str, limit: int, required: bool | str = False
) -> str:
    """One free-text field through :func:`clean_texts`; raises ``ValidationFailed``.

    ``required`` may be the message to show when the field is left empty.
    """
    clean, errors = clean_texts({field: value}, {field: limit}, {field} if required else set())
    if errors:
        if isinstance(required, str) and not clean[field]:
            errors[field] = required
        raise ValidationFailed(errors)
    return clean[field]


def clean_texts(
    data: dict,
    limits: dict[str, int],
    required: set[str],
    present_only: bool = False,
) -> tuple[dict[str, str], dict[str, str]]:
    """Clean free-text fields and check them against their length limits.

    Returns (cleaned values, errors by field). A required field left empty, or
    holding only invisible characters, is an error. With ``present_only``,
    fields missing from ``data`` are skipped (partial updates).
    """
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, limit in limits.items():
        if present_only and field not in data:
            continue
        value = clean_text(data.get(field))
        if field in required and not value:
            errors[field] = _("此项必填。")
        elif len(value) > limit:
            errors[field] = _("最多%(n)d个字，您填写了%(m)d个字。", n=limit, m=len(value))
        clean[field] = value
    return clean, errors


def _shown(text: str) -> str:
    """Typed text quoted in a message: a lone surrogate (a str can hold one, UTF-8
    cannot) shown as U+FFFD, so that the page with the message can be sent."""
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


MAX_ID = 2**31 - 1  # PostgreSQL's integer: no row has a larger id
_ASCII_INT = re.compile(r"[0-9]{1,10}")


def clean_int(text: str | int | None, low: int = 0, high: int = MAX_ID) -> int:
    """An integer typed as ASCII digits within [low, high] (``²``, ``①``, ``١٢`` are not)."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = (text or "").strip() if isinstance(text, str) else ""
        if not _ASCII_INT.fullmatch(raw):
            if not raw:
                raise ValueError(_("请填写数字。"))
            raise ValueError(_("“%(v)s”不是有效的数字。", v=_shown(raw[:20])))
        value = int(raw)
    if not low <= value <= high:
        raise ValueError(_("数字超出范围（%(low)d–%(high)d）。", low=low, high=high))
    return value


def clean_id(text: str | int | None) -> int:
    """A row id from a form, a query string or the API."""
    try:
        return clean_int(text, 1, MAX_ID)
    except ValueError:
        raise ValueError(_("编号无效。")) from None


def clean_person_name(name: str | None) -> str:
    """A person's name as written on an ID card: letters (Han, Mongolian names in Han
    characters, Latin), with the middle dot of transliterated names; no digits."""
    name = clean_text(name)
    if not name:
        raise ValueError(_("请填写姓名。"))
    if any(c.isdigit() for c in name):
        raise ValueError(_("姓名里不能有数字，请检查。"))
    if not any(c.isalpha() for c in name):
        raise ValueError(_("请填写真实姓名。"))
    return name


MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")  # ASCII: \d is also ١٢٣ and ०१२
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MIN_WORKING_AGE = 16
MAX_AGE = 80


def clean_mobile(text: str | None) -> str:
    """A mainland mobile number: 11 digits starting 13-19; spaces, dashes and +86 allowed."""
    raw = (text or "").strip()
    compact = re.sub(r"[\s\-()（）]", "", raw.translate(_FULLWIDTH_DIGITS))
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    if not compact:
        raise ValueError(_("请填写手机号。"))
    if not (compact.isascii() and compact.isdigit()):
        raise ValueError(_("手机号只能包含数字。"))
    if len(compact) != 11:
        raise ValueError(_("手机号应为11位数字，您填写了%(n)d位。", n=len(compact)))
    if not MOBILE_RE.match(compact):
        raise ValueError(_("这不是有效的中国大陆手机号（应以13-19开头）。"))
    return compact


_FULLWIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF0B: ord("+")}


def credit_code_check_char(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015)."""
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def clean_credit_code(text: str | None) -> str:
    code = re.sub(r"\s", "", (text or "")).upper()
    if not code:
        raise ValueError(_("请填写统一社会信用代码。"))
    if len(code) != 18:
        raise ValueError(_("统一社会信用代码应为18位，您填写了%(n)d位。", n=len(code)))
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if bad:
        raise ValueError(
            _(
                "统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、Z、S、V）。",
                chars=_shown("".join(bad)),
            )
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValueError(_("统一社会信用代码校验位不正确，请核对后重新输入。"))
    return code


def clean_birth_year(year: int | None, today: date | None = None) -> int:
    today = today or date.today()
    if year is None:
        raise ValueError(_("请填写出生年份。"))
    age = today.year - year
    if age < MIN_WORKING_AGE:
        raise ValueError(_("根据法律规定，未满%(n)d周岁不能登记求职。", n=MIN_WORKING_AGE))
    if age > MAX_AGE:
        raise ValueError(_("出生年份不合理，请检查。"))
    return year


def clean_county(code: str | None) -> str:
    if not code or not regions.is_county(code):
        raise ValueError(_("请选择列表中的旗县区。"))
    return code


def clean_pay_range(
    pay_min: int | None, pay_max: int | None, unit: str | None
) -> tuple[int, int, str]:
    from matching.documents import PAY_UNITS

    if unit not in PAY_UNITS:
        raise ValueError(_("请选择薪资单位。"))
    if pay_min is None or pay_max is None:
        raise ValueError(_("请填写薪资范围。"))
    if pay_min <= 0 or pay_max <= 0:
        raise ValueError(_("薪资必须大于0。"))
    if pay_min > pay_max:
        raise ValueError(_("最低薪资不能高于最高薪资。"))
    if pay_max > PAY_CEILING[unit]:
        raise ValueError(_("薪资上限过高，请检查单位是否选对。"))
    return pay_min, pay_max, unit


PAY_CEILING = {"month": 200_000, "day": 5_000, "hour": 1_000, "order": 500}
