"""Plain documents the matcher works on: what a seeker offers, what a posting asks.

``jobfair/services/`` builds these from model rows; the matcher never sees the
database. Everything here is immutable and cheap to create.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.reasons import Reason

__all__ = [
    "AVAILABILITY",
    "PAY_UNITS",
    "SeekerDoc",
    "PostingDoc",
    "Match",
    "Eligibility",
]

#: Work patterns a seeker can offer and a posting can ask for. "nights" and
#: "weekends" in a posting's schedule are requirements (hard constraints); the
#: others only count towards the schedule component.
AVAILABILITY = ("full_time", "part_time", "flexible", "nights", "weekends")

#: Units in which pay is quoted. See :data:`matching.scoring.MONTHLY_FACTOR`.
PAY_UNITS = ("month", "day", "hour", "order")


@dataclass(frozen=True, slots=True)
class SeekerDoc:
    """A job seeker's profile as the matcher sees it.

    ``text`` is the desired-job free text, skills, experience and
    self-introduction already joined; ``pay_amount`` is the expected pay in
    yuan per ``pay_unit``. ``visible=False`` (hidden profile, deleted
    account) means the seeker is never ranked.
    """

    id: int
    text: str
    occupation_codes: tuple[str, ...] = ()
    district_code: str | None = None
    licences: tuple[str, ...] = ()
    has_ebike: bool = False
    has_car: bool = False
    health_certificate: bool = False
    availability: frozenset[str] = frozenset()
    pay_amount: int | None = None
    pay_unit: str | None = None
    birth_year: int | None = None
    visible: bool = True


@dataclass(frozen=True, slots=True)
class PostingDoc:
    """A job posting as the matcher sees it.

    ``schedule`` is the posting's work pattern; "nights" or "weekends" in it
    are required of the seeker. ``needs_vehicle`` is None, "ebike" or "car".
    A posting that is not ``open`` is never recommended to a seeker.
    """

    id: int
    text: str
    occupation_code: str | None = None
    district_code: str | None = None
    required_licence: str | None = None
    min_age: int | None = None
    needs_health_certificate: bool = False
    needs_vehicle: str | None = None
    schedule: frozenset[str] = frozenset()
    pay_min: int | None = None
    pay_max: int | None = None
    pay_unit: str | None = None
    open: bool = True


@dataclass(frozen=True)
class Match:
    """One ranked result with its explanation.

    ``id`` is a seeker id (posting -> seekers) or a posting id (seeker ->
    postings); ``score`` is in 0..1 and is the weighted sum of
    ``components`` ("text", "occupation", "location", "schedule", "pay"),
    each in 0..1. ``reasons`` are :class:`matching.reasons.Reason` codes with
    parameters, most important first, for the app to say in the page's language.
    """

    id: int
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()
    matched_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Eligibility:
    """Whether a seeker passes a posting's hard constraints, and why not.

    ``failures`` are :class:`matching.reasons.Reason` codes such as
    ``("needs_licence", {"licence": "B2"})`` or ``("needs_min_age", {"age": 18})``
    (:data:`matching.reasons.UNMET_CODES`).
    """

    eligible: bool
    failures: tuple[Reason, ...] = ()
