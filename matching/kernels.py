"""Compiled ranking loops (numba), with a pure-Python fallback.

One pass over the seeker arrays does, per seeker: the hard constraints
(bitmask tests), the structured components (occupation, location, schedule,
pay), an upper bound of the score, and only when that bound can still enter
the current top-k the text dot product over the seeker's fixed-width term
row. The top-k is a bounded heap, so the result is exact (the same as scoring
every seeker and sorting) while most text products are skipped.

The rankings scan the seekers in blocks of (occupation set, district) and
skip whole blocks by the same kind of bound (see the second half of this
module); the full scan stays for indexes whose districts are not split and
as the tests' brute-force reference.

The text part of every bound is ``w_text * text_max`` (:func:`text_bound`:
the posting's weights times the largest weight each term has in any seeker),
not ``w_text``: a posting whose words no seeker uses reads no text row at
all, and a vague one prunes far more. A posting the blocks still cannot
prune (no occupation, no district: every seeker has nearly the same
structured score) is a scan of most rows; the fit lays rows out in block
order so that scan reads memory front to back, and after
:data:`SERIAL_BUDGET` text products it is handed to every core
(:func:`top_seekers_grouped`).

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

from typing import NamedTuple

import numpy as np

from matching import constraints, scoring

try:  # pragma: no cover - exercised by whichever is installed
    import numba

    def _jit(parallel=False, inline="never"):
        return numba.njit(cache=True, nogil=True, parallel=parallel, inline=inline)

    prange = numba.prange
    HAVE_NUMBA = True

    def num_threads() -> int:
        return numba.get_num_threads()

except ImportError:  # pragma: no cover
    HAVE_NUMBA = False
    prange = range

    def _jit(parallel=False, inline="never"):
        return lambda f: f

    def num_threads() -> int:
        return 1


#: Positions of the components in the weights array (:data:`matching.scoring.COMPONENTS`).
W_TEXT = scoring.COMPONENTS.index("text")
W_OCCUPATION = scoring.COMPONENTS.index("occupation")
W_LOCATION = scoring.COMPONENTS.index("location")
W_SCHEDULE = scoring.COMPONENTS.index("schedule")
W_PAY = scoring.COMPONENTS.index("pay")

#: Slack of every pruning bound: float rounding never skips a row that might
#: enter. Only the pruning is conservative; scores are compared exactly.
TOLERANCE = 1e-5


class Query(NamedTuple):
    """One posting as a scan of seekers sees it.

    ``flags``, ``lic``, ``sched``, ``min_age``: its constraint encodings;
    ``lo``, ``hi``: monthly pay range (NaN unknown); ``year``: for ages;
    ``qd``: dense TF-IDF row (length ``n_features + 1``, the padding id
    reads 0); ``occ_tab``: occupation component per seeker occupation id;
    ``loc_tab``: location component per district id, ``loc_unknown`` without
    one; ``w``: the weights; ``text_max``: the most the text cosine can be for
    any seeker (:func:`text_bound`; 1.0 knows nothing).
    """

    flags: int
    lic: int
    sched: int
    min_age: int
    lo: float
    hi: float
    year: int
    qd: np.ndarray
    n_features: int
    occ_tab: np.ndarray
    loc_tab: np.ndarray
    loc_unknown: float
    w: np.ndarray
    text_max: float


class Filters(NamedTuple):
    """The page's filters: a licence mask (0: none) and districts (``dist_ok`` per id)."""

    lic: int
    dist_ok: np.ndarray
    use_dist: bool


class Seekers(NamedTuple):
    """The seeker columns a scan reads (names of :data:`matching.matcher.SCAN_COLUMNS`)."""

    flags: np.ndarray
    lic: np.ndarray
    avail: np.ndarray
    birth: np.ndarray
    occ: np.ndarray
    dist: np.ndarray
    pay: np.ndarray
    terms: np.ndarray
    weights: np.ndarray


class Hot(NamedTuple):
    """Columns read for every row of a grouped scan, in block order; ``rows``: the row ids."""

    rows: np.ndarray
    flags: np.ndarray
    lic: np.ndarray
    avail: np.ndarray
    birth: np.ndarray
    dist: np.ndarray
    pay: np.ndarray


class Blocks(NamedTuple):
    """Rows in blocks of (occupation set, district), and one posting's visiting order.

    Block ``(g, dd)`` (``dd`` = district id + 1, 0 = no district) holds the
    positions ``bstart[g * nblk + dd] : bstart[g * nblk + dd + 1]``; ``g_order``
    lists groups by descending occupation component ``g_o``, ``d_order`` the
    blocks of a group by descending location component ``block_loc``.
    """

    bstart: np.ndarray
    nblk: int
    g_order: np.ndarray
    g_o: np.ndarray
    d_order: np.ndarray
    block_loc: np.ndarray


class Classes(NamedTuple):
    """Constraint classes (:class:`matching.groups.ConstraintClasses`): facts and counts."""

    flags: np.ndarray
    lic: np.ndarray
    avail: np.ndarray
    birth: np.ndarray
    count: np.ndarray
    n: int


class SeekerQuery(NamedTuple):
    """One seeker as a scan of postings sees it (:func:`top_postings`)."""

    flags: int
    lic: int
    avail: int
    birth: int
    pay: float
    has_dist: bool
    year: int
    qd: np.ndarray
    n_features: int
    occ_row: np.ndarray
    loc_row: np.ndarray
    loc_unknown: float
    w: np.ndarray


class Postings(NamedTuple):
    """The posting columns :func:`top_postings` reads."""

    flags: np.ndarray
    lic: np.ndarray
    sched: np.ndarray
    min_age: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    occ: np.ndarray
    dist: np.ndarray
    terms: np.ndarray
    weights: np.ndarray


class Batch(NamedTuple):
    """Many postings for the fair batch: row ``p`` of every array is posting ``p``."""

    flags: np.ndarray
    lic: np.ndarray
    sched: np.ndarray
    min_age: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    loc_tabs: np.ndarray
    g_orders: np.ndarray
    g_os: np.ndarray
    d_orders: np.ndarray
    block_locs: np.ndarray


_eligible = _jit(inline="always")(constraints.pair_eligible)
_schedule_fit = _jit(inline="always")(scoring.schedule_fit)
_pay_fit = _jit(inline="always")(scoring.pay_fit)


@_jit(inline="always")
def _meets(q, f, flags, lic, avail, birth):
    """A seeker with these facts passes the posting's hard constraints and the licence filter."""
    if not _eligible(flags, lic, avail, birth, q.flags, q.lic, q.sched, q.min_age, q.year):
        return False
    return f.lic == 0 or (lic & f.lic) != 0


@_jit(inline="always")
def _in_districts(f, d):
    """District id ``d`` passes the district filter."""
    return not f.use_dist or (d >= 0 and f.dist_ok[d])


#: No known lower bound of the k-th score (scores are never negative).
NO_FLOOR = -1.0


@_jit(inline="always")
def _can_enter(bound, root, full, floor):
    """A score up to ``bound`` may still enter a heap whose worst entry is ``root``.

    ``full``: the heap is at capacity; ``floor``: a score the k-th best is
    known to reach (another scan's heap root, :data:`NO_FLOOR` when none), so
    a half-filled heap prunes too. Plain numbers, so the hottest loop can use
    it without the cost of passing arrays (see :func:`_scan_block`).
    """
    if bound + TOLERANCE < floor:
        return False
    return not full or bound + TOLERANCE >= root


@_jit(inline="always")
def _may_enter(bound, hs, size, floor):
    """A score up to ``bound`` may still enter the heap (hs, size) of capacity len(hs)."""
    return _can_enter(bound, hs[0], size >= hs.shape[0], floor)


@_jit(inline="always")
def _worse(s1, r1, s2, r2):
    return s1 < s2 or (s1 == s2 and r1 > r2)


@_jit()
def _heap_push(hs, hr, size, s, r):
    """Push (s, r) into a min-heap of capacity len(hs) whose root is the worst."""
    cap = hs.shape[0]
    if size < cap:
        i = size
        hs[i] = s
        hr[i] = r
        while i > 0:
            parent = (i - 1) >> 1
            if _worse(hs[i], hr[i], hs[parent], hr[parent]):
                hs[i], hs[parent] = hs[parent], hs[i]
                hr[i], hr[parent] = hr[parent], hr[i]
                i = parent
            else:
                break
        return size + 1
    if not _worse(hs[0], hr[0], s, r):
        return size
    hs[0] = s
    hr[0] = r
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        child = left
        right = left + 1
        if right < size and _worse(hs[right], hr[right], hs[left], hr[left]):
            child = right
        if _worse(hs[child], hr[child], hs[i], hr[i]):
            hs[i], hs[child] = hs[child], hs[i]
            hr[i], hr[child] = hr[child], hr[i]
            i = child
        else:
            break
    return size


@_jit(inline="always")
def _seeker_occ(q, s, j):
    """Occupation component of seeker row ``j``: best relatedness of its codes."""
    o = 0.0
    for c in range(s.occ.shape[1]):
        code = s.occ[j, c]
        if code >= 0:
            v = q.occ_tab[code]
            if v > o:
                o = v
    return o


@_jit(inline="always")
def _structured(q, wo, d, avail, pay):
    """Weighted structured part of a score (everything but text); ``wo``: weighted occupation."""
    w = q.w
    loc = q.loc_tab[d] if d >= 0 else q.loc_unknown
    return (
        wo
        + w[W_LOCATION] * loc
        + w[W_SCHEDULE] * _schedule_fit(q.sched, avail)
        + w[W_PAY] * _pay_fit(pay, q.lo, q.hi)
    )


@_jit(inline="always")
def _best_rest(q):
    """The most that location, schedule, pay and text together can add to a score."""
    w = q.w
    return w[W_TEXT] * q.text_max + w[W_LOCATION] + w[W_SCHEDULE] + w[W_PAY]


def text_bound(q_terms, q_weights, term_max, n_features) -> float:
    """The most the text cosine of a query row can be with any seeker.

    ``term_max``: the largest weight each term has in any seeker row
    (:func:`term_maxima`); a seeker's weights are at most those, so its dot
    product with the query is at most ``sum(q_weight * term_max)`` (and at most
    1, both rows having unit norm). A query that shares no term with any
    seeker (only punctuation, emoji, unseen words) gets 0, so no text product
    is computed at all; a vague one gets a small bound that prunes rows.
    """
    t = np.asarray(q_terms, np.int64)
    keep = t < n_features
    bound = float(np.dot(np.asarray(q_weights, np.float64)[keep], term_max[t[keep]]))
    return min(1.0, bound)


@_jit()
def term_maxima(terms, weights, n, n_features):
    """The largest weight of every term over seeker rows ``0:n`` (length ``n_features``)."""
    out = np.zeros(n_features, np.float32)
    for j in range(n):
        for m in range(terms.shape[1]):
            tid = terms[j, m]
            if tid >= n_features:
                break
            if weights[j, m] > out[tid]:
                out[tid] = weights[j, m]
    return out


@_jit(inline="always")
def _dot(qd, n_features, terms, weights, j):
    """Text cosine of dense query ``qd`` and seeker row ``j``.

    Every slot is read, padding included (its id reads ``qd[n_features]`` = 0
    and its weight is 0), so the loop has no branch; two partial sums halve
    the chain of dependent additions.
    """
    t0 = 0.0
    t1 = 0.0
    width = terms.shape[1]
    half = width >> 1
    for m in range(half):
        t0 += qd[terms[j, m]] * weights[j, m]
        t1 += qd[terms[j, m + half]] * weights[j, m + half]
    if width & 1:
        t0 += qd[terms[j, width - 1]] * weights[j, width - 1]
    return t0 + t1


@_jit(inline="always")
def _text(qd, n_features, text_max, terms, weights, j):
    """Text cosine of the query and seeker row ``j`` (no read when no seeker shares a term).

    The arrays come as plain locals, read out of their bundles before the
    loop: an array taken from a tuple inside a hot loop costs numba a
    reference count per row (measured: 118 ms instead of 5 for 1M rows).
    """
    if text_max > 0.0:
        return _dot(qd, n_features, terms, weights, j)
    return 0.0


@_jit(inline="always")
def _push(hs, hr, size, s, r):
    """:func:`_heap_push`, with the common "full and not better" case decided inline."""
    if size == hs.shape[0] and not _worse(hs[0], hr[0], s, r):
        return size
    return _heap_push(hs, hr, size, s, r)


@_jit(inline="always")
def _offer_row(q, s, j, hs, hr, size, floor, qd, terms, weights):
    """Score seeker row ``j`` (it passed the filters) into the heap unless it cannot enter.

    ``qd``, ``terms``, ``weights``: ``q.qd``, ``s.terms``, ``s.weights`` as locals (:func:`_text`).
    """
    o = _seeker_occ(q, s, j)
    wo = q.w[W_OCCUPATION] * o
    if not _may_enter(wo + _best_rest(q), hs, size, floor):
        return size  # cannot enter even with perfect place, schedule, pay, text
    base = _structured(q, wo, s.dist[j], s.avail[j], s.pay[j])
    w_text = q.w[W_TEXT]
    if not _may_enter(base + w_text * q.text_max, hs, size, floor):
        return size
    score = np.float32(base + w_text * _text(qd, q.n_features, q.text_max, terms, weights, j))
    return _push(hs, hr, size, score, j)


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
        if not _eligible(sq.flags, sq.lic, sq.avail, sq.birth,
                         f, p.lic[i], p.sched[i], p.min_age[i], sq.year):
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


def merge_chunks(out_s, out_r, sizes, kk):
    """Merge per-chunk heaps into one list sorted by (score desc, row asc)."""
    s_parts = [out_s[c, : sizes[c]] for c in range(len(sizes))]
    r_parts = [out_r[c, : sizes[c]] for c in range(len(sizes))]
    s = np.concatenate(s_parts) if s_parts else np.empty(0, np.float32)
    r = np.concatenate(r_parts) if r_parts else np.empty(0, np.int64)
    order = np.lexsort((r, -s))[:kk]
    return s[order], r[order]


# ----------------------------------------------------------------------------
# Scans over seekers grouped by occupation and district (matching.groups.SeekerGroups)
# ----------------------------------------------------------------------------
#
# Rows are sorted by (set of occupations, district). Every seeker of a group
# has the same occupation component for a posting, and every seeker of a
# block (group x district) the same location component too. A posting visits
# the groups by descending occupation component and, inside a group, the
# blocks by descending location component; the bound ``w_occ * o + w_loc *
# loc + w_schedule + w_pay + w_text`` of a whole block is one comparison, and
# the scan leaves a group (or stops) at the first block (group) that cannot
# reach the current top-k. Inside a block the same per-row bounds as the full
# scan are used, so the result is the same exact top-k, ties broken by row.
# With ``nblk == 1`` the districts are not split (every row in block 0, and
# the block's location value is the best of any district).


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


@_jit()
def sort_groups(rows, s_occ, s_dist, n_codes, nblk, max_blocks):
    """Stable counting sort of ``rows`` by (occupation set, district).

    Returns (sorted rows, occupation key of each group, flat block starts,
    nblk). Rows keep their relative order inside a block. Districts are not
    split (``nblk`` 1) when groups x districts would exceed ``max_blocks``.
    """
    base = n_codes + 1
    slots = s_occ.shape[1]
    n_keys = base ** slots
    n = rows.shape[0]
    keys = np.empty(n, np.int64)
    dd = np.zeros(n, np.int64)
    seen = np.zeros(n_keys, np.int64)
    tmp = np.empty(slots, np.int64)
    for i in range(n):
        j = rows[i]
        if slots == 3:  # a sorting network: no call per row
            x, y, z = s_occ[j, 0] + 1, s_occ[j, 1] + 1, s_occ[j, 2] + 1
            if x > y:
                x, y = y, x
            if y > z:
                y, z = z, y
            if x > y:
                x, y = y, x
            key = (np.int64(x) * base + y) * base + z
        else:
            for c in range(slots):
                tmp[c] = s_occ[j, c] + 1
            tmp.sort()
            key = 0
            for c in range(slots):
                key = key * base + tmp[c]
        keys[i] = key
        seen[key] = 1
        if nblk > 1:
            dd[i] = s_dist[j] + 1
    n_groups = 0
    for k in range(n_keys):
        if seen[k]:
            seen[k] = n_groups
            n_groups += 1
        else:
            seen[k] = -1
    g_keys = np.empty(n_groups, np.int64)
    for k in range(n_keys):
        if seen[k] >= 0:
            g_keys[seen[k]] = k
    if n_groups * nblk > max_blocks:
        nblk = 1
        dd[:] = 0
    n_blocks = n_groups * nblk
    counts = np.zeros(n_blocks + 1, np.int64)
    blk = np.empty(n, np.int64)
    for i in range(n):
        b = seen[keys[i]] * nblk + dd[i]
        blk[i] = b
        counts[b + 1] += 1
    for b in range(n_blocks):
        counts[b + 1] += counts[b]
    bstart = counts.copy()
    out = np.empty(n, np.int64)
    for i in range(n):
        b = blk[i]
        out[counts[b]] = rows[i]
        counts[b] += 1
    return out, g_keys, bstart, nblk


#: Rows of a block a lane of a parallel scan takes in turn.
LANE_ROWS = 1024


@_jit()
def _scan_block(
    a, b, wo, block_bound, h, s, q, f, hs, hr, size, floor, lane, n_lanes, lane_rows, work
):
    """Rows ``a:b`` of one block (weighted occupation ``wo`` for all) into the heap.

    With ``n_lanes`` > 1 only every ``n_lanes``-th run of ``lane_rows``
    rows (:data:`LANE_ROWS`) from ``lane`` on. ``work[0]`` counts the text products computed.

    The hottest loop of the matcher, so written flat: numba charges a
    reference count per row for every array handed to an inlined helper
    (measured at 1M rows: 4 ms flat, 25-75 ms through :func:`_text` and
    :func:`_push`), so the arrays are read out of their bundles once, and the
    text product is :func:`_dot` spelled out (the same slots in the same
    order, so the same float result as every other path; the exactness tests
    compare them).
    """
    w = q.w
    w_text = w[W_TEXT]
    text_max = q.text_max
    text_best = w_text * text_max
    # A first bound per row from a table of the schedule component (by the
    # seeker's full/part/flexible bits) with the best pay: the exact
    # structured part (pay_fit) only for rows that pass it.
    sched_tab = np.empty(8, np.float64)
    for bits in range(8):
        sched_tab[bits] = w[W_SCHEDULE] * _schedule_fit(q.sched, bits)
    rest_best = w[W_PAY] + text_best
    qd, terms, weights = q.qd, s.terms, s.weights
    width = terms.shape[1]
    half = width >> 1
    rows, flags, lic, avail, birth = h.rows, h.flags, h.lic, h.avail, h.birth
    dist, pay = h.dist, h.pay
    cap = hs.shape[0]
    full = size >= cap
    root = hs[0]
    dots = 0
    c = a // lane_rows
    while c * lane_rows < b:
        if n_lanes > 1 and c % n_lanes != lane:
            c += 1
            continue
        lo = max(a, c * lane_rows)
        hi = b if n_lanes == 1 else min(b, (c + 1) * lane_rows)
        nxt = lo
        while nxt < hi:
            ii = nxt
            nxt += 1
            if not _meets(q, f, flags[ii], lic[ii], avail[ii], birth[ii]):
                continue
            d = dist[ii]
            bits = avail[ii] & 7
            wl = w[W_LOCATION] * (q.loc_tab[d] if d >= 0 else q.loc_unknown)
            if not _can_enter(wo + wl + sched_tab[bits] + rest_best, root, full, floor):
                # The rows that follow with the same schedule bits and district
                # cannot enter either (the fit lays them out in such runs).
                while nxt < hi and (avail[nxt] & 7) == bits and dist[nxt] == d:
                    nxt += 1
                continue
            p = pay[ii]
            base = _structured(q, wo, d, avail[ii], p)
            if not _can_enter(base + text_best, root, full, floor):
                # pay_fit never rises with the expected pay: nor can the rows that
                # follow with the same bits and district and at least this pay
                # (a NaN pay compares false and is scored).
                while nxt < hi and (avail[nxt] & 7) == bits and dist[nxt] == d and pay[nxt] >= p:
                    nxt += 1
                continue
            j = np.int64(rows[ii])
            t = 0.0
            if text_max > 0.0:  # _dot
                dots += 1
                t0 = 0.0
                t1 = 0.0
                for m in range(half):
                    t0 += qd[terms[j, m]] * weights[j, m]
                    t1 += qd[terms[j, m + half]] * weights[j, m + half]
                if width & 1:
                    t0 += qd[terms[j, width - 1]] * weights[j, width - 1]
                t = t0 + t1
            score = np.float32(base + w_text * t)
            if full and not _worse(root, hr[0], score, j):
                continue  # full, and not better than the worst entry
            size = _heap_push(hs, hr, size, score, j)
            full = size >= cap
            root = hs[0]
            if not _can_enter(block_bound, root, full, floor):
                work[0] += dots
                return size
        if n_lanes == 1:
            break
        c += 1
    work[0] += dots
    return size


@_jit()
def _scan_groups(bl, h, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, budget, work):
    """Scan the blocks best first into the heap (hs, hr); return its size.

    The district filter (``f.dist_ok`` per district id) needs the districts
    split (``bl.nblk > 1``). With ``budget`` >= 0 the scan gives up once it
    has computed more text products than that (``work[0]``, checked between
    blocks; 0: at once): the caller then scans in parallel instead.
    """
    size = 0
    w = q.w
    best_rest = _best_rest(q)
    rest_but_place = w[W_TEXT] * q.text_max + w[W_SCHEDULE] + w[W_PAY]
    nblk = bl.nblk
    for gi in range(bl.g_order.shape[0]):
        g = bl.g_order[gi]
        o = np.float64(bl.g_o[g])  # the full scan's occupation value is a float64 too
        wo = w[W_OCCUPATION] * o
        if not _may_enter(wo + best_rest, hs, size, floor):
            break  # this group and every later one cannot enter
        for di in range(nblk):
            dd = bl.d_order[di]
            block_bound = wo + w[W_LOCATION] * bl.block_loc[dd] + rest_but_place
            if not _may_enter(block_bound, hs, size, floor):
                break  # this block and the group's later ones cannot enter
            a = bl.bstart[g * nblk + dd]
            b = bl.bstart[g * nblk + dd + 1]
            if a == b:
                continue
            if f.use_dist and (dd == 0 or not f.dist_ok[dd - 1]):
                continue
            if budget >= 0 and work[0] >= budget:
                return size  # (budget 0: before the first block)
            size = _scan_block(
                a, b, wo, block_bound, h, s, q, f, hs, hr, size, floor, lane, n_lanes, lane_rows,
                work,
            )
    return size


@_jit()
def _scan_tail(tail, n_tail, s, q, f, hs, hr, size, floor):
    """The rows of the unsorted tail into the heap, each with its own bounds."""
    qd, terms, weights = q.qd, s.terms, s.weights
    for ii in range(n_tail):
        j = np.int64(tail[ii])
        if not _meets(q, f, s.flags[j], s.lic[j], s.avail[j], s.birth[j]):
            continue
        if not _in_districts(f, s.dist[j]):
            continue
        size = _offer_row(q, s, j, hs, hr, size, floor, qd, terms, weights)
    return size


#: Text products a one-thread scan of one posting may compute (~1 ms) before
#: it gives up and the posting is scanned on every core (:func:`top_seekers_grouped`).
SERIAL_BUDGET = 50_000
#: Threads of that parallel scan (None: numba's thread count).
LANES: int | None = None


def top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, n_lanes=None, budget=None):
    """Exact top ``kk`` eligible seekers of one posting over the grouped rows.

    ``h``: the scanned columns in block order. The tail rows are scanned
    last, each with its own bound. One thread first, which suits most
    postings (a few thousand rows); a posting whose bounds prune little
    (vague text, no occupation, no district: most rows must be read) stops
    after ``budget`` text products (default :data:`SERIAL_BUDGET`) and is
    scanned again by ``n_lanes`` threads (default :data:`LANES`), each taking
    every n-th run of :data:`LANE_ROWS` rows of every block with its own
    heap, pruned from the start by the first scan's k-th score. Returns
    (scores, rows, size), sorted by (score desc, row asc).
    """
    bl, h, s, q, f = tuple(bl), tuple(h), tuple(s), tuple(q), tuple(f)
    budget = SERIAL_BUDGET if budget is None else budget
    hs, hr, size, done = _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, budget)
    lanes = n_lanes or LANES or num_threads()
    if done or lanes < 2:
        if not done:
            hs, hr, size, done = _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, -1)
        order = np.lexsort((hr[:size], -hs[:size]))
        return hs[:size][order], hr[:size][order], size
    floor = float(hs[0]) if size == kk else NO_FLOOR
    out_s, out_r, sizes = _top_seekers_lanes(
        bl, h, tail, n_tail, s, q, f, kk, floor, lanes, LANE_ROWS
    )
    scores, rows = merge_chunks(out_s, out_r, sizes, kk)
    return scores, rows, len(rows)


@_jit()
def _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, budget):
    bl, h, s, q, f = Blocks(*bl), Hot(*h), Seekers(*s), Query(*q), Filters(*f)
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    work = np.zeros(1, np.int64)
    size = _scan_groups(bl, h, s, q, f, hs, hr, NO_FLOOR, 0, 1, LANE_ROWS, budget, work)
    if budget >= 0 and work[0] >= budget:
        return hs, hr, size, False
    size = _scan_tail(tail, n_tail, s, q, f, hs, hr, size, NO_FLOOR)
    return hs, hr, size, True


@_jit()
def _lane(bl, h, tail, n_tail, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows):
    """One lane of :func:`_top_seekers_lanes` (lane 0 also takes the tail)."""
    bl, h, s, q, f = Blocks(*bl), Hot(*h), Seekers(*s), Query(*q), Filters(*f)
    work = np.zeros(1, np.int64)
    size = _scan_groups(bl, h, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, -1, work)
    if lane == 0:
        size = _scan_tail(tail, n_tail, s, q, f, hs, hr, size, floor)
    return size


@_jit(parallel=True)
def _top_seekers_lanes(bl, h, tail, n_tail, s, q, f, kk, floor, n_lanes, lane_rows):
    out_s = np.full((n_lanes, kk), -1.0, dtype=np.float32)
    out_r = np.full((n_lanes, kk), -1, dtype=np.int64)
    sizes = np.zeros(n_lanes, dtype=np.int64)
    for lane in prange(n_lanes):
        sizes[lane] = _lane(bl, h, tail, n_tail, s, q, f, out_s[lane], out_r[lane], floor,
                            lane, n_lanes, lane_rows)
    return out_s, out_r, sizes


def count_in_districts(bstart, nblk, h, tail, n_tail, s, q, f):
    """Eligible seekers of a posting in the districts of ``f`` (blocks, then the tail)."""
    args = (bstart, nblk, tuple(h), tail, n_tail, tuple(s), tuple(q), tuple(f))
    return _count_in_districts(*args)


@_jit()
def _count_in_districts(bstart, nblk, h, tail, n_tail, s, q, f):
    h, s, q, f = Hot(*h), Seekers(*s), Query(*q), Filters(*f)
    total = 0
    n_groups = (bstart.shape[0] - 1) // nblk
    for g in range(n_groups):
        for dd in range(1, nblk):
            if not f.dist_ok[dd - 1]:
                continue
            for ii in range(bstart[g * nblk + dd], bstart[g * nblk + dd + 1]):
                if _meets(q, f, h.flags[ii], h.lic[ii], h.avail[ii], h.birth[ii]):
                    total += 1
    for ii in range(n_tail):
        j = tail[ii]
        if not _in_districts(f, s.dist[j]):
            continue
        if _meets(q, f, s.flags[j], s.lic[j], s.avail[j], s.birth[j]):
            total += 1
    return total


def gather_rows(rows, s):
    """The columns a scan reads for every row, copied in the order of ``rows`` (a :class:`Hot`)."""
    return Hot(*_gather_rows(rows, tuple(s)))


@_jit(parallel=True)
def _gather_rows(rows, s):
    s = Seekers(*s)
    n = rows.shape[0]
    f = np.empty(n, np.uint8)
    lic = np.empty(n, np.uint32)
    av = np.empty(n, np.uint8)
    b = np.empty(n, np.int16)
    d = np.empty(n, np.int32)
    pay = np.empty(n, np.float32)
    for i in prange(n):
        j = rows[i]
        f[i] = s.flags[j]
        lic[i] = s.lic[j]
        av[i] = s.avail[j]
        b[i] = s.birth[j]
        d[i] = s.dist[j]
        pay[i] = s.pay[j]
    return rows, f, lic, av, b, d, pay


def fair_top_grouped(
    bstart, nblk, h, s, batch, n_features, loc_unknown, year, w, term_max, k, n_threads
):
    """Top ``k`` eligible seekers for each posting of ``batch`` over grouped, gathered rows.

    Postings are shared out between threads, each with its own dense query
    buffer. ``term_max``: :func:`term_maxima` of the seekers (for the text
    bound). Returns (scores[posting, k], rows[posting, k], sizes).
    """
    args = (bstart, nblk, tuple(h), tuple(s), tuple(batch), n_features, loc_unknown, year, w)
    return _fair_top_grouped(*args, term_max, k, n_threads)


@_jit(parallel=True)
def _fair_top_grouped(
    bstart, nblk, h, s, batch, n_features, loc_unknown, year, w, term_max, k, n_threads
):
    h, s, batch = Hot(*h), Seekers(*s), Batch(*batch)
    n_post = batch.terms.shape[0]
    out_s = np.full((n_post, k), -1.0, dtype=np.float32)
    out_r = np.full((n_post, k), -1, dtype=np.int64)
    sizes = np.zeros(n_post, dtype=np.int64)
    scratch = np.zeros((n_threads, n_features + 1), dtype=np.float32)
    no_filter = Filters(0, np.zeros(1, np.bool_), False)
    no_occ_tab = np.zeros(1, np.float32)  # the groups carry the occupation component
    for t in prange(n_threads):
        qd = scratch[t]
        for p in range(t, n_post, n_threads):
            text_max = 0.0
            for m in range(batch.terms.shape[1]):
                tid = batch.terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = batch.weights[p, m]
                text_max += np.float64(batch.weights[p, m]) * term_max[tid]
            q = Query(np.int64(batch.flags[p]), np.int64(batch.lic[p]),
                      np.int64(batch.sched[p]), np.int64(batch.min_age[p]),
                      np.float32(batch.lo[p]), np.float32(batch.hi[p]), np.int64(year), qd,
                      np.int64(n_features), no_occ_tab, batch.loc_tabs[p],
                      np.float32(loc_unknown), w, min(1.0, text_max))
            bl = Blocks(bstart, nblk, batch.g_orders[p], batch.g_os[p], batch.d_orders[p],
                        batch.block_locs[p])
            work = np.zeros(1, np.int64)
            sizes[p] = _scan_groups(
                bl, h, s, q, no_filter, out_s[p], out_r[p], NO_FLOOR, 0, 1, LANE_ROWS, -1, work
            )
            for m in range(batch.terms.shape[1]):
                tid = batch.terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = 0.0
    return out_s, out_r, sizes
