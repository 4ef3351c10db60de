"""Hard constraints: who may never be shown for a posting, and why.

The same rules exist twice, on purpose in one module: as bitmask arithmetic on
plain integers (:func:`pair_eligible`, compiled by :mod:`matching.kernels` and
applied to every seeker BEFORE ranking), and as :func:`eligibility`, which
says what is missing for one pair, as reason codes (:mod:`matching.reasons`).
Tests check they agree.

Encodings (all small integers so a million seekers fit in numpy arrays):

* licences held / accepted: one bit per class of :data:`matching.licences.CLASSES`;
  a posting's requirement becomes the mask of every class that covers it;
* availability: one bit per :data:`matching.documents.AVAILABILITY` entry;
* seeker flags: health certificate, e-bike, car, visible, alive;
* posting flags: needs health certificate, needs e-bike, needs car, open, alive.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from matching import licences
from matching import reasons as R
from matching.documents import AVAILABILITY, Eligibility, PostingDoc, SeekerDoc
from matching.reasons import Reason

__all__ = [
    "HEALTH",
    "EBIKE",
    "CAR",
    "VISIBLE",
    "ALIVE",
    "OPEN",
    "NIGHTS",
    "WEEKENDS",
    "availability_mask",
    "licence_mask",
    "required_licence_mask",
    "seeker_flags",
    "posting_flags",
    "pair_eligible",
    "eligibility",
    "age_in",
]

# Seeker flags; the first three double as posting "needs" flags.
HEALTH = 1
EBIKE = 2
CAR = 4
VISIBLE = 8  # seeker: profile visible
OPEN = 8  # posting: open for applications
ALIVE = 16  # slot holds a live document (not removed)
_NEEDS = HEALTH | EBIKE | CAR

AVAILABILITY_BIT = {name: 1 << i for i, name in enumerate(AVAILABILITY)}
NIGHTS = AVAILABILITY_BIT["nights"]
WEEKENDS = AVAILABILITY_BIT["weekends"]
_HARD_SCHEDULE = NIGHTS | WEEKENDS

def _class_bits() -> dict[str, int]:
    classes = list(licences.CLASSES)
    if len(classes) > 31:
        raise ValueError("more than 31 licence classes do not fit the bitmask")
    return {c: 1 << i for i, c in enumerate(classes)}


@lru_cache(maxsize=1)
def class_bits() -> dict[str, int]:
    """Bit of each licence class."""
    return _class_bits()


def _canonical_class(name: str) -> str:
    return licences.normalise_class(name) or str(name).strip().upper()


@lru_cache(maxsize=4096)
def licence_mask(held: tuple[str, ...] | frozenset[str]) -> int:
    """Bitmask of the licence classes a seeker holds (unknown classes ignored)."""
    bits = class_bits()
    mask = 0
    for c in licences.parse_classes(tuple(held)):
        mask |= bits.get(c, 0)
    return mask


@lru_cache(maxsize=256)
def required_licence_mask(required: str | None) -> int:
    """Bitmask of every class that satisfies ``required`` (0: no requirement).

    A requirement the licence table does not know is satisfied by no class
    (mask of an impossible bit), so a typo never opens a driving job to all.
    """
    if not required:
        return 0
    bits = class_bits()
    try:
        covering = licences.classes_covering(required)
    except (KeyError, ValueError):
        covering = frozenset()
    mask = 0
    for c in covering:
        mask |= bits.get(c, 0)
    return mask if mask else 1 << 31


@lru_cache(maxsize=256)
def _availability_mask(values: frozenset[str]) -> int:
    mask = 0
    for v in values:
        mask |= AVAILABILITY_BIT.get(v, 0)
    return mask


def availability_mask(values: Iterable[str] | None) -> int:
    """Bitmask of availability / schedule names (unknown names ignored)."""
    if not values:
        return 0
    if not isinstance(values, frozenset):
        values = frozenset(values)
    return _availability_mask(values)


def seeker_flags(doc: SeekerDoc) -> int:
    """Flags of a seeker (health certificate, vehicles, visibility, alive)."""
    f = ALIVE
    if doc.health_certificate:
        f |= HEALTH
    if doc.has_ebike:
        f |= EBIKE
    if doc.has_car:
        f |= CAR
    if doc.visible:
        f |= VISIBLE
    return f


def posting_flags(doc: PostingDoc) -> int:
    """Flags of a posting (what it needs, open, alive)."""
    f = ALIVE
    if doc.needs_health_certificate:
        f |= HEALTH
    if doc.needs_vehicle == "ebike":
        f |= EBIKE
    elif doc.needs_vehicle == "car":
        f |= CAR
    elif doc.needs_vehicle:
        f |= EBIKE | CAR  # an unknown vehicle requirement: ask for both, be safe
    if doc.open:
        f |= OPEN
    return f


def pair_eligible(s_flags, s_lic, s_avail, s_birth, p_flags, p_lic, p_sched, p_min_age, year):
    """True when a seeker passes every hard constraint of a posting.

    Integers only (numba-compiled for the index). ``s_birth`` 0 = unknown;
    ``p_min_age`` 0 = none; ``p_lic`` 0 = no licence needed. A posting's
    ``open`` flag is not checked here (see :mod:`matching.matcher`).
    """
    if (s_flags & (VISIBLE | ALIVE)) != (VISIBLE | ALIVE):
        return False
    if p_lic != 0 and (s_lic & p_lic) == 0:
        return False
    if p_min_age > 0:
        if s_birth <= 0 or year - s_birth < p_min_age:
            return False
    need = p_flags & _NEEDS
    if (s_flags & need) != need:
        return False
    need_av = p_sched & _HARD_SCHEDULE
    if (s_avail & need_av) != need_av:
        return False
    return True


def age_in(birth_year: int | None, year: int) -> int | None:
    """Age reached during ``year`` (birthdays are not stored), or None."""
    if not birth_year or birth_year <= 0:
        return None
    return year - int(birth_year)


def eligibility(posting: PostingDoc, seeker: SeekerDoc, today: date | None = None) -> Eligibility:
    """Which hard constraints of ``posting`` the ``seeker`` fails, as reason codes.

    >>> e = eligibility(PostingDoc(1, "", required_licence="b2", min_age=18),
    ...                 SeekerDoc(2, "", birth_year=2020), date(2025, 1, 1))
    >>> e.eligible, e.failures
    (False, (Reason(code='needs_licence', params={'licence': 'B2'}), \
Reason(code='needs_min_age', params={'age': 18})))
    """
    year = (today or date.today()).year
    failures: list[Reason] = []
    if not seeker.visible:
        failures.append(Reason(R.PROFILE_HIDDEN, {}))
    if posting.required_licence:
        req = required_licence_mask(posting.required_licence)
        if not (licence_mask(tuple(seeker.licences)) & req):
            licence = _canonical_class(posting.required_licence)
            failures.append(Reason(R.NEEDS_LICENCE, {"licence": licence}))
    if posting.min_age:
        age = age_in(seeker.birth_year, year)
        if age is None or age < posting.min_age:
            failures.append(Reason(R.NEEDS_MIN_AGE, {"age": int(posting.min_age)}))
    if posting.needs_health_certificate and not seeker.health_certificate:
        failures.append(Reason(R.NEEDS_HEALTH_CERTIFICATE, {}))
    pf = posting_flags(posting)
    if pf & EBIKE and not seeker.has_ebike:
        failures.append(Reason(R.NEEDS_EBIKE, {}))
    if pf & CAR and not seeker.has_car:
        failures.append(Reason(R.NEEDS_CAR, {}))
    sched = availability_mask(posting.schedule)
    avail = availability_mask(seeker.availability)
    if sched & NIGHTS and not avail & NIGHTS:
        failures.append(Reason(R.NEEDS_NIGHTS, {}))
    if sched & WEEKENDS and not avail & WEEKENDS:
        failures.append(Reason(R.NEEDS_WEEKENDS, {}))
    return Eligibility(eligible=not failures, failures=tuple(failures))
