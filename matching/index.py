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

    def get_many(self, doc_ids) -> np.ndarray:
        """Rows of the known ids among ``doc_ids``, in their order (unknown ids dropped)."""
        if isinstance(doc_ids, range):
            ids = np.arange(doc_ids.start, doc_ids.stop, doc_ids.step, dtype=np.int64)
        elif isinstance(doc_ids, (np.ndarray, list, tuple)):
            ids = np.asarray(doc_ids)
            if ids.dtype.kind not in "iu" or ids.ndim != 1:
                ids = np.array([int(i) for i in np.ravel(ids).tolist()], dtype=np.int64)
        else:
            ids = np.fromiter((int(i) for i in doc_ids), dtype=np.int64)
        ids = ids.astype(np.int64, copy=False)
        rows = np.full(len(ids), -1, dtype=np.int64)
        direct = (ids >= 0) & (ids < len(self.direct))
        rows[direct] = self.direct[ids[direct]]
        if self.extra:
            for i in np.flatnonzero(rows < 0).tolist():
                rows[i] = self.extra.get(int(ids[i]), -1)
        return rows[rows >= 0]

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


# ----------------------------------------------------------------------------
# Seekers grouped by occupation, and counts per constraint class
# ----------------------------------------------------------------------------

_OCC_SLOTS = 3


def occupation_keys(occ: np.ndarray, n_codes: int) -> np.ndarray:
    """One integer per row for the *set* of its occupation ids (order and -1 padding ignored)."""
    occ = np.sort(np.asarray(occ, dtype=np.int32), axis=1) + 1  # -1 (none) -> 0, first
    base = n_codes + 1
    key = np.zeros(len(occ), dtype=np.int32)
    for c in range(occ.shape[1]):
        key = key * base + occ[:, c]
    return key


def decode_keys(keys: np.ndarray, n_codes: int, slots: int = _OCC_SLOTS) -> np.ndarray:
    """Occupation ids (-1 padded) of group keys made by :func:`occupation_keys`."""
    base = n_codes + 1
    keys = np.asarray(keys, dtype=np.int64).copy()
    out = np.empty((len(keys), slots), dtype=np.int16)
    for c in range(slots - 1, -1, -1):
        out[:, c] = keys % base - 1
        keys //= base
    return out


def class_keys(flags, lic, avail, birth) -> np.ndarray:
    """One integer per seeker for everything the hard constraints look at."""
    from matching.constraints import NIGHTS, WEEKENDS

    return (
        np.asarray(flags, np.int64)
        | ((np.asarray(avail, np.int64) & (NIGHTS | WEEKENDS)) << 8)
        | ((np.asarray(birth, np.int64) & 0xFFFF) << 16)
        | (np.asarray(lic, np.int64) << 32)
    )


class ConstraintClasses:
    """How many live seekers share each combination of constraint facts.

    A posting's exact count of eligible seekers is then a sum over a few
    thousand classes instead of a scan over every seeker. Kept up to date by
    :meth:`add` / :meth:`discard` on every change.
    """

    def __init__(self, flags, lic, avail, birth) -> None:
        keys = class_keys(flags, lic, avail, birth)
        uniq, counts = np.unique(keys, return_counts=True)
        self.index: dict[int, int] = {int(k): i for i, k in enumerate(uniq.tolist())}
        n = len(uniq)
        cap = max(64, n + n // 4)
        self.flags = np.zeros(cap, np.uint8)
        self.avail = np.zeros(cap, np.uint8)
        self.birth = np.zeros(cap, np.int16)
        self.lic = np.zeros(cap, np.uint32)
        self.count = np.zeros(cap, np.int64)
        self.n = n
        self.flags[:n] = uniq & 0xFF
        self.avail[:n] = (uniq >> 8) & 0xFF
        self.birth[:n] = ((uniq >> 16) & 0xFFFF).astype(np.uint16).view(np.int16)
        self.lic[:n] = (uniq >> 32) & 0xFFFFFFFF
        self.count[:n] = counts

    def _class(self, key: int) -> int:
        i = self.index.get(key)
        if i is not None:
            return i
        if self.n == len(self.count):
            for name in ("flags", "avail", "birth", "lic", "count"):
                old = getattr(self, name)
                grown = np.zeros(len(old) * 2, old.dtype)
                grown[: len(old)] = old
                setattr(self, name, grown)
        i = self.n
        self.n += 1
        self.index[key] = i
        self.flags[i] = key & 0xFF
        self.avail[i] = (key >> 8) & 0xFF
        self.birth[i] = np.uint16((key >> 16) & 0xFFFF).view(np.int16)
        self.lic[i] = (key >> 32) & 0xFFFFFFFF
        return i

    def add(self, flags, lic, avail, birth, delta: int = 1) -> None:
        from matching.constraints import NIGHTS, WEEKENDS

        key = (int(flags) | ((int(avail) & (NIGHTS | WEEKENDS)) << 8)
               | ((int(birth) & 0xFFFF) << 16) | (int(lic) << 32))
        i = self._class(key)  # may grow the arrays: index self.count only after
        self.count[i] += delta

    def discard(self, flags, lic, avail, birth) -> None:
        self.add(flags, lic, avail, birth, -1)


#: Groups x districts above this: districts are not split into blocks.
MAX_BLOCKS = 1 << 22
#: The seeker columns a scan reads for every row, copied in group order.
HOT_COLUMNS = ("flags", "lic", "avail", "birth", "dist", "pay")


class SeekerGroups:
    """Live seeker rows grouped by their set of occupation ids, for pruned scans.

    ``perm`` lists rows group by group and, inside a group, district by
    district (a block), ascending inside a block; ``hot`` holds
    a copy of the columns a scan reads for every row (:data:`HOT_COLUMNS`) in
    the same order, so a group is scanned contiguously; the text rows are read
    only for the few seekers whose bound can still enter the top-k. A row that
    leaves its group (removed, or its occupations changed) keeps its place
    with its flags cleared, so it is never eligible there. Rows added or
    changed after the last build go to a small unsorted ``tail`` that every
    scan visits row by row. At any time every live row is either in the tail
    or in the group of its current occupations with a current hot copy;
    :meth:`matching.matcher.Matcher._index_seekers` rebuilds from the arrays at
    fit, load, and when the tail grows large.
    """

    def __init__(self, cols: dict, n: int, live: np.ndarray, n_codes: int,
                 n_districts: int) -> None:
        from matching import kernels

        self.n_codes = n_codes
        rows = np.flatnonzero(live).astype(np.int64)
        perm, keys, self.bstart, self.nblk = kernels.sort_groups(
            rows, cols["occ"], cols["dist"], n_codes, n_districts + 1, MAX_BLOCKS
        )
        del rows
        self.perm = perm.astype(np.int32)
        del perm
        self.hot = {name: cols[name][self.perm] for name in HOT_COLUMNS}
        self.keys = keys
        self.key_index = {int(k): g for g, k in enumerate(keys.tolist())}
        self.codes = decode_keys(keys, n_codes)
        self.tail = np.empty(256, np.int32)
        self.n_tail = 0
        self.in_tail: set[int] = set()
        self.n_main = len(self.perm)

    def key_of(self, occ_row) -> int:
        base = self.n_codes + 1
        key = 0
        for c in sorted(int(x) + 1 for x in occ_row):
            key = key * base + c
        return key

    def _position(self, row: int, key: int, dist: int) -> int:
        g = self.key_index.get(key)
        dd = int(dist) + 1 if self.nblk > 1 else 0
        if g is None or dd >= self.nblk:
            return -1
        b0 = g * self.nblk + dd
        a, b = int(self.bstart[b0]), int(self.bstart[b0 + 1])
        i = a + int(np.searchsorted(self.perm[a:b], row))
        return i if i < b and self.perm[i] == row else -1

    def _to_tail(self, row: int) -> None:
        if row in self.in_tail:
            return
        if self.n_tail == len(self.tail):
            grown = np.empty(len(self.tail) * 2, np.int32)
            grown[: self.n_tail] = self.tail[: self.n_tail]
            self.tail = grown
        self.tail[self.n_tail] = row
        self.n_tail += 1
        self.in_tail.add(row)

    def written(self, row: int, old_key: int | None, old_dist: int, cols: dict) -> None:
        """Row ``row`` was just (re)written with a live seeker.

        ``old_key``, ``old_dist``: :meth:`key_of` its occupations and its
        district before; ``old_key`` None if the row held no live seeker.
        """
        if row in self.in_tail:
            return
        if old_key is not None:
            i = self._position(row, old_key, old_dist)
            if i >= 0:
                same_block = self.nblk == 1 or int(cols["dist"][row]) == int(old_dist)
                if same_block and old_key == self.key_of(cols["occ"][row]):
                    for name, arr in self.hot.items():
                        arr[i] = cols[name][row]
                    return
                self.hot["flags"][i] = 0  # left the group
        self._to_tail(row)

    def removed(self, row: int, old_occ, old_dist: int) -> None:
        if row not in self.in_tail:
            i = self._position(row, self.key_of(old_occ), old_dist)
            if i >= 0:
                self.hot["flags"][i] = 0

    def tail_rows(self) -> np.ndarray:
        return self.tail[: self.n_tail]

    def needs_rebuild(self) -> bool:
        return self.n_tail > max(4096, self.n_main // 16)
