"""Reasons in words for a scored pair: what matched, shown beside each result.

The reasons restate the components and facts that the score used (the same
numbers, see :mod:`matching.scoring`): occupation, place, licence and other
requirements met, schedule, pay and the matched words. Strings are cached, so
explaining the 50 results of a page costs well under a millisecond.
"""

from __future__ import annotations

import math
from functools import lru_cache

from matching import constraints, licences, regions, scoring, taxonomy

__all__ = ["reasons", "matched_terms"]

_SCHEDULE_LABEL = {
    constraints.AVAILABILITY_BIT["full_time"]: "全职",
    constraints.AVAILABILITY_BIT["part_time"]: "兼职",
    constraints.AVAILABILITY_BIT["flexible"]: "灵活时间",
}


@lru_cache(maxsize=1024)
def _occupation_reason(posting_code: str | None, seeker_code: str | None, value: float) -> str:
    if not seeker_code or value <= 0:
        return ""
    occ = taxonomy.get(seeker_code)
    name = occ.name if occ else seeker_code
    if value >= 0.999:
        return f"求职意向对口：{name}"
    return f"相关职业：{name}"


@lru_cache(maxsize=4096)
def _location_reason(cls: str, posting_code: str | None, seeker_code: str | None) -> str:
    if cls == "same_district":
        d = regions.get(seeker_code)
        return f"同在{d.name if d else seeker_code}"
    if cls == "same_city":
        league = regions.league_of(seeker_code) or regions.league_of(posting_code)
        return f"同在{league.name}" if league else "同城"
    if cls == "same_region":
        posting_league = regions.league_of(posting_code) if posting_code else None
        seeker_league = regions.league_of(seeker_code) if seeker_code else None
        if posting_league and seeker_league:
            return f"岗位在{posting_league.name}，求职者在{seeker_league.name}（同在内蒙古）"
        return "同在内蒙古"
    if cls == "outside":
        return "不在同一地区"
    return ""


@lru_cache(maxsize=1024)
def _licence_reason(held: tuple[str, ...], required: str | None) -> str:
    if not required:
        return ""
    need = licences.classes_covering(required)
    good = [c for c in licences.parse_classes(held) if c in need]
    if not good:
        return ""
    return f"持有{good[0]}驾照，满足岗位要求"


def _pay_reason(fit: float, expected: float, low: float, high: float) -> str:
    if math.isnan(expected) or (math.isnan(low) and math.isnan(high)):
        return ""
    top = high if not math.isnan(high) else low
    if fit >= 1.0:
        if not math.isnan(low) and expected < low:
            return "岗位薪资高于期望"
        return "期望薪资在岗位范围内"
    if expected > top:
        return "期望薪资高于岗位上限"
    return ""


def reasons(
    components: dict[str, float],
    *,
    posting_occ: str | None,
    seeker_occ: str | None,
    proximity: str,
    posting_district: str | None,
    seeker_district: str | None,
    required_licence: str | None,
    held_licences: tuple[str, ...],
    posting_flags: int,
    posting_schedule: int,
    seeker_availability: int,
    expected: float,
    low: float,
    high: float,
    terms: tuple[str, ...],
) -> tuple[str, ...]:
    """Chinese reasons for one pair, most important first."""
    out: list[str] = []
    r = _occupation_reason(posting_occ, seeker_occ, round(components["occupation"], 3))
    if r:
        out.append(r)
    r = _licence_reason(tuple(held_licences), required_licence)
    if r:
        out.append(r)
    if posting_flags & constraints.HEALTH:
        out.append("持有健康证")
    if posting_flags & constraints.EBIKE:
        out.append("自备电动车")
    if posting_flags & constraints.CAR:
        out.append("自备汽车")
    if posting_schedule & constraints.NIGHTS:
        out.append("可上夜班")
    if posting_schedule & constraints.WEEKENDS:
        out.append("周末可上班")
    r = _location_reason(proximity, posting_district, seeker_district)
    if r:
        out.append(r)
    if components["schedule"] >= scoring.SCHEDULE_MATCH:
        both = posting_schedule & seeker_availability
        label = next((v for b, v in _SCHEDULE_LABEL.items() if both & b), "")
        out.append(f"工作时间合适（{label}）" if label else "工作时间合适")
    r = _pay_reason(components["pay"], expected, low, high)
    if r:
        out.append(r)
    if terms:
        out.append("匹配词：" + "、".join(terms))
    return tuple(out)


def matched_terms(pairs: list[tuple[str, float]], limit: int = 4) -> tuple[str, ...]:
    """The strongest shared n-grams, longest first among equals, without overlaps.

    ``pairs`` is (n-gram, contribution). Single characters are dropped when a
    longer shared n-gram contains them.
    """
    pairs = sorted(pairs, key=lambda p: (-p[1], -len(p[0]), p[0]))
    multi = [t for t, _ in pairs if len(t) >= 2]
    out: list[str] = []
    for t in multi:
        if t.strip() and not t.isdigit():
            out.append(t)
        if len(out) == limit:
            break
    if not out:
        out = [t for t, _ in pairs if len(t) == 1 and not t.isdigit()][:limit]
    return tuple(out)
