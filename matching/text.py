"""Text normalisation shared by every matcher component.

:func:`normalise` turns free text typed by seekers, employers and staff into
one canonical form, so that "送外賣", "送外卖" and "送 外卖！" compare equal:

1. NFKC (full-width letters, digits and punctuation become half-width);
2. Latin letters lower-cased;
3. traditional Chinese characters converted to simplified with OpenCC's t2s
   dictionaries (phrases first, then characters), read from the
   ``opencc-python-reimplemented`` package;
4. Chinese numerals in quantities become Arabic digits ("五年" -> "5年",
   "两年" -> "2年", "十五" -> "15", "三千五" -> "3500"), and "3千" / "3k" /
   "1.2万" / "1w" become plain numbers ("3000", "12000", "10000");
5. punctuation and symbols become a space (a decimal point between digits is
   kept), whitespace collapses, the ends are stripped.

The function is pure, cheap (tens of microseconds for a short string) and
never raises: ``None`` and non-string input give ``""``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "normalise",
    "tokens_for_fuzzy",
    "pinyin",
    "pinyin_initials",
    "chinese_to_int",
    "has_cjk",
]

# --------------------------------------------------------------------------
# Traditional -> simplified
# --------------------------------------------------------------------------

_T2S: tuple[dict[int, str], re.Pattern[str], dict[str, str], frozenset[str]] | None = None


def _opencc_dictionary(name: str) -> list[tuple[str, str]]:
    """(traditional, first simplified candidate) pairs of one OpenCC list."""
    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", name)
    pairs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[0] and parts[1]:
                pairs.append((parts[0], parts[1].split(" ")[0]))
    return pairs


def _t2s_data() -> tuple[dict[int, str], re.Pattern[str], dict[str, str], frozenset[str]]:
    """OpenCC's t2s dictionaries, loaded once on first use.

    A character table for ``str.translate`` (fast, in C) and the phrase list
    whose conversion differs from character by character ("乾隆" stays, "瞭解"
    becomes "了解"), matched longest first like OpenCC does; and the set of
    every character either can change (the table's, and 瞭 藉 覆 … of the
    phrases), so that a text with none of them (nearly every text: people
    here write simplified) is passed over in one pass.
    """
    global _T2S
    if _T2S is None:
        table = {
            ord(trad): simp
            for trad, simp in _opencc_dictionary("TSCharacters.txt")
            if len(trad) == 1 and simp != trad
        }
        phrases = dict(_opencc_dictionary("TSPhrases.txt"))
        keys = sorted(phrases, key=len, reverse=True)
        pattern = re.compile("(" + "|".join(re.escape(k) for k in keys) + ")")
        changed = {chr(c) for c in table}
        for trad, simp in phrases.items():
            if len(trad) != len(simp):
                changed.update(trad)
            else:
                changed.update(a for a, b in zip(trad, simp, strict=True) if a != b)
        _T2S = (table, pattern, phrases, frozenset(changed))
    return _T2S


def _t2s(text: str) -> str:
    table, phrase_pattern, phrases, changes = _t2s_data()
    if changes.isdisjoint(text):  # no character that the table or a phrase converts
        return text
    if phrase_pattern.search(text) is None:
        return text.translate(table)
    # Odd items of the split are phrases: convert them whole, the rest by character.
    parts = phrase_pattern.split(text)
    return "".join(
        phrases[part] if i % 2 else part.translate(table) for i, part in enumerate(parts)
    )


# --------------------------------------------------------------------------
# Chinese numerals
# --------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "十百千万"

# Words after a numeral that make it a quantity ("五年", "两个", "三单").
_QUANTITY_WORDS = (
    "年 岁 周岁 个 月 天 日 周 星期 小时 钟头 时 分钟 秒 元 块 毛 单 次 趟 人 名 位 "
    "公里 千米 里 米 吨 斤 公斤 件 箱 包 班 倍 层 台 辆 号 家 份 以上 以下 以内 "
    "左右 多 余"
).split()

_CN_NUMBER = re.compile(
    "([" + _CN_CHARS + "]+)(?=(" + "|".join(sorted(_QUANTITY_WORDS, key=len, reverse=True)) + "))"
    "|([" + _CN_CHARS + "]{2,})"
)
_HAS_CN_NUMERAL = re.compile("[" + _CN_CHARS + "]")
_ARABIC_MULTIPLIER = re.compile(r"(?<![0-9a-z.])(\d+(?:\.\d+)?)(k|w|千|万)(\d)?(?![0-9a-z])")
_MULTIPLIERS = {"k": 1000, "千": 1000, "w": 10000, "万": 10000}


def chinese_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral, or None when it is not a well-formed one.

    Handles plain digit sequences ("二零二四" -> 2024), positional forms
    ("二十五" -> 25, "十五" -> 15, "三千零五" -> 3005, "一万二千" -> 12000) and
    the colloquial abbreviation of a trailing unit ("三千五" -> 3500,
    "一万二" -> 12000, "一百五" -> 150).

    Examples
    --------
    >>> chinese_to_int("两")
    2
    >>> chinese_to_int("三千五")
    3500
    >>> chinese_to_int("千万") is None
    True
    """
    if not numeral or any(c not in _CN_CHARS for c in numeral):
        return None
    if all(c in _CN_DIGITS for c in numeral):
        if len(numeral) == 1:
            return _CN_DIGITS[numeral]
        if len(numeral) == 2 or numeral[0] in "零〇" or "两" in numeral:
            return None  # "三四" is a range ("三四年"), not 34
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    # A positional numeral starts with a digit or 十 ("十五"); "千万", "万一",
    # "百万" read as words, not quantities.
    if numeral[0] not in _CN_DIGITS and numeral[0] != "十":
        return None
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 0
    zero_seen = False
    for c in numeral:
        if c in _CN_DIGITS:
            value = _CN_DIGITS[c]
            if value == 0:
                zero_seen = True
                continue
            if digit is not None:
                return None  # two digits in a row: "三四" is a range, not a number
            digit = value
        elif c in _CN_UNITS:
            unit = _CN_UNITS[c]
            if last_unit and unit >= last_unit and not zero_seen:
                return None  # "十百", "百百"
            section += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
            zero_seen = False
        else:  # 万
            if section == 0 and digit is None:
                return None
            total += (section + (digit or 0)) * 10000
            section = 0
            digit = None
            last_unit = 10000
            zero_seen = False
    if digit is not None:
        if last_unit and not zero_seen:
            section += digit * (last_unit // 10)  # 三千五 -> 3500
        else:
            section += digit
    return total + section


def _replace_cn_number(match: re.Match[str]) -> str:
    numeral = match.group(1)
    if numeral is None:
        numeral = match.group(3)
        if not any(c in "十百千万" for c in numeral):
            return numeral  # "一一", "三四": no unit follows, not a quantity
    value = chinese_to_int(numeral)
    return numeral if value is None else str(value)


def _replace_multiplier(match: re.Match[str]) -> str:
    number, unit, tail = match.group(1), match.group(2), match.group(3)
    multiplier = _MULTIPLIERS[unit]
    value = float(number) * multiplier
    if tail is not None:
        value += int(tail) * multiplier // 10
    if value != int(value):
        return match.group(0)
    return str(int(value))


# --------------------------------------------------------------------------
# Punctuation and whitespace
# --------------------------------------------------------------------------

# Anything that is not a letter or digit becomes a space, except a decimal
# point between two digits.
_PUNCT = re.compile(r"[^\w.]+|_+|(?<!\d)\.+|\.+(?!\d)")


def _has_cjk(text: str) -> bool:
    return not text.isascii() and any("\u3400" <= c <= "\u9fff" for c in text)


def has_cjk(text: str | None) -> bool:
    """True when ``text`` contains at least one CJK ideograph."""
    return bool(text) and _has_cjk(text)  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isascii():
        text = _t2s(text)
        if _HAS_CN_NUMERAL.search(text):
            text = _CN_NUMBER.sub(_replace_cn_number, text)
    text = _ARABIC_MULTIPLIER.sub(_replace_multiplier, text)
    text = _PUNCT.sub(" ", text)
    return " ".join(text.split())


def normalise(text: str | None) -> str:
    """Canonical form of free text for matching (see the module docstring).

    Examples
    --------
    >>> normalise("送外賣，五年經驗！")
    '送外卖 5年经验'
    >>> normalise("  Ｂ２驾照 / 月薪3k ")
    'b2驾照 月薪3000'
    >>> normalise(None)
    ''
    """
    if not text or not isinstance(text, str):
        return ""
    if len(text) > 2000:  # long documents: do not fill the cache with them
        return _normalise.__wrapped__(text)
    return _normalise(text)


def tokens_for_fuzzy(text: str | None) -> str:
    """Normalised text with the spaces between Chinese characters removed.

    Chinese is written without spaces, so "呼和浩特 赛罕区" and "呼和浩特赛罕区"
    should compare equal; spaces that separate Latin words or numbers stay.

    >>> tokens_for_fuzzy("呼和浩特 赛罕区 B2 3年")
    '呼和浩特赛罕区 b2 3年'
    """
    norm = normalise(text)
    if " " not in norm:
        return norm
    parts = norm.split(" ")
    out = [parts[0]]
    for part in parts[1:]:
        if _is_cjk_char(out[-1][-1]) and _is_cjk_char(part[0]):
            out[-1] += part
        else:
            out.append(part)
    return " ".join(out)


def _is_cjk_char(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


# --------------------------------------------------------------------------
# Pinyin (homophone typos from pinyin input methods: "骑首" for "骑手")
# --------------------------------------------------------------------------

_LAZY_PINYIN = None


def _lazy_pinyin():
    global _LAZY_PINYIN
    if _LAZY_PINYIN is None:
        from pypinyin import lazy_pinyin

        _LAZY_PINYIN = lazy_pinyin
    return _LAZY_PINYIN


@lru_cache(maxsize=16384)
def pinyin(text: str | None, separator: str = "") -> str:
    """Toneless pinyin of the normalised text ("骑手" -> "qishou").

    Latin letters and digits pass through unchanged; spaces are dropped
    unless a ``separator`` is given.
    """
    norm = normalise(text)
    if not norm:
        return ""
    syllables = _lazy_pinyin()(norm.replace(" ", ""), errors="default")
    return separator.join(syllables)


@lru_cache(maxsize=16384)
def pinyin_initials(text: str | None) -> str:
    """First letter of each syllable ("巴特尔" -> "bte"), for kiosk lookups."""
    norm = normalise(text)
    if not norm:
        return ""
    syllables = _lazy_pinyin()(norm.replace(" ", ""), errors="default")
    out = []
    for syllable in syllables:
        if syllable.isascii() and not syllable.isalpha():
            out.append(syllable)  # digits and mixed runs stay whole
        else:
            out.append(syllable[:1])
    return "".join(out)
