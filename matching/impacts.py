"""Which grouped seekers share a term with a posting, and how much text they can score.

A posting whose bounds prune nothing (vague text, no occupation, no district,
no pay or schedule: every seeker has the same structured score) used to
compute the text product of every seeker, ~1M products of 20 terms at 1M
seekers. Most seekers share no term with such a posting (at 1M synthetic
seekers: 81 % for "招聘员工若干…", 93 % for a posting in Latin letters), and
of those who do, only a few hundred can reach its top 200.

:class:`ImpactIndex` is an inverted index over the grouped rows (their
positions in :class:`matching.groups.SeekerGroups` order): for every term, the
positions of the rows that hold it, each with a 4-bit *impact*, the row's
weight of the term rounded up in sixteenths of the term's largest weight at
build time. :func:`text_upper_bounds` adds ``posting weight x impact`` over a
posting's terms into one number per row: never below the row's text product
(0 exactly for a row that shares no term), and close above it. The block scan
then computes the exact product only for rows whose score with that bound
can still enter the top k (:func:`matching.block_scan.top_seekers_grouped`).

Storage, one byte stream per term in position order: per row, a first byte
with the impact in its low 4 bits, the low 3 bits of the gap to the previous
position above it and a continuation bit on top, then 7 bits of the gap per
further byte. 1.39 bytes per (row, term) at 1M synthetic seekers (28 MB),
built in ~0.3 s. Rows written after the build are not in it: they are in the
groups' tail, which every scan reads row by row
(:meth:`matching.groups.SeekerGroups.written` moves a row whose terms change
there).
"""

from __future__ import annotations

import numpy as np

from matching.scan_parts import _jit

__all__ = ["IMPACT_LEVELS", "ImpactIndex", "text_upper_bounds"]

#: Impacts are 1..15 sixteenths of a term's largest weight (0: the term is absent).
IMPACT_LEVELS = 15


class ImpactIndex:
    """Positions and impacts of every term of the grouped rows (see the module).

    ``starts[t]:starts[t + 1]``: term ``t``'s bytes in ``data``; ``df[t]``: its
    rows; ``unit[t]``: the weight of one impact level (its largest weight / 15).
    """

    def __init__(self, perm: np.ndarray, terms: np.ndarray, weights: np.ndarray,
                 n_features: int) -> None:  # fmt: skip
        self.n_features = n_features
        self.n_rows = len(perm)
        self.starts, self.data, self.df, self.unit = _build(perm, terms, weights, n_features)
        self._spare: list[np.ndarray] = []  # zeroed bound arrays, one per concurrent query

    def bounds(self, q_terms: np.ndarray, q_weights: np.ndarray) -> np.ndarray:
        """Each row's text bound for a posting (:func:`text_upper_bounds`); give the
        array back with :meth:`release` (a fresh 4 MB array per query at 1M rows
        costs its page faults, ~0.5 ms)."""
        try:
            out = self._spare.pop()
        except IndexError:
            out = np.zeros(self.n_rows, np.float32)
        text_upper_bounds(self, q_terms, q_weights, out)
        return out

    def release(self, out: np.ndarray) -> None:
        out.fill(0.0)
        self._spare.append(out)

    @property
    def nbytes(self) -> int:
        return self.starts.nbytes + self.data.nbytes + self.df.nbytes + self.unit.nbytes

    def entries(self, q_terms: np.ndarray) -> int:
        """How many (row, term) entries the terms ``q_terms`` read (padding ignored)."""
        known = q_terms[q_terms < self.n_features]
        return int(self.df[known.astype(np.int64)].sum())


def text_upper_bounds(index: ImpactIndex, q_terms, q_weights, out: np.ndarray) -> None:
    """Add each row's text bound for a posting (its term ids and weights) into ``out``.

    ``out``: float32, one per grouped row, zero on entry.
    """
    _accumulate(index.starts, index.data, index.unit, index.n_features, q_terms, q_weights, out)


@_jit()
def _build(perm, terms, weights, n_features):
    n = perm.shape[0]
    width = terms.shape[1]
    top = np.zeros(n_features, np.float32)
    df = np.zeros(n_features, np.int64)
    for i in range(n):
        j = perm[i]
        for m in range(width):
            t = terms[j, m]
            if t < n_features:
                df[t] += 1
                if weights[j, m] > top[t]:
                    top[t] = weights[j, m]
    unit = np.empty(n_features, np.float32)
    for t in range(n_features):
        unit[t] = top[t] / IMPACT_LEVELS
    # pass 1: bytes per term; pass 2: write them
    size = np.zeros(n_features + 1, np.int64)
    last = np.full(n_features, -1, np.int64)
    for i in range(n):
        j = perm[i]
        for m in range(width):
            t = terms[j, m]
            if t < n_features:
                gap = (i - last[t]) >> 3
                last[t] = i
                b = 1
                while gap > 0:
                    b += 1
                    gap >>= 7
                size[t + 1] += b
    for t in range(n_features):
        size[t + 1] += size[t]
    data = np.empty(size[n_features], np.uint8)
    at = size[:n_features].copy()
    last[:] = -1
    for i in range(n):
        j = perm[i]
        for m in range(width):
            t = terms[j, m]
            if t >= n_features:
                continue
            w = weights[j, m]
            level = np.int64(np.ceil(w / unit[t])) if unit[t] > 0 else 0
            if level < 1 and w > 0:
                level = 1
            if level > IMPACT_LEVELS or (level < IMPACT_LEVELS and level * unit[t] < w):
                level = min(IMPACT_LEVELS, level + 1)  # rounding: never below the weight
            gap = i - last[t]
            last[t] = i
            p = at[t]
            rest = gap >> 3
            data[p] = level | ((gap & 7) << 4) | (128 if rest > 0 else 0)
            p += 1
            while rest > 0:
                data[p] = (rest & 127) | (128 if rest >= 128 else 0)
                rest >>= 7
                p += 1
            at[t] = p
    return size, data, df.astype(np.int32), unit


@_jit()
def _accumulate(starts, data, unit, n_features, q_terms, q_weights, out):
    for k in range(q_terms.shape[0]):
        t = q_terms[k]
        if t >= n_features or q_weights[k] <= 0:
            continue
        # a product rounded up in float32, and a margin above it: the bound holds
        # whatever the order the exact product is summed in (TOLERANCE covers the rest)
        step = np.float32(q_weights[k]) * unit[t] * np.float32(1.0 + 1e-5)
        p = starts[t]
        end = starts[t + 1]
        i = -1
        while p < end:
            b = data[p]
            p += 1
            gap = (b >> 4) & 7
            if b & 128:
                shift = 3
                while True:
                    c = data[p]
                    p += 1
                    gap |= np.int64(c & 127) << shift
                    shift += 7
                    if c < 128:
                        break
            i += gap
            out[i] += step * (b & 15)
