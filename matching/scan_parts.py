"""What every compiled ranking scan is made of (numba, with a pure-Python fallback).

The argument bundles (named tuples that numba compiles as structs; they cross
into compiled code as plain tuples, which numba types much faster, and are
named again inside), the positions of the weights, the bounded top-k heap,
and the per-row steps: the hard constraints, the structured components, the
text bound and product, and :func:`_may_enter`, through which every bound
that prunes a row, a block or a group is compared with the same
:data:`TOLERANCE`. The scans themselves are in :mod:`matching.kernels` (over
all rows) and :mod:`matching.block_scan` (over blocks of seekers).
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


def merge_chunks(out_s, out_r, sizes, kk):
    """Merge per-chunk heaps into one list sorted by (score desc, row asc)."""
    s_parts = [out_s[c, : sizes[c]] for c in range(len(sizes))]
    r_parts = [out_r[c, : sizes[c]] for c in range(len(sizes))]
    s = np.concatenate(s_parts) if s_parts else np.empty(0, np.float32)
    r = np.concatenate(r_parts) if r_parts else np.empty(0, np.int64)
    order = np.lexsort((r, -s))[:kk]
    return s[order], r[order]
