"""How a posting-seeker pair is scored: the weights and every component.

This module is the ONE place where the numbers of the score live. The
weights were chosen on the evaluation set by ``python bench/evaluate.py
--tune`` (a grid search on NDCG@10; see bench/README.md), not by feel.

Every component is in 0..1 and the score is ``sum(WEIGHTS[c] * component[c])``
with weights summing to 1, so a score is in 0..1 too. The scalar functions
below are plain Python on numbers, so that :mod:`matching.kernels` compiles
the very same code with numba for the vectorised ranking, and
:mod:`matching.explain` runs it in Python for one pair: a ranked score and its
explanation can never disagree.
"""

from __future__ import annotations

import math

__all__ = [
    "COMPONENTS",
    "WEIGHTS",
    "LOCATION_SCORE",
    "PROXIMITY_CLASSES",
    "MONTHLY_FACTOR",
    "weights_array",
    "location_score",
    "schedule_fit",
    "pay_fit",
    "monthly",
]

#: Order of the components everywhere (arrays, ``Match.components``).
COMPONENTS = ("text", "occupation", "location", "schedule", "pay")

#: The weights (sum 1). Tuned by ``bench/evaluate.py --tune``.
#: Grid (step 0.1, each weight <= 0.6) on a freshly generated set (seed 7), not
#: the reported one; best NDCG@10 with text >= 0.1 (a floor: the synthetic labels
#: cannot reward text beyond the occupation, real profiles do). See bench/README.md.
WEIGHTS: dict[str, float] = {
    "text": 0.10,
    "occupation": 0.50,
    "location": 0.20,
    "schedule": 0.10,
    "pay": 0.10,
}

#: matching.regions.proximity classes, in the order used by the index.
PROXIMITY_CLASSES = ("same_district", "same_city", "same_region", "outside", "unknown")

#: Location component per proximity class: same district > same league-level
#: city > elsewhere in Inner Mongolia > outside. An unknown district (either
#: side did not say) is neutral-low: below "same city", above "elsewhere".
LOCATION_SCORE: dict[str, float] = {
    "same_district": 1.0,
    "same_city": 0.6,
    "same_region": 0.25,
    "outside": 0.0,
    "unknown": 0.3,
}

#: Factors that turn pay per unit into an estimated monthly amount, so pay
#: quoted in different units can be compared. 21.75 is the statutory average
#: number of working days per month in China; 8 hours a day; a full-time
#: rider or courier delivers about 800 orders a month (~32 a day, 25 days).
#: When both sides quote the same unit the factor cancels out, so like units
#: are compared exactly.
MONTHLY_FACTOR: dict[str, float] = {
    "month": 1.0,
    "day": 21.75,
    "hour": 21.75 * 8,
    "order": 800.0,
}

#: Pay above the posting's maximum: the pay component falls linearly from 1 to
#: 0 as the expectation goes from the maximum to (1 + PAY_TOLERANCE) x maximum.
PAY_TOLERANCE = 0.5
#: Pay component when either side gave no pay.
PAY_UNKNOWN = 0.5

#: Schedule component values (see :func:`schedule_fit`).
SCHEDULE_MATCH = 1.0
SCHEDULE_FLEXIBLE = 0.7
SCHEDULE_UNKNOWN = 0.5
SCHEDULE_MISMATCH = 0.0

# Availability bits (same order as documents.AVAILABILITY).
FULL_TIME = 1
PART_TIME = 2
FLEXIBLE = 4
NIGHTS = 8
WEEKENDS = 16
_BASE = FULL_TIME | PART_TIME | FLEXIBLE


def weights_array(weights: dict[str, float] | None = None):
    """The weights as a float32 array in :data:`COMPONENTS` order."""
    import numpy as np

    w = dict(WEIGHTS)
    if weights:
        unknown = set(weights) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown score components: {sorted(unknown)}")
        w.update(weights)
    return np.array([float(w[c]) for c in COMPONENTS], dtype=np.float32)


def location_score(proximity: str) -> float:
    """Location component for a :func:`matching.regions.proximity` class."""
    return LOCATION_SCORE.get(proximity, LOCATION_SCORE["unknown"])


def monthly(amount: float | None, unit: str | None) -> float:
    """Estimated monthly pay in yuan, or NaN when unknown."""
    if amount is None or unit not in MONTHLY_FACTOR or amount <= 0:
        return math.nan
    return float(amount) * MONTHLY_FACTOR[unit]


def schedule_fit(posting_mask: int, seeker_mask: int) -> float:
    """Schedule component from availability bitmasks (hard parts excluded).

    Nights and weekends are hard constraints and are checked elsewhere; here
    only full time / part time / flexible count: overlap 1.0, either side
    flexible 0.7, either side silent 0.5, otherwise 0.
    """
    p = posting_mask & _BASE
    s = seeker_mask & _BASE
    if p == 0 or s == 0:
        return SCHEDULE_UNKNOWN
    if p & s:
        return SCHEDULE_MATCH
    if (p | s) & FLEXIBLE:
        return SCHEDULE_FLEXIBLE
    return SCHEDULE_MISMATCH


def pay_fit(expected: float, low: float, high: float) -> float:
    """Pay component from monthly estimates (NaN = unknown).

    An expectation at or below the posting's maximum fits (1.0); above it the
    fit falls linearly to 0 at ``(1 + PAY_TOLERANCE) * maximum``. A posting
    with only a minimum is treated as paying up to that minimum.
    """
    if expected != expected:  # NaN
        return PAY_UNKNOWN
    top = high
    if top != top:
        top = low
    if top != top or top <= 0.0:
        return PAY_UNKNOWN
    if expected <= top:
        return 1.0
    over = (expected - top) / top
    fit = 1.0 - over / PAY_TOLERANCE
    if fit < 0.0:
        return 0.0
    return fit
