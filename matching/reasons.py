"""Reasons as codes with parameters: what matched, and what is missing.

The matcher never writes sentences. A reason is a :class:`Reason`, a code
from the lists below and a small dict of parameters (codes of occupations,
districts and licence classes, never their names), so that the app can say
it in the page's language (``jobfair/reasons.py``). The codes are stable:
add new ones, do not rename them.

Examples
--------
>>> Reason(LICENCE_OK, {"licence": "B2"})
Reason(code='licence_ok', params={'licence': 'B2'})
>>> Reason(SAME_DISTRICT, {"district": "150105"}) == ("same_district", {"district": "150105"})
True
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Reason", "MATCH_CODES", "UNMET_CODES"]


class Reason(NamedTuple):
    """One reason: a code and its parameters (treat ``params`` as read-only)."""

    code: str
    params: dict[str, Any]


# --- Why a pair fits (``Match.reasons``), most important first -------------
#: The seeker wants this very occupation. ``occupation``: a taxonomy code.
OCCUPATION_MATCH = "occupation_match"
#: The seeker wants a neighbouring occupation. ``occupation``: a taxonomy code.
OCCUPATION_RELATED = "occupation_related"
#: The seeker holds a class that covers the posting's. ``licence``: that class.
LICENCE_OK = "licence_ok"
#: Requirements of the posting that the seeker meets (no parameters).
HAS_HEALTH_CERTIFICATE = "has_health_certificate"
HAS_EBIKE = "has_ebike"
HAS_CAR = "has_car"
WORKS_NIGHTS = "works_nights"
WORKS_WEEKENDS = "works_weekends"
#: Same county-level district. ``district``: its code.
SAME_DISTRICT = "same_district"
#: Same league-level city. ``city``: its code (None when unknown).
SAME_CITY = "same_city"
#: Both in Inner Mongolia. ``posting_city``, ``seeker_city``: league codes or None.
SAME_REGION = "same_region"
#: Not in the same area (no parameters).
OUTSIDE = "outside"
#: Full time / part time / flexible overlap. ``schedule``: the first shared
#: one ("full_time", "part_time", "flexible") or None.
SCHEDULE_FITS = "schedule_fits"
#: Pay (no parameters): the posting pays above the expectation; the
#: expectation is within the posting's range; the expectation is above it.
PAY_ABOVE_EXPECTATION = "pay_above_expectation"
PAY_IN_RANGE = "pay_in_range"
PAY_ABOVE_RANGE = "pay_above_range"
#: The strongest shared words. ``terms``: a tuple of strings.
MATCHED_TERMS = "matched_terms"

MATCH_CODES = (
    OCCUPATION_MATCH, OCCUPATION_RELATED, LICENCE_OK, HAS_HEALTH_CERTIFICATE, HAS_EBIKE,
    HAS_CAR, WORKS_NIGHTS, WORKS_WEEKENDS, SAME_DISTRICT, SAME_CITY, SAME_REGION, OUTSIDE,
    SCHEDULE_FITS, PAY_ABOVE_EXPECTATION, PAY_IN_RANGE, PAY_ABOVE_RANGE, MATCHED_TERMS,
)  # fmt: skip

# --- What a seeker lacks (``Eligibility.failures``) --------------------------
#: The profile is hidden or deleted (no parameters).
PROFILE_HIDDEN = "profile_hidden"
#: ``licence``: the class the posting needs (canonical, e.g. "B2").
NEEDS_LICENCE = "needs_licence"
#: ``age``: the posting's minimum age in years.
NEEDS_MIN_AGE = "needs_min_age"
#: Requirements without parameters.
NEEDS_HEALTH_CERTIFICATE = "needs_health_certificate"
NEEDS_EBIKE = "needs_ebike"
NEEDS_CAR = "needs_car"
NEEDS_NIGHTS = "needs_nights"
NEEDS_WEEKENDS = "needs_weekends"

UNMET_CODES = (
    PROFILE_HIDDEN, NEEDS_LICENCE, NEEDS_MIN_AGE, NEEDS_HEALTH_CERTIFICATE, NEEDS_EBIKE,
    NEEDS_CAR, NEEDS_NIGHTS, NEEDS_WEEKENDS,
)  # fmt: skip
