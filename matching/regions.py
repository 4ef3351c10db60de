"""Administrative divisions of the Inner Mongolia Autonomous Region (150000).

The region, its 12 league-level divisions (9 prefecture-level cities and 3
leagues) and their 103 county-level divisions (districts, banners, counties
and county-level cities), with GB/T 2260 codes, from
``reference/regions.json``. Used for "near me" (:func:`proximity`), for the
location select (:func:`grouped_choices`) and to read a place out of free
text (:func:`find`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.text import normalise, pinyin, tokens_for_fuzzy

__all__ = [
    "Division",
    "REGION",
    "LEAGUES",
    "COUNTIES",
    "get",
    "league_of",
    "counties_in",
    "is_county",
    "full_name",
    "proximity",
    "PROXIMITIES",
    "grouped_choices",
    "find",
    "place_in_text",
]

_DATA_FILE = Path(__file__).with_name("reference") / "regions.json"
_ENGLISH_FILE = Path(__file__).with_name("reference") / "names_en.json"

#: The answers of :func:`proximity`, nearest first.
PROXIMITIES = ("same_district", "same_city", "same_region", "outside", "unknown")


@dataclass(frozen=True)
class Division:
    """One administrative division.

    ``level`` is ``"region"``, ``"league"`` (prefecture-level city or league)
    or ``"county"`` (district, banner, county or county-level city).
    """

    code: str
    name: str
    level: str
    parent_code: str | None
    short_name: str
    #: The name on English pages ("Saihan District", "Hohhot").
    name_en: str = ""


_Loaded = tuple[Division, tuple[Division, ...], tuple[Division, ...], dict[str, tuple[str, ...]]]


def _load() -> _Loaded:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    english = json.loads(_ENGLISH_FILE.read_text(encoding="utf-8"))["divisions"]
    r = data["region"]
    region = Division(r["code"], r["name"], "region", None, r["short_name"], english[r["code"]])
    aliases: dict[str, tuple[str, ...]] = {region.code: tuple(r.get("aliases", ()))}
    leagues: list[Division] = []
    counties: list[Division] = []
    for lg in data["leagues"]:
        league = Division(
            lg["code"], lg["name"], "league", region.code, lg["short_name"], english[lg["code"]]
        )
        leagues.append(league)
        aliases[league.code] = tuple(lg.get("aliases", ()))
        for code, name, short_name, county_aliases in lg["counties"]:
            counties.append(Division(code, name, "county", league.code, short_name, english[code]))
            aliases[code] = tuple(county_aliases)
    return region, tuple(leagues), tuple(counties), aliases


REGION, LEAGUES, COUNTIES, _ALIASES = _load()
_BY_CODE: dict[str, Division] = {d.code: d for d in (REGION, *LEAGUES, *COUNTIES)}
_COUNTIES_IN: dict[str, tuple[Division, ...]] = {
    league.code: tuple(c for c in COUNTIES if c.parent_code == league.code) for league in LEAGUES
}
_CODE_RE = re.compile(r"^\d{6}$")


def _clean(code: object) -> str | None:
    if code is None:
        return None
    code = str(code).strip()
    return code if _CODE_RE.match(code) else None


def get(code: str | None) -> Division | None:
    """The division with this code, or None."""
    code = _clean(code)
    return _BY_CODE.get(code) if code else None


def is_county(code: str | None) -> bool:
    """True for a county-level division of the region."""
    division = get(code)
    return division is not None and division.level == "county"


def league_of(code: str | None) -> Division | None:
    """The league-level division a code belongs to (a league is its own).

    A county-level code that is not in the table but shares a league's first
    four digits (e.g. a development zone such as 150172) resolves to that
    league. The region itself and codes outside 15xxxx give None.
    """
    code = _clean(code)
    if code is None:
        return None
    division = _BY_CODE.get(code)
    if division is not None:
        if division.level == "county":
            return _BY_CODE[division.parent_code]  # type: ignore[index]
        if division.level == "league":
            return division
        return None
    league = _BY_CODE.get(code[:4] + "00")
    return league if league is not None and league.level == "league" else None


def counties_in(league_code: str | None) -> tuple[Division, ...]:
    """County-level divisions of a league, in code order (empty if unknown)."""
    code = _clean(league_code)
    return _COUNTIES_IN.get(code, ()) if code else ()


def full_name(code: str | None) -> str:
    """Display name: "呼和浩特市 赛罕区", "包头市", "内蒙古自治区"; "" if unknown."""
    division = get(code)
    if division is None:
        return ""
    if division.level == "county":
        return f"{_BY_CODE[division.parent_code].name} {division.name}"  # type: ignore[index]
    return division.name


def proximity(a_code: str | None, b_code: str | None) -> str:
    """How near two places are: one of :data:`PROXIMITIES`.

    ``"same_district"`` for the same county-level division, ``"same_city"``
    for the same league-level division (including a league and one of its
    counties), ``"same_region"`` for two places in Inner Mongolia,
    ``"outside"`` when either code is a valid code outside 15xxxx, and
    ``"unknown"`` when either is missing or malformed.

    >>> proximity("150105", "150102")
    'same_city'
    """
    a, b = _clean(a_code), _clean(b_code)
    if a is None or b is None:
        return "unknown"
    if not (a.startswith("15") and b.startswith("15")):
        return "outside"
    if a == b and a != REGION.code and not a.endswith("00"):
        return "same_district"
    league_a, league_b = league_of(a), league_of(b)
    if league_a is not None and league_a == league_b:
        return "same_city"
    return "same_region"


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(league name, [(county code, county name), ...]), ...]`` for <optgroup>."""
    return [
        (league.name, [(c.code, c.name) for c in _COUNTIES_IN[league.code]]) for league in LEAGUES
    ]


# --------------------------------------------------------------------------
# Free-text lookup
# --------------------------------------------------------------------------

_LEVEL_RANK = {"county": 2, "league": 1, "region": 0}


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, Division], re.Pattern[str]]:
    keys: dict[str, Division] = {}
    for division in (REGION, *LEAGUES, *COUNTIES):
        names = (division.name, division.short_name, *_ALIASES[division.code])
        for name in names:
            key = tokens_for_fuzzy(name)
            if len(key) >= 2:
                keys.setdefault(key, division)
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return keys, re.compile(alternation)


@lru_cache(maxsize=1)
def _pinyin_keys() -> dict[str, Division]:
    keys, _ = _lookup()
    out: dict[str, Division] = {}
    for key, division in keys.items():
        out.setdefault(pinyin(key), division)
    return out


def find(text: str | None) -> Division | None:
    """The county or league named in free text, tolerant of typos.

    Tries, in order: an exact name, short name or common alias ("赛罕",
    "呼市", "包头", "达茂旗"); the most specific name contained in the text
    ("呼和浩特市赛罕区大学西街" -> 赛罕区); a homophone typo through pinyin
    ("塞罕区" -> 赛罕区); a close fuzzy match of the characters. Returns None
    when nothing is close.
    """
    from rapidfuzz import fuzz, process

    query = tokens_for_fuzzy(text)
    if len(query.replace(" ", "")) < 2:
        return None
    keys, pattern = _lookup()
    exact = keys.get(query)
    if exact is not None:
        return exact

    found = [(keys[m.group(0)], len(m.group(0))) for m in pattern.finditer(query)]
    if found:
        found.sort(key=lambda item: (_LEVEL_RANK[item[0].level], item[1]), reverse=True)
        return found[0][0]

    compact = query.replace(" ", "")
    pinyin_keys = _pinyin_keys()
    query_pinyin = pinyin(compact)
    if query_pinyin in pinyin_keys:
        return pinyin_keys[query_pinyin]
    best = process.extractOne(compact, list(keys), scorer=fuzz.ratio, score_cutoff=72)
    if best is not None:
        return keys[best[0]]
    best = process.extractOne(query_pinyin, list(pinyin_keys), scorer=fuzz.ratio, score_cutoff=88)
    if best is not None:
        return pinyin_keys[best[0]]
    return None


# --------------------------------------------------------------------------
# A place stated in running text (a seeker's free text, no district given)
# --------------------------------------------------------------------------

# Names that are common words or also name places elsewhere in China (新城区
# of Xi'an, 青山区 of Wuhan, 海南 the province, 鄂温克 the people, 商都 for
# Zhengzhou, 多伦 in 多伦多...). In running text they count only when a
# distinctive name of the same league is mentioned too ("包头青山").
_WEAK_IN_TEXT = frozenset(
    """
    新城 新城区 回民 玉泉 青山 青山区 东河 白云区 海南 红山 松山 松山区 林西 宁城 开鲁 库伦
    阿荣 根河 五原 化德 商都 兴和 凉城 多伦 镶黄 正蓝 二连 林东 大板 和林 鹿城 青城 河套
    兴安 武川 临河 鄂伦春 鄂温克 科尔沁 清水河 太仆寺 乌达 石拐 九原 固阳 突泉 丰镇 卓资
    磴口 杭锦 乌审 敖汉 奈曼
    """.split()
)
# A name directly followed by one of these is a different place or thing
# ("海南省", "海南岛", "青城山", "鹿城区" of Wenzhou), unless name + suffix is a key.
_OTHER_SUFFIX = "省市县区旗盟州岛山镇乡村路街"
_NOT_PLACES = ("多伦多",)
# Words just before a mention that make it where the person lives ...
_RESIDENCE = (
    "住在",
    "住",
    "居住",
    "现居",
    "家住",
    "家在",
    "人在",
    "目前在",
    "现在在",
    "现在",
    "在",
)
# ... unless it is where they come from ...
_ORIGIN = ("老家在", "老家是", "老家", "籍贯", "户籍在", "户口在", "出生在")
# ... or a place they do not want.
_NEGATED = ("不去", "不想去", "不在", "除了", "不要", "不考虑")


@lru_cache(maxsize=65536)
def _mentions(query: str) -> tuple[tuple[Division, int, bool], ...]:
    keys, pattern = _lookup()
    out = []
    for m in pattern.finditer(query):
        key, start, end = m.group(0), m.start(), m.end()
        division = keys[key]
        if division.level == "region":
            continue
        if any(query.startswith(bad, start) for bad in _NOT_PLACES):
            continue
        if key not in (division.name,) and end < len(query) and query[end] in _OTHER_SUFFIX:
            continue  # "海南省": the key would have been longer had it been ours
        before = query[max(0, start - 4) : start]
        if any(before.endswith(neg) for neg in _NEGATED):
            continue
        residence = any(before.endswith(r) for r in _RESIDENCE) and not any(
            before.endswith(o) for o in _ORIGIN
        )
        out.append((division, residence, key not in _WEAK_IN_TEXT))
    return tuple(out)


def place_in_text(text: str | None) -> Division | None:
    """The county or league a free text explicitly says the person is in.

    Only exact names, short names and aliases count (no typo tolerance: a
    wrong place is worse than none), and only when unambiguous: names that are
    also common words or places elsewhere need a distinctive name of the same
    league beside them, a name followed by another administrative suffix
    ("海南省") is not ours, and mentions of several leagues resolve only
    through one marked as where the person lives ("老家赤峰，现在住呼市").
    A county and its own league give the county; several counties of one
    league give the league. Returns None otherwise.

    >>> place_in_text("住在包头昆区").name
    '昆都仑区'
    >>> place_in_text("海南省来的") is None
    True
    """
    query = normalise(text)  # spaces kept: "海南，区域经理" is not 海南区
    if len(query) < 2:
        return None
    mentions = _mentions(query)
    if not mentions:
        return None
    strong_leagues = {league_of(d.code).code for d, _r, strong in mentions if strong}
    accepted = [
        (d, residence)
        for d, residence, strong in mentions
        if strong or league_of(d.code).code in strong_leagues
    ]
    if not accepted:
        return None
    leagues = {league_of(d.code).code for d, _r in accepted}
    if len(leagues) > 1:
        accepted = [(d, r) for d, r in accepted if r]
        leagues = {league_of(d.code).code for d, _r in accepted}
        if len(leagues) != 1:
            return None
    counties = {d.code for d, _r in accepted if d.level == "county"}
    if len(counties) == 1:
        return _BY_CODE[counties.pop()]
    return _BY_CODE[leagues.pop()]
