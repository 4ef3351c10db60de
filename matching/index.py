"""Columnar storage of seekers and postings: numpy arrays, one row per document.

A million seekers are a handful of flat arrays (flags, licence bits,
availability bits, birth year, occupation ids, district id, monthly pay) plus
a fixed-width row of their strongest TF-IDF terms, so the fitted index of a
million profiles stays in a few hundred megabytes and a compiled loop can scan
it. Rows are updated in place; a removed row is marked dead and reused.
"""

from __future__ import annotations

import numpy as np

from matching import regions, scoring, taxonomy

__all__ = ["DistrictTable", "OccupationTable", "IdMap", "Columns"]

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

    def ids(self, codes, limit: int = 3) -> list[int]:
        out: list[int] = []
        for c in codes:
            i = self.index.get(c)
            if i is not None and i not in out:
                out.append(i)
                if len(out) == limit:
                    break
        return out


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


class IdMap:
    """Document id -> row. A flat array for the usual dense ids, a dict otherwise."""

    def __init__(self) -> None:
        self.direct = np.full(1024, -1, dtype=np.int32)
        self.extra: dict[int, int] = {}

    def _direct_ok(self, doc_id: int) -> bool:
        return 0 <= doc_id < max(1 << 16, 8 * len(self.direct)) and doc_id < (1 << 31)

    def get(self, doc_id: int) -> int:
        if 0 <= doc_id < len(self.direct):
            r = int(self.direct[doc_id])
            if r >= 0:
                return r
        return self.extra.get(doc_id, -1)

    def set(self, doc_id: int, row: int) -> None:
        if 0 <= doc_id < len(self.direct):
            self.direct[doc_id] = row
        elif self._direct_ok(doc_id):
            size = len(self.direct)
            while size <= doc_id:
                size *= 2
            grown = np.full(size, -1, dtype=np.int32)
            grown[: len(self.direct)] = self.direct
            self.direct = grown
            self.direct[doc_id] = row
        else:
            self.extra[doc_id] = row

    def set_many(self, ids: np.ndarray, rows: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return
        ok = (ids >= 0) & (ids < (1 << 31)) & (ids < max(1 << 16, 8 * (len(ids) + 1024)))
        if ok.any():
            top = int(ids[ok].max())
            if top >= len(self.direct):
                size = len(self.direct)
                while size <= top:
                    size *= 2
                grown = np.full(size, -1, dtype=np.int32)
                grown[: len(self.direct)] = self.direct
                self.direct = grown
            self.direct[ids[ok]] = rows[ok]
        for i, r in zip(ids[~ok].tolist(), rows[~ok].tolist(), strict=True):
            self.extra[i] = r

    def delete(self, doc_id: int) -> None:
        if 0 <= doc_id < len(self.direct):
            self.direct[doc_id] = -1
        self.extra.pop(doc_id, None)


class Columns:
    """Growable named arrays sharing one row count; rows are reused after removal."""

    def __init__(self, spec: dict[str, tuple[tuple[int, ...], type, object]], capacity: int = 0):
        self.spec = spec
        self.n = 0  # rows in use (dead rows included), high-water mark
        self.free: list[int] = []
        self.arrays: dict[str, np.ndarray] = {}
        cap = max(16, capacity)
        for name, (shape, dtype, fill) in spec.items():
            self.arrays[name] = np.full((cap, *shape), fill, dtype=dtype)

    @property
    def capacity(self) -> int:
        return len(next(iter(self.arrays.values())))

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["arrays"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def reserve(self, n: int) -> None:
        if n <= self.capacity:
            return
        cap = max(n, int(self.capacity * 1.5) + 16)
        for name, (shape, dtype, fill) in self.spec.items():
            grown = np.full((cap, *shape), fill, dtype=dtype)
            grown[: self.n] = self.arrays[name][: self.n]
            self.arrays[name] = grown

    def new_row(self) -> int:
        if self.free:
            return self.free.pop()
        self.reserve(self.n + 1)
        self.n += 1
        return self.n - 1

    def clear_row(self, row: int) -> None:
        for name, (_shape, _dtype, fill) in self.spec.items():
            self.arrays[name][row] = fill
        self.free.append(row)
