"""Occupation taxonomy: the three trades, and the other jobs seen at their fairs.

Canonical occupations with stable codes (anchored on the national
occupational classification where it has them), synonyms (colloquial and
dialect forms included), typical skills and requirements, from
``reference/occupations.json`` (English names from ``reference/names_en.json``),
how related two occupations are, every name and synonym normalised
(:func:`aliases`), and the rules that read a name in its context
(:func:`context`: 韵达配送员 is a courier, 医药配送员 no rider, 火车司机 a
train driver unless the text is about trucks). Reading occupations out of free text lives in
:mod:`matching.titles` (typo tolerance in :mod:`matching.typos`);
``taxonomy.match_title``, ``taxonomy.codes_for_text`` and
``taxonomy.prepare`` still answer, from there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.text import tokens_for_fuzzy

__all__ = [
    "Occupation",
    "TRADES",
    "OCCUPATIONS",
    "get",
    "by_trade",
    "grouped_choices",
    "related",
    "position",
    "aliases",
    "context",
]

_DATA_FILE = Path(__file__).with_name("reference") / "occupations.json"
_ENGLISH_FILE = Path(__file__).with_name("reference") / "names_en.json"


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
    #: The name on English pages ("Delivery rider").
    name_en: str = ""
    #: Code in the national occupational classification (职业分类大典, 2022
    #: edition) where one is cited: "4-10-08-01" for 网约配送员.
    national_code: str | None = None


def _load() -> tuple[dict[str, str], tuple[Occupation, ...], dict[tuple[str, str], float]]:
    data = _data()
    english = json.loads(_ENGLISH_FILE.read_text(encoding="utf-8"))["occupations"]
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
            name_en=english[o["code"]],
            national_code=o.get("national_code"),
        )
        for o in data["occupations"]
    )
    adjacency: dict[tuple[str, str], float] = {}
    for a, b, weight in data["adjacent"]:
        adjacency[(a, b)] = adjacency[(b, a)] = float(weight)
    return trades, occupations, adjacency


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_DATA_FILE.read_text(encoding="utf-8"))


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


def position(code: str) -> int:
    """Place of an occupation in taxonomy order (for stable sorting)."""
    return _ORDER[code]


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


@dataclass(frozen=True)
class Aliases:
    """Every occupation name and synonym, normalised, and one pattern finding them.

    ``pattern`` also finds the words of ``not_occupations`` (``blocked``): a
    longer word that contains a synonym but names no occupation ("确保安全"
    holds 保安, "防护工作" holds 护工). Whoever reads the pattern skips them.
    """

    by_key: dict[str, str]  # normalised alias -> occupation code
    keys: tuple[str, ...]
    pattern: re.Pattern[str]
    blocked: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def aliases() -> Aliases:
    """The synonym table; raises ValueError when one synonym names two occupations."""
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
    blocked = frozenset(tokens_for_fuzzy(w) for w in _data().get("not_occupations", ()))
    for word in blocked:
        if word in by_key or not any(k in word for k in keys):
            raise ValueError(f"not_occupations: {word!r} must contain a synonym and be none")
    # Longest first, so that at one position the longest alias or blocked word wins.
    everything = sorted((*keys, *blocked), key=lambda k: (-len(k), k))
    pattern = re.compile("|".join(re.escape(k) for k in everything))
    return Aliases(by_key, keys, pattern, blocked)


@dataclass(frozen=True)
class Homophone:
    """A name that may be a pinyin slip for another: 火车司机 (huǒchē) for 货车司机 (huòchē).

    Read as ``reads_as`` when the same text names one of ``codes`` or contains
    one of ``words`` (normalised); as its own occupation otherwise.
    """

    reads_as: str
    codes: frozenset[str]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """Rules that read an occupation name in its context (``context`` in the JSON).

    ``prefixes``: alias -> ((word before it, code or None), ...), longest word
    first: 韵达配送员 is a courier (D02), 医药配送员 names no occupation.
    ``yields``: alias -> codes that make it void when the text names them
    otherwise: a bare 配送员 beside 派件 is a courier, not also a rider.
    ``homophones``: alias -> :class:`Homophone`.
    """

    prefixes: dict[str, tuple[tuple[str, str | None], ...]]
    yields: dict[str, frozenset[str]]
    homophones: dict[str, Homophone]


@lru_cache(maxsize=1)
def context() -> Context:
    """The context rules, normalised; raises ValueError on an unknown alias or code."""
    data = _data().get("context", {})
    by_key = aliases().by_key

    def alias_key(alias: str) -> str:
        key = tokens_for_fuzzy(alias)
        if key not in by_key:
            raise ValueError(f"context: {alias!r} is no synonym")
        return key

    def known(code: str | None) -> str | None:
        if code is not None and code not in _BY_CODE:
            raise ValueError(f"context: unknown occupation {code!r}")
        return code

    prefixes: dict[str, list[tuple[str, str | None]]] = {}
    for rule in data.get("prefixes", ()):
        target = known(rule["reads_as"])
        words = prefixes.setdefault(alias_key(rule["alias"]), [])
        words.extend((tokens_for_fuzzy(w), target) for w in rule["after"])
    yields = {
        alias_key(rule["alias"]): frozenset(known(c) for c in rule["to"])
        for rule in data.get("yields", ())
    }
    homophones = {}
    for rule in data.get("homophones", ()):
        homophone = Homophone(
            known(rule["reads_as"]),
            frozenset(known(c) for c in rule["codes"]),
            tuple(tokens_for_fuzzy(w) for w in rule["words"]),
        )
        for alias in rule["aliases"]:
            homophones[alias_key(alias)] = homophone
    return Context(
        {k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in prefixes.items()},
        yields,
        homophones,
    )


def __getattr__(name: str):
    # The free-text functions moved to matching.titles; the app still calls them here.
    if name in ("match_title", "codes_for_text", "prepare"):
        from matching import titles

        return getattr(titles, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
