"""The kiosk lookup's reading of names and queries: folding, simplified
characters, pinyin with its blurred (near-homophone) form and initials, and
what a typed query holds (a mobile number, number endings, a birth year, a
name, pinyin or initials). Used by :mod:`matching.lookup`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from matching.text import normalise

# Bounds that keep every query cheap whatever is typed.
_MAX_QUERY_CHARS = 100
_MAX_CJK = 12
_MAX_LATIN = 40
_MAX_DIGIT_TOKENS = 3
_YEARS = range(1930, 2021)
_VOWELS = frozenset("aeiouv")
_FILLER = re.compile(
    "手机号码|手机号|手机尾号|手机|电话号码|电话|尾号是|尾号|后四位|号码|姓名是|姓名|名字是|名字|我叫|叫做"
)
_YEAR_WORD = re.compile(r"([0-9]{4})\s*年\s*(?:出生|生人|生)?|出生于?\s*([0-9]{4})")

# --------------------------------------------------------------------------
# Normalisation: names, pinyin, blurred pinyin, initials
# --------------------------------------------------------------------------

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"([0-9]+)|([a-z]+)|([{_CJK_CLASS}]+)")
_NAME_DROP = re.compile(rf"[^a-z{_CJK_CLASS}]+")
_NOT_DIGIT = re.compile(r"[^0-9]+")

# Surnames read differently from the character's usual reading (单 shan, 曾
# zeng ...): indexed under both readings, since people type either.
_SURNAME_READINGS = {
    "单": ["shan"],
    "曾": ["zeng"],
    "区": ["ou"],
    "解": ["xie"],
    "仇": ["qiu"],
    "朴": ["piao"],
    "查": ["zha"],
    "乐": ["yue"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "盖": ["ge"],
    "覃": ["qin"],
    "种": ["chong"],
    "秘": ["bi"],
    "隗": ["wei"],
    "员": ["yun"],
    "黑": ["he"],
    "牟": ["mou"],
    "繁": ["po"],
    "宓": ["mi"],
    "召": ["shao"],
    "重": ["chong"],
    "折": ["she"],
    "厍": ["she"],
    "句": ["gou"],
    "尉迟": ["yu", "chi"],
    "万俟": ["mo", "qi"],
    "长孙": ["zhang", "sun"],
    "令狐": ["ling", "hu"],
    "澹台": ["tan", "tai"],
}


def _fold(text: str) -> str:
    """NFKC, lower case, tone marks off (zhāng -> zhang, ü -> v)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isascii():
        text = text.replace("ü", "v")
        if any("\u00c0" <= c <= "\u024f" for c in text):
            text = "".join(
                c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
            )
            text = unicodedata.normalize("NFC", text)
    return text


def _simplify(run: str) -> str:
    """Traditional -> simplified of a run of CJK characters, nothing else.

    :func:`matching.text.normalise` also reads Chinese numerals as numbers
    ("三千" -> "3000"); in a name they are characters, so such a run is
    converted character by character instead.
    """
    out = normalise(run).replace(" ", "")
    if len(out) != len(run) or any(c.isdigit() for c in out):
        out = "".join(normalise(c) or c for c in run)
    return out


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """The indexed form of a name: simplified characters, no spaces or dots.

    >>> clean_name(" 蘇日娜 "), clean_name("阿依古丽·买买提"), clean_name("ＢＡＴＥＲ")
    ('苏日娜', '阿依古丽买买提', 'bater')
    """
    if not isinstance(name, str):
        return ""
    text = _NAME_DROP.sub("", _fold(name))
    if text.isascii():
        return text
    return re.sub(rf"[{_CJK_CLASS}]+", lambda m: _simplify(m.group(0)), text)


_LAZY_PINYIN = None


def _syllables(name: str) -> list[str]:
    """Toneless pinyin of each character ("lv" for 吕); Latin text stays whole."""
    global _LAZY_PINYIN
    if _LAZY_PINYIN is None:
        from pypinyin import lazy_pinyin

        _LAZY_PINYIN = lazy_pinyin
    return [s for s in _LAZY_PINYIN(name, errors=lambda s: [s]) if s]


def blur(pinyin: str) -> str:
    """The near-homophone key of toneless pinyin (the usual 模糊音 merged).

    zh/z, ch/c, sh/s, l/n, -ng/-n (an/ang, en/eng, in/ing) and ü/u; applied
    to the whole string, the same way to the index and to the query.

    >>> blur("zhangwei"), blur("zangwei"), blur("linghua"), blur("ninhua")
    ('zanwei', 'zanwei', 'ninhua', 'ninhua')
    """
    s = pinyin.replace("zh", "z").replace("ch", "c").replace("sh", "s")
    return s.replace("ng", "n").replace("l", "n").replace("v", "u")


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(pinyin variants, blurred variants, initials variants) of a clean name.

    The usual reading first; a surname read its own way (单 shan, 曾 zeng)
    and ü written u add variants; initials also in the zh/ch/sh form.

    >>> name_keys("乌云毕力格")[0], name_keys("乌云毕力格")[2]
    (('wuyunbilige',), ('wyblg',))
    >>> name_keys("单伟")[0], name_keys("张伟")[2]
    (('danwei', 'shanwei'), ('zw', 'zhw'))
    """
    if not name:
        return (), (), ()
    base = _syllables(name)
    variants = [base]
    for surname, reading in _SURNAME_READINGS.items():
        if name.startswith(surname) and len(name) > len(surname):
            alt = reading + base[len(reading) :]
            if alt != base:
                variants.append(alt)
            break
    pys: list[str] = []
    inits: list[str] = []
    for syl in variants:
        for py in ("".join(syl), "".join(syl).replace("v", "u")):
            if py not in pys:
                pys.append(py)
        if not name.isascii():
            for init in (
                "".join(s[0] for s in syl),
                "".join(s[:2] if s[:2] in ("zh", "ch", "sh") else s[0] for s in syl),
            ):
                if init not in inits:
                    inits.append(init)
    blurs = list(dict.fromkeys(blur(p) for p in pys))
    return tuple(pys), tuple(blurs), tuple(inits)


def _clean_mobile(mobile: str | None) -> str:
    digits = _NOT_DIGIT.sub("", _fold(mobile or ""))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


# --------------------------------------------------------------------------
# The query
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """What :func:`parse_query` read from a search string."""

    mobile: str | None = None  # 11 digits
    tails: tuple[str, ...] = ()  # digit groups of 4+ (a number's end)
    prefix: str | None = None  # "138" of "138****5678"
    years: tuple[int, ...] = ()  # 4-digit groups that may be a birth year
    name: str | None = None  # Chinese characters only
    pinyins: tuple[str, ...] = ()  # toneless pinyin of the text part
    latin: str | None = None  # the Latin letters as typed (pinyin or initials)

    @property
    def has_text(self) -> bool:
        return bool(self.pinyins)

    @property
    def has_digits(self) -> bool:
        return bool(self.mobile or self.tails)


def parse_query(text: str | None) -> Query:
    """Read digits, name characters and pinyin out of a kiosk search string.

    Digit groups separated only by spaces or punctuation are joined when they
    make an 11-digit mobile ("138 1234 5678"); "138****5678" is a prefix and a
    tail; other groups of four or more digits are tails (or birth years).
    Text shorter than two letters or characters is ignored.

    >>> q = parse_query("５６７８ 张伟"); q.tails, q.name, q.pinyins
    (('5678',), '张伟', ('zhangwei',))
    >>> q = parse_query("+86 138-1234-5678"); q.mobile, q.tails
    ('13812345678', ())
    >>> q = parse_query("5678zw"); q.tails, q.latin
    (('5678',), 'zw')
    >>> parse_query("🙂！！") == Query()
    True
    """
    if not text or not isinstance(text, str):
        return Query()
    text = _fold(text[: _MAX_QUERY_CHARS * 4])[:_MAX_QUERY_CHARS]
    if not text.isascii():
        # Words staff type around the facts: "手机尾号5678 张伟", "巴特尔 1990年生".
        text = _FILLER.sub(" ", _YEAR_WORD.sub(lambda m: f" {m.group(1) or m.group(2)} ", text))
    # Consecutive digit runs separated by anything but letters form one group.
    groups: list[list[str]] = []
    words: list[tuple[str, str]] = []  # ("latin"|"cjk", text) in order
    last_was_digit = False
    for m in _TOKEN.finditer(text):
        digits, latin, cjk = m.groups()
        if digits:
            if last_was_digit:
                groups[-1].append(digits)
            else:
                groups.append([digits])
            last_was_digit = True
            continue
        last_was_digit = False
        words.append(("latin", latin) if latin else ("cjk", cjk))

    mobile: str | None = None
    tails: list[str] = []
    prefix: str | None = None
    for group in groups[: _MAX_DIGIT_TOKENS * 2]:
        joined = "".join(group)
        if len(joined) == 13 and joined.startswith("86") and joined[2] == "1":
            joined = joined[2:]
        if len(joined) == 11 and joined[0] == "1":
            mobile = mobile or joined
        elif len(group) == 2 and len(group[0]) == 3 and group[0][0] == "1" and len(group[1]) >= 4:
            prefix = group[0]
            tails.append(group[1][-11:])
        elif len(group) > 1 and all(len(g) >= 4 for g in group):
            tails.extend(g[-11:] for g in group)
        elif len(joined) >= 4:
            tails.append(joined[-11:])
    tails = list(dict.fromkeys(tails))[:_MAX_DIGIT_TOKENS]
    years = tuple(int(t) for t in tails if len(t) == 4 and int(t) in _YEARS)

    name = "".join(_simplify(w) for kind, w in words if kind == "cjk")[:_MAX_CJK] or None
    latin_words = [w for kind, w in words if kind == "latin"]
    latin = "".join(latin_words)[:_MAX_LATIN] or None
    if name and latin:
        # Mixed ("张wei"): read the characters as pinyin, in the typed order.
        pinyin = "".join(
            "".join(_syllables(_simplify(w))) if kind == "cjk" else w for kind, w in words
        )[:_MAX_LATIN]
        pinyins: tuple[str, ...] = (pinyin,)
        name = latin = None
    elif name:
        if len(name) < 2:
            name = None
            pinyins = ()
        else:
            pinyins = ("".join(_syllables(name)),)
    elif latin:
        if len(latin) < 2:
            latin = None
            pinyins = ()
        else:
            pinyins = (latin,)
            if len(latin_words) == 2:  # "wei zhang": given name first
                pinyins += (latin_words[1] + latin_words[0],)
    else:
        pinyins = ()
    return Query(mobile, tuple(tails), prefix, years, name, pinyins, latin)
