"""Lookup tables of the index: occupation codes and district codes as small integers.

:class:`OccupationTable` numbers the taxonomy's occupations and holds how
related each pair is; :class:`DistrictTable` numbers every district code seen
so far and holds the proximity class of each pair, from
:func:`matching.regions.proximity` itself, so the index and the reference data
agree by construction.
"""

from __future__ import annotations

import numpy as np

from matching import regions, scoring, taxonomy

__all__ = ["OccupationTable", "DistrictTable"]

_PROX_INDEX = {name: i for i, name in enumerate(scoring.PROXIMITY_CLASSES)}


class OccupationTable:
    """Occupation codes of the taxonomy as small integers, and their relatedness."""

    def __init__(self) -> None:
        self.codes = tuple(o.code for o in taxonomy.OCCUPATIONS)
        self.index = {c: i for i, c in enumerate(self.codes)}
        n = len(self.codes)
        rel = np.zeros((n, n), dtype=np.float32)
        for a, ca in enumerate(self.codes):
            for b, cb in enumerate(self.codes):
                rel[a, b] = taxonomy.related(ca, cb)
        self.related = rel  # related[posting_code, seeker_code]


class DistrictTable:
    """Every district code seen so far, and the proximity class of each pair.

    The classes come from :func:`matching.regions.proximity` itself, so the
    index and the reference data agree by construction.
    """

    def __init__(self, codes=()) -> None:
        self.codes: list[str] = []
        self.index: dict[str, int] = {}
        self.prox = np.zeros((0, 0), dtype=np.int8)
        for c in codes:
            self.add(c)

    def add(self, code: str | None) -> int:
        if not code:
            return -1
        code = str(code)
        i = self.index.get(code)
        if i is not None:
            return i
        i = len(self.codes)
        self.codes.append(code)
        self.index[code] = i
        n = i + 1
        prox = np.zeros((n, n), dtype=np.int8)
        prox[:i, :i] = self.prox
        for j, other in enumerate(self.codes):
            cls = _PROX_INDEX[regions.proximity(code, other)]
            prox[i, j] = cls
            prox[j, i] = _PROX_INDEX[regions.proximity(other, code)]
        self.prox = prox
        return i

    def location_values(self, d: int) -> np.ndarray:
        """Location component of every known district for a posting in ``d``."""
        values = np.array(
            [scoring.LOCATION_SCORE[c] for c in scoring.PROXIMITY_CLASSES], dtype=np.float32
        )
        if d < 0:
            return np.full(max(1, len(self.codes)), scoring.LOCATION_SCORE["unknown"], np.float32)
        out = values[self.prox[d]]
        return out if len(out) else np.zeros(1, np.float32)

    def within(self, code: str) -> np.ndarray:
        """Mask of known districts that lie in ``code`` (a district or a league)."""
        code = str(code)
        league = regions.league_of(code)
        is_league = league is not None and league.code == code
        out = np.zeros(max(1, len(self.codes)), dtype=np.bool_)
        for i, c in enumerate(self.codes):
            if c == code:
                out[i] = True
            elif is_league:
                lc = regions.league_of(c)
                out[i] = lc is not None and lc.code == code
        return out
