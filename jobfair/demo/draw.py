"""Small random draws the seeding steps share: weighted picks, phones, names, places, codes, times.

Every function takes the caller's ``random.Random``, so that each step draws
from its own stream and the data stay the same for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from matching import regions

from ..validation import CREDIT_CODE_CHARS, credit_code_check_char
from .names import (
    HAN_GIVEN_FEMALE,
    HAN_GIVEN_MALE,
    HAN_GIVEN_SECOND,
    HAN_SURNAMES,
    MONGOLIAN_NAMES,
    MONGOLIAN_SURNAMES,
)
from .places import LEAGUE_WEIGHTS, URBAN


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of ``weights``, drawn in proportion to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def round_to(value: float, step: int) -> int:
    """``value`` rounded to a multiple of ``step`` (pay is quoted in round numbers)."""
    return int(round(value / step) * step)


class Phones:
    """Unique, valid mainland mobile numbers."""

    PREFIXES = tuple(
        "130 131 132 133 135 136 137 139 150 151 152 153 155 156 157 158 159 166"
        " 173 176 177 180 181 182 183 185 186 187 188 189 191 195 198 147 134".split()
    )

    def __init__(self, rng: random.Random, reserved: Sequence[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(reserved)

    def __call__(self) -> str:
        while True:
            phone = self.rng.choice(self.PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.used:
                self.used.add(phone)
                return phone


def person_name(rng: random.Random) -> str:
    """A name of the region: a quarter Mongolian, the rest Han, two to four characters."""
    roll = rng.random()
    if roll < 0.24:  # Mongolian name without a Han surname
        return rng.choice(MONGOLIAN_NAMES)
    if roll < 0.29:  # Han-style surname in front of a Mongolian name
        names = [n for n in MONGOLIAN_NAMES if len(n) <= 3]
        return rng.choice(MONGOLIAN_SURNAMES) + rng.choice(names)
    surname = rng.choice(HAN_SURNAMES)
    pool = HAN_GIVEN_MALE if rng.random() < 0.62 else HAN_GIVEN_FEMALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    return surname + rng.choice(HAN_GIVEN_SECOND + pool) + rng.choice(pool)


def district(rng: random.Random, league_code: str | None = None) -> str:
    """A county code, mostly an urban one, of ``league_code`` or of a league drawn by population."""
    league = league_code or weighted(rng, LEAGUE_WEIGHTS)
    if rng.random() < 0.8:
        return rng.choice(URBAN[league])
    return rng.choice(regions.counties_in(league)).code


def credit_code(rng: random.Random, district: str) -> str:
    """A unified social credit code "91" + admin code + organisation code + check char.

    The organisation code (9 characters) carries its own GB 11714 check
    digit, as real ones do, and "MA" marks one issued after 2015.
    """
    org_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if rng.random() < 0.6:
        body = "MA" + "".join(rng.choice(org_chars) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    rest = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org_check = {10: "X", 11: "0"}.get(rest, str(rest))
    first17 = "91" + district + body + org_check
    assert all(c in CREDIT_CODE_CHARS for c in first17)
    return first17 + credit_code_check_char(first17)


def spread(start: datetime, end: datetime, steps: int, rng: random.Random) -> list[datetime]:
    """``steps`` increasing times after ``start``, the last no later than ``end``."""
    gaps = [rng.uniform(0.1, 2.5) for _ in range(steps)]
    span = (end - start).total_seconds() / 86400
    total = sum(gaps)
    if total > span * 0.95:
        gaps = [g * span * 0.95 / total for g in gaps]
    times, at = [], start
    for gap in gaps:
        at = at + timedelta(days=gap)
        times.append(at.replace(microsecond=0))
    return times
