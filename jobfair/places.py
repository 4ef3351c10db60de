"""Places in the page's language: "呼和浩特市 赛罕区" on Chinese pages, "Saihan
District, Hohhot" on English ones (English names from matching/reference/names_en.json)."""

from __future__ import annotations

from flask import has_request_context

from jobfair.i18n import is_english
from matching import regions


def _english() -> bool:
    return has_request_context() and is_english()


def _name(division: regions.Division) -> str:
    return division.name_en if _english() and division.name_en else division.name


def district_name(code: str | None) -> str:
    """A county with its league: "呼和浩特市 赛罕区" / "Saihan District, Hohhot"; "" if unknown."""
    division = regions.get(code) if code else None
    if division is None:
        return ""
    if division.level != "county":
        return _name(division)
    league = regions.get(division.parent_code)
    if _english():
        return f"{_name(division)}, {_name(league)}"
    return f"{league.name} {division.name}"


_GROUPS: dict[bool, tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = {}


def district_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """``((league, ((county code, county), ...)), ...)`` in the page's language, for
    <optgroup>; made once per language (the regions do not change while the app runs)."""
    english = _english()
    groups = _GROUPS.get(english)
    if groups is None:
        groups = _GROUPS[english] = tuple(
            (_name(league), tuple((c.code, _name(c)) for c in regions.counties_in(league.code)))
            for league in regions.LEAGUES
        )
    return groups
