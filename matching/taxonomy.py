"""Occupation taxonomy of the three trades: delivery, logistics, livestream.

Canonical occupations with stable codes, synonyms (colloquial and dialect
forms included), typical skills and requirements, from
``reference/occupations.json`` (English names from ``reference/names_en.json``),
how related two occupations are, and every name and synonym normalised
(:func:`aliases`). Reading occupations out of free text lives in
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


def _load() -> tuple[dict[str, str], tuple[Occupation, ...], dict[tuple[str, str], float]]:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
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
    """Every occupation name and synonym, normalised, and one pattern finding them."""

    by_key: dict[str, str]  # normalised alias -> occupation code
    keys: tuple[str, ...]
    pattern: re.Pattern[str]


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
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return Aliases(by_key, keys, pattern)


def __getattr__(name: str):
    # The free-text functions moved to matching.titles; the app still calls them here.
    if name in ("match_title", "codes_for_text", "prepare"):
        from matching import titles

        return getattr(titles, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
