"""Occupation taxonomy of the three trades: delivery, logistics, livestream.

Canonical occupations with stable codes, synonyms (colloquial and dialect
forms included), typical skills and requirements, from
``reference/occupations.json``. :func:`match_title` maps a free-text job
title ("送外賣", "开大车的", "骑首") to the nearest entries, and
:func:`codes_for_text` reads every occupation mentioned in a longer text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.text import has_cjk, normalise, pinyin, tokens_for_fuzzy

__all__ = [
    "Occupation",
    "TRADES",
    "OCCUPATIONS",
    "get",
    "by_trade",
    "grouped_choices",
    "match_title",
    "related",
    "codes_for_text",
]

_DATA_FILE = Path(__file__).with_name("reference") / "occupations.json"


@dataclass(frozen=True)
class Occupation:
    """One canonical occupation.

    ``needs_vehicle`` is ``"ebike"`` (own electric bike), ``"car"`` (own
    light van or truck) or None.
    """

    code: str
    name: str
    trade: str
    synonyms: tuple[str, ...]
    skills: tuple[str, ...]
    typical_licence: str | None
    needs_health_certificate: bool
    needs_vehicle: str | None


def _load() -> tuple[dict[str, str], tuple[Occupation, ...], dict[tuple[str, str], float]]:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    trades = dict(data["trades"])
    occupations = tuple(
        Occupation(
            code=o["code"],
            name=o["name"],
            trade=o["trade"],
            synonyms=tuple(o["synonyms"]),
            skills=tuple(o["skills"]),
            typical_licence=o["typical_licence"],
            needs_health_certificate=bool(o["needs_health_certificate"]),
            needs_vehicle=o["needs_vehicle"],
        )
        for o in data["occupations"]
    )
    adjacency: dict[tuple[str, str], float] = {}
    for a, b, weight in data["adjacent"]:
        adjacency[(a, b)] = adjacency[(b, a)] = float(weight)
    return trades, occupations, adjacency


#: Trade code -> Chinese label.
TRADES: dict[str, str]
#: Every occupation, grouped by trade in the order of :data:`TRADES`.
OCCUPATIONS: tuple[Occupation, ...]
TRADES, OCCUPATIONS, _ADJACENT = _load()
_BY_CODE: dict[str, Occupation] = {o.code: o for o in OCCUPATIONS}
_ORDER: dict[str, int] = {o.code: i for i, o in enumerate(OCCUPATIONS)}


def get(code: str | None) -> Occupation | None:
    """The occupation with this code, or None."""
    return _BY_CODE.get(code) if code else None


def by_trade(trade: str | None) -> tuple[Occupation, ...]:
    """Occupations of one trade, in taxonomy order."""
    return tuple(o for o in OCCUPATIONS if o.trade == trade)


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(trade label, [(occupation code, name), ...]), ...]`` for <optgroup>."""
    groups = []
    for trade, label in TRADES.items():
        members = by_trade(trade)
        if members:
            groups.append((label, [(o.code, o.name) for o in members]))
    return groups


def related(code_a: str | None, code_b: str | None) -> float:
    """How related two occupations are, in [0, 1].

    1.0 for the same occupation, the adjacency weight from the reference data
    (about 0.5) for neighbouring ones such as 快递员/分拣员 or 带货主播/场控,
    0.0 otherwise and for unknown codes.
    """
    if not code_a or not code_b or code_a not in _BY_CODE or code_b not in _BY_CODE:
        return 0.0
    if code_a == code_b:
        return 1.0
    return _ADJACENT.get((code_a, code_b), 0.0)


# --------------------------------------------------------------------------
# Free-text matching
# --------------------------------------------------------------------------

# Score bands: an exact alias scores 100, an alias contained in the text
# 85-99 (more of the text covered scores higher), a homophone typo 84, and a
# fuzzy match at most 84.
_EXACT = 100.0
_CONTAINED_BASE, _CONTAINED_SPAN = 85.0, 14.0
_HOMOPHONE = 84.0
_FUZZY_SCALE = 0.84
_PINYIN_SCALE = 0.8


@dataclass(frozen=True)
class _Aliases:
    by_key: dict[str, str]  # normalised alias -> occupation code
    keys: tuple[str, ...]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _aliases() -> _Aliases:
    by_key: dict[str, str] = {}
    for occupation in OCCUPATIONS:
        for alias in (occupation.name, *occupation.synonyms):
            key = tokens_for_fuzzy(alias)
            if not key:
                continue
            owner = by_key.setdefault(key, occupation.code)
            if owner != occupation.code:
                raise ValueError(f"alias {alias!r} belongs to both {owner} and {occupation.code}")
    keys = tuple(sorted(by_key, key=lambda k: (-len(k), k)))
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return _Aliases(by_key, keys, pattern)


@lru_cache(maxsize=1)
def _pinyin_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, code in _aliases().by_key.items():
        if has_cjk(key):
            out.setdefault(pinyin(key), code)
    return out


def _useful(query: str) -> bool:
    return any(c.isalnum() for c in query)


def _scores(query: str, limit: int, fuzzy: bool = True) -> dict[str, float]:
    """Best score per occupation code for an already compacted query."""
    aliases = _aliases()
    scores: dict[str, float] = {}

    def offer(code: str, score: float) -> None:
        if score > scores.get(code, -1.0):
            scores[code] = score

    exact = aliases.by_key.get(query)
    if exact is not None:
        offer(exact, _EXACT)
    length = len(query.replace(" ", "")) or 1
    for match in aliases.pattern.finditer(query):
        key = match.group(0)
        if key != query:
            offer(
                aliases.by_key[key],
                _CONTAINED_BASE + _CONTAINED_SPAN * min(len(key) / length, 1.0),
            )
    if not fuzzy or len(scores) >= limit:
        return scores

    from rapidfuzz import fuzz, process

    for key, score, _ in process.extract(
        query, aliases.keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=50
    ):
        offer(aliases.by_key[key], score * _FUZZY_SCALE)
    if has_cjk(query):
        pinyin_aliases = _pinyin_aliases()
        query_pinyin = pinyin(query)
        code = pinyin_aliases.get(query_pinyin)
        if code is not None:
            offer(code, _HOMOPHONE)
        for key, score, _ in process.extract(
            query_pinyin,
            tuple(pinyin_aliases),
            scorer=fuzz.ratio,
            limit=limit * 2,
            score_cutoff=88,
        ):
            offer(pinyin_aliases[key], score * _PINYIN_SCALE)
    return scores


def match_title(
    text: str | None, limit: int = 3, score_cutoff: float = 60
) -> list[tuple[Occupation, float]]:
    """The taxonomy entries nearest to a free-text job title, best first.

    Scores are 0-100: 100 for an exact synonym, 85-99 when a synonym is
    contained in the text, up to 84 for a homophone or fuzzy match. Text is
    normalised first, so traditional characters, full-width letters and
    spacing do not matter. Empty or meaningless text gives ``[]``.

    Examples
    --------
    >>> [(o.name, s) for o, s in match_title("外卖小哥", limit=1)]
    [('网约配送员', 100.0)]
    >>> match_title("开大车的")[0][0].name
    '货车司机'
    """
    query = tokens_for_fuzzy(text)
    if not query or not _useful(query) or limit <= 0:
        return []
    scores = _scores(query, limit)
    ranked = sorted(
        ((code, round(score, 1)) for code, score in scores.items() if score >= score_cutoff),
        key=lambda item: (-item[1], _ORDER[item[0]]),
    )
    return [(_BY_CODE[code], score) for code, score in ranked[:limit]]


def codes_for_text(text: str | None, fuzzy: bool = True) -> tuple[str, ...]:
    """Codes of every occupation confidently mentioned in a longer text.

    A synonym contained in the text counts (longest synonym first, so
    "快递分拣" is a sorter, not a courier); with ``fuzzy``, a short word that
    contains no synonym counts when it is a homophone or near-exact typo of
    one ("骑首"). Codes come in order of first mention, without duplicates.

    >>> codes_for_text("想找外卖骑手或者快递分拣的工作，会开叉车")
    ('D01', 'D03', 'L08')
    """
    norm = normalise(text)
    if not norm:
        return ()
    aliases = _aliases()
    found: dict[str, int] = {}
    for word_start, word in _words(norm):
        matched = False
        for match in aliases.pattern.finditer(word):
            matched = True
            found.setdefault(aliases.by_key[match.group(0)], word_start + match.start())
        if fuzzy and not matched and 2 <= len(word) <= 6 and has_cjk(word):
            best = match_title(word, limit=1, score_cutoff=80)
            if best:
                found.setdefault(best[0][0].code, word_start)
    return tuple(sorted(found, key=found.__getitem__))


def _words(norm: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for word in norm.split(" "):
        out.append((position, word))
        position += len(word) + 1
    return out
