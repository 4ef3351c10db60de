"""Seekers grouped for pruned scans, and counts per constraint class.

:class:`SeekerGroups` keeps the live seeker rows in blocks of (occupation
set, district), so a ranking visits the best blocks first and skips the rest
(:mod:`matching.kernels`); :class:`ConstraintClasses` counts the seekers that
share each combination of constraint facts, so a posting's number of eligible
seekers is a sum over a few thousand classes.
"""

from __future__ import annotations

import numpy as np

from matching import kernels
from matching.constraints import NIGHTS, WEEKENDS
from matching.encoding import OCCUPATION_SLOTS

__all__ = [
    "MAX_BLOCKS",
    "SeekerGroups",
    "ConstraintClasses",
    "decode_keys",
    "group_occupation_values",
    "block_location_values",
]


def decode_keys(keys: np.ndarray, n_codes: int, slots: int = OCCUPATION_SLOTS) -> np.ndarray:
    """Occupation ids (-1 padded) of group keys (:func:`matching.kernels.sort_groups`).

    A key is the sorted occupation ids plus one, as digits in base ``n_codes + 1``:

    >>> decode_keys(np.array([0 * 16 + 2 * 4 + 3]), n_codes=3)
    array([[-1,  1,  2]], dtype=int16)
    """
    base = n_codes + 1
    keys = np.asarray(keys, dtype=np.int64).copy()
    out = np.empty((len(keys), slots), dtype=np.int16)
    for c in range(slots - 1, -1, -1):
        out[:, c] = keys % base - 1
        keys //= base
    return out


def class_keys(flags, lic, avail, birth) -> np.ndarray:
    """One integer per seeker for everything the hard constraints look at."""
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
        key = (
            int(flags)
            | ((int(avail) & (NIGHTS | WEEKENDS)) << 8)
            | ((int(birth) & 0xFFFF) << 16)
            | (int(lic) << 32)
        )
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

    def __init__(
        self, cols: dict, n: int, live: np.ndarray, n_codes: int, n_districts: int
    ) -> None:
        self.n_codes = n_codes
        rows = np.flatnonzero(live).astype(np.int64)
        perm, keys, self.bstart, self.nblk = kernels.sort_groups(
            rows, cols["occ"], cols["dist"], n_codes, n_districts + 1, MAX_BLOCKS
        )
        del rows
        self.perm = perm.astype(np.int32)
        del perm
        self.hot = {name: cols[name][self.perm] for name in HOT_COLUMNS}
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

    def written(
        self, row: int, old_key: int | None, old_dist: int, cols: dict, text_changed: bool = True
    ) -> None:
        """Row ``row`` was just (re)written with a live seeker.

        ``old_key``, ``old_dist``: :meth:`key_of` its occupations and its
        district before; ``old_key`` None if the row held no live seeker.
        ``text_changed``: its terms or weights changed, so it leaves the
        impact index built with the groups (:mod:`matching.impacts`) for the
        tail, as a row that changes block does.
        """
        if row in self.in_tail:
            return
        if old_key is not None:
            i = self._position(row, old_key, old_dist)
            if i >= 0:
                same_block = self.nblk == 1 or int(cols["dist"][row]) == int(old_dist)
                same_block = same_block and old_key == self.key_of(cols["occ"][row])
                if same_block and not text_changed:
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

    def needs_rebuild(self) -> bool:
        return self.n_tail > max(4096, self.n_main // 16)


def group_occupation_values(occ_tabs: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Occupation component of each group (columns) for each posting's table (rows, float32).

    ``codes``: the occupation ids of each group (:func:`decode_keys`).
    """
    vals = np.where(codes[None, :, :] >= 0, occ_tabs[:, np.maximum(codes, 0)], 0.0)
    return np.maximum(vals.max(axis=2, initial=0.0), 0.0).astype(np.float32)


def block_location_values(loc_tabs: np.ndarray, nblk: int, unknown) -> np.ndarray:
    """Location component of each district block (0: no district) for each posting."""
    out = np.empty((len(loc_tabs), nblk), np.float32)
    if nblk == 1:  # districts not split: the best any row can have
        out[:, 0] = np.maximum(loc_tabs.max(axis=1), unknown)
    else:
        out[:, 0] = unknown
        out[:, 1:] = loc_tabs[:, : nblk - 1]
    return out
