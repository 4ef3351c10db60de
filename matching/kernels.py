"""Compiled ranking loops (numba), with a pure-Python fallback: the scans over all
rows here, the block scans in :mod:`matching.block_scan`, their common parts in
:mod:`matching.scan_parts`; every scan is reached as ``kernels.X``.

One pass over the seeker arrays does, per seeker: the hard constraints
(bitmask tests), the structured components (occupation, location, schedule,
pay), an upper bound of the score, and only when that bound can still enter
the current top-k the text dot product over the seeker's fixed-width term
row. The top-k is a bounded heap, so the result is exact (the same as scoring
every seeker and sorting) while most text products are skipped.

The rankings scan the seekers in blocks of (occupation set, district) and
skip whole blocks by the same kind of bound (:mod:`matching.block_scan`);
the full scan stays for indexes whose districts are not split and as the
tests' brute-force reference.

The text part of every bound is ``w_text * text_max`` (:func:`text_bound`:
the posting's weights times the largest weight each term has in any seeker),
not ``w_text``: a posting whose words no seeker uses reads no text row at
all, and a vague one prunes far more. A posting the blocks still cannot
prune (no occupation, no district: every seeker has nearly the same
structured score) is a scan of most rows; the fit lays rows out in block
order so that scan reads memory front to back, and after
:data:`matching.block_scan.SERIAL_BUDGET` text products it is handed to every core
(:func:`top_seekers_grouped`), with each row's own text bound from the impact
index (:mod:`matching.impacts`): the rows that share no term with the posting,
or too little, are passed over without their text product.

The scalar rules are the very functions of :mod:`matching.constraints` and
:mod:`matching.scoring`, compiled here, so a ranked score always equals the
score that :mod:`matching.explain` shows.

Arguments travel in bundles (named tuples, which numba compiles as structs;
they cross into compiled code as plain tuples, which numba types much faster,
and are named again inside):
:class:`Query` is one posting as a scan sees it, :class:`Filters` the page's
filters, :class:`Seekers` the seeker columns, :class:`Hot` the columns copied
in block order, :class:`Blocks` the block layout and a posting's visiting
order. Every bound that prunes a row, a block or a group is compared through
:func:`_may_enter`, with the same :data:`TOLERANCE`.
"""

from __future__ import annotations

import numpy as np

from matching import constraints
from matching.block_scan import (  # noqa: F401 - the scans' one namespace: kernels.X
    count_in_districts,
    fair_top_grouped,
    gather_rows,
    sort_groups,
    top_seekers_grouped,
)
from matching.scan_parts import (  # noqa: F401
    HAVE_NUMBA,
    NO_FLOOR,
    TOLERANCE,
    W_LOCATION,
    W_OCCUPATION,
    W_PAY,
    W_SCHEDULE,
    W_TEXT,
    Batch,
    Blocks,
    Classes,
    Filters,
    Hot,
    Postings,
    Query,
    SeekerQuery,
    Seekers,
    _dot,
    _eligible,
    _heap_push,
    _in_districts,
    _jit,
    _may_enter,
    _meets,
    _offer_row,
    _pay_fit,
    _schedule_fit,
    merge_chunks,
    num_threads,
    prange,
    term_maxima,
    text_bound,
)


def _top_seekers(rows, use_rows, n_total, q, f, s, kk, n_chunks):
    """Top ``kk`` eligible seekers for one posting, per chunk of rows.

    Returns (scores[n_chunks, kk], rows[n_chunks, kk], sizes, eligible counts).
    """
    q, f, s = Query(*q), Filters(*f), Seekers(*s)
    out_s = np.full((n_chunks, kk), -1.0, dtype=np.float32)
    out_r = np.full((n_chunks, kk), -1, dtype=np.int64)
    sizes = np.zeros(n_chunks, dtype=np.int64)
    counts = np.zeros(n_chunks, dtype=np.int64)
    n = rows.shape[0] if use_rows else n_total
    qd, terms, weights = q.qd, s.terms, s.weights
    for c in prange(n_chunks):
        lo = c * n // n_chunks
        hi = (c + 1) * n // n_chunks
        hs = out_s[c]
        hr = out_r[c]
        size = 0
        cnt = 0
        for ii in range(lo, hi):
            j = np.int64(rows[ii]) if use_rows else np.int64(ii)
            if not _meets(q, f, s.flags[j], s.lic[j], s.avail[j], s.birth[j]):
                continue
            if not _in_districts(f, s.dist[j]):
                continue
            cnt += 1
            size = _offer_row(q, s, j, hs, hr, size, NO_FLOOR, qd, terms, weights)
        sizes[c] = size
        counts[c] = cnt
    return out_s, out_r, sizes, counts


_top_seekers_parallel = _jit(parallel=True)(_top_seekers)
_top_seekers_serial = _jit()(_top_seekers)


def top_seekers(rows, use_rows, n_total, q, f, s, kk, n_chunks):
    """Top ``kk`` eligible seekers among ``rows`` (or all ``n_total``), in ``n_chunks`` threads.

    Returns (scores[n_chunks, kk], rows[n_chunks, kk], sizes, eligible counts).
    """
    args = (rows, use_rows, n_total, tuple(q), tuple(f), tuple(s), kk, n_chunks)
    return _top_seekers_parallel(*args)


def top_seekers_serial(rows, use_rows, n_total, q, f, s, kk, n_chunks=1):
    """:func:`top_seekers` without a thread pool: for small indexes (and one chunk) a
    parallel launch costs more than it saves, and on a busy machine waking the
    worker threads can take milliseconds."""
    args = (rows, use_rows, n_total, tuple(q), tuple(f), tuple(s), kk, n_chunks)
    return _top_seekers_serial(*args)


def top_postings(prows, use_rows, n_total, sq, p, kk, require_open):
    """Top ``kk`` open postings whose hard constraints one seeker (``sq``) passes."""
    return _top_postings(prows, use_rows, n_total, tuple(sq), tuple(p), kk, require_open)


@_jit()
def _top_postings(prows, use_rows, n_total, sq, p, kk, require_open):
    sq, p = SeekerQuery(*sq), Postings(*p)
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    size = 0
    w = sq.w
    n = prows.shape[0] if use_rows else n_total
    for ii in range(n):
        i = prows[ii] if use_rows else ii
        f = p.flags[i]
        if (f & constraints.ALIVE) == 0:
            continue
        if require_open and (f & constraints.OPEN) == 0:
            continue
        if not _eligible(
            sq.flags, sq.lic, sq.avail, sq.birth, f, p.lic[i], p.sched[i], p.min_age[i], sq.year
        ):
            continue
        code = p.occ[i]
        o = sq.occ_row[code] if code >= 0 else 0.0
        d = p.dist[i]
        loc = sq.loc_row[d] if (d >= 0 and sq.has_dist) else sq.loc_unknown
        sch = _schedule_fit(p.sched[i], sq.avail)
        pay = _pay_fit(sq.pay, p.lo[i], p.hi[i])
        base = w[W_OCCUPATION] * o + w[W_LOCATION] * loc + w[W_SCHEDULE] * sch + w[W_PAY] * pay
        if not _may_enter(base + w[W_TEXT], hs, size, NO_FLOOR):
            continue
        score = np.float32(base + w[W_TEXT] * _dot(sq.qd, sq.n_features, p.terms, p.weights, i))
        size = _heap_push(hs, hr, size, score, i)
    return hs, hr, size


def count_classes(c, q, f):
    """Eligible seekers of a posting, summed over constraint classes ``c``."""
    return _count_classes(tuple(c), tuple(q), tuple(f))


@_jit()
def _count_classes(c, q, f):
    c, q, f = Classes(*c), Query(*q), Filters(*f)
    total = 0
    for i in range(c.n):
        if c.count[i] != 0 and _meets(q, f, c.flags[i], c.lic[i], c.avail[i], c.birth[i]):
            total += c.count[i]
    return total
