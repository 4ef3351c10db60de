"""Compiled scans over seekers grouped by occupation and district
(:class:`matching.groups.SeekerGroups`), skipping whole groups and blocks by
their bounds; a posting nothing prunes is handed to every core.
"""

from __future__ import annotations

import numpy as np

from matching.scan_parts import (
    NO_FLOOR,
    W_LOCATION,
    W_OCCUPATION,
    W_PAY,
    W_SCHEDULE,
    W_TEXT,
    Batch,
    Blocks,
    Filters,
    Hot,
    Query,
    Seekers,
    _best_rest,
    _can_enter,
    _eligible,
    _heap_push,
    _in_districts,
    _jit,
    _may_enter,
    _meets,
    _offer_row,
    _pay_fit,
    _schedule_fit,
    _worse,
    merge_chunks,
    num_threads,
    prange,
)

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


@_jit()
def sort_groups(rows, s_occ, s_dist, n_codes, nblk, max_blocks):
    """Stable counting sort of ``rows`` by (occupation set, district).

    Returns (sorted rows, occupation key of each group, flat block starts,
    nblk). Rows keep their relative order inside a block. Districts are not
    split (``nblk`` 1) when groups x districts would exceed ``max_blocks``.
    """
    base = n_codes + 1
    slots = s_occ.shape[1]
    n_keys = base**slots
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
    a, b, wo, block_bound, h, s, q, f, hs, hr, size, floor, lane, n_lanes, lane_rows, work, ub
):
    """Rows ``a:b`` of one block (weighted occupation ``wo`` for all) into the heap.

    ``ub``: empty, or a bound of every row's text product by position
    (:func:`matching.impacts.text_upper_bounds`; 0: the row shares no term), used
    instead of the posting's one bound for all rows.

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
    # The posting's scalars read out once: an inlined helper handed the bundle
    # (q, f) would charge the reference counts of its arrays on every row.
    q_flags, q_lic, q_sched, q_min_age, q_year = q.flags, q.lic, q.sched, q.min_age, q.year
    f_lic = f.lic
    q_lo, q_hi = q.lo, q.hi
    loc_tab, loc_unknown = q.loc_tab, q.loc_unknown
    w_loc, w_pay = w[W_LOCATION], w[W_PAY]
    use_ub = ub.shape[0] > 0
    u = 0.0
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
            d = dist[ii]
            bits = avail[ii] & 7
            wl = w_loc * (loc_tab[d] if d >= 0 else loc_unknown)
            if use_ub:
                u = ub[ii]
                row_text = w_text * u
                rest = w_pay + row_text
            else:
                row_text = text_best
                rest = rest_best
            if not _can_enter(wo + wl + sched_tab[bits] + rest, root, full, floor):
                # The rows that follow with the same schedule bits and district (and
                # no more text) cannot enter either (the fit lays them out in such
                # runs), whether they are eligible or not.
                while (
                    nxt < hi
                    and (avail[nxt] & 7) == bits
                    and dist[nxt] == d
                    and (not use_ub or ub[nxt] <= u)
                ):
                    nxt += 1
                continue
            row_lic = lic[ii]
            if not _eligible(
                flags[ii], row_lic, avail[ii], birth[ii], q_flags, q_lic, q_sched, q_min_age, q_year
            ):
                continue
            if f_lic != 0 and (row_lic & f_lic) == 0:
                continue
            p = pay[ii]
            # _structured, term by term in its order (the same float result)
            base = wo + wl + sched_tab[bits] + w_pay * _pay_fit(p, q_lo, q_hi)
            if not _can_enter(base + row_text, root, full, floor):
                # pay_fit never rises with the expected pay: nor can the rows that
                # follow with the same bits and district and at least this pay
                # (a NaN pay compares false and is scored), and no more text.
                while (
                    nxt < hi
                    and (avail[nxt] & 7) == bits
                    and dist[nxt] == d
                    and pay[nxt] >= p
                    and (not use_ub or ub[nxt] <= u)
                ):
                    nxt += 1
                continue
            j = np.int64(rows[ii])
            t = 0.0
            if text_max > 0.0 and (not use_ub or u > 0.0):  # _dot (0: no shared term)
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
                # Full, and not better than the worst entry. Without text (words no
                # seeker uses) the rows that follow with the same bits and district,
                # at least this pay and a higher row score no more and lose the tie:
                # a posting of punctuation does not score every seeker of a block.
                if text_max == 0.0:
                    while (
                        nxt < hi
                        and (avail[nxt] & 7) == bits
                        and dist[nxt] == d
                        and pay[nxt] >= p
                        and rows[nxt] > j
                    ):
                        nxt += 1
                continue
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
def _scan_groups(bl, h, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, budget, work, ub):
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
                a,
                b,
                wo,
                block_bound,
                h,
                s,
                q,
                f,
                hs,
                hr,
                size,
                floor,
                lane,
                n_lanes,
                lane_rows,
                work,
                ub,
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


#: Text products a one-thread scan of one posting may compute (~0.1 ms) before
#: it gives up and the posting is scanned on every core (:func:`top_seekers_grouped`).
#: Small: a posting that prunes well needs a few thousand; one that does not is
#: better on every core at once (at 1M, vague postings 10-40 % faster than with
#: 50,000, bench/README.md), and a page on one core leaves the other to other requests.
SERIAL_BUDGET = 5_000
#: Threads of that parallel scan (None: numba's thread count).
LANES: int | None = None


#: The fallback bounds each row's text from the impact index (:mod:`matching.impacts`)
#: when the posting's terms read at most this many list entries per grouped row:
#: reading them costs ~4 ns an entry, a row's text product ~16 ns on one core, and a
#: posting with more entries shares terms with most rows (nothing to pass over).
IMPACT_ENTRIES_PER_ROW = 0.6
#: False: the fallback bounds every row by the posting's one text bound (tests compare).
USE_IMPACTS = True


def row_text_bounds(text, text_max: float) -> np.ndarray:
    """Each grouped row's text bound for the fallback scan, or an empty array for none.

    ``text``: (:class:`matching.impacts.ImpactIndex`, posting term ids, posting
    weights), or None.
    """
    if text is None or not USE_IMPACTS or text_max <= 0.0:
        return np.zeros(0, np.float32)
    index, q_terms, q_weights = text
    if index.n_rows == 0 or index.entries(q_terms) > IMPACT_ENTRIES_PER_ROW * index.n_rows:
        return np.zeros(0, np.float32)
    return index.bounds(q_terms, q_weights)


def top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, n_lanes=None, budget=None, text=None):
    """Exact top ``kk`` eligible seekers of one posting over the grouped rows.

    ``h``: the scanned columns in block order. The tail rows are scanned
    last, each with its own bound. One thread first, which suits most
    postings (a few thousand rows); a posting whose bounds prune little
    (vague text, no occupation, no district: most rows must be read) stops
    after ``budget`` text products (default :data:`SERIAL_BUDGET`) and is
    scanned again by ``n_lanes`` threads (default :data:`LANES`), each taking
    every n-th run of :data:`LANE_ROWS` rows of every block with its own
    heap, pruned from the start by the first scan's k-th score. That scan
    bounds each row's text from ``text`` (:func:`row_text_bounds`) when it can:
    a row that shares no term with the posting, or too little, is passed over
    without its text product. Returns (scores, rows, size), sorted by (score
    desc, row asc).
    """
    text_max = float(q.text_max)
    bl, h, s, q, f = tuple(bl), tuple(h), tuple(s), tuple(q), tuple(f)
    budget = SERIAL_BUDGET if budget is None else budget
    none = np.zeros(0, np.float32)
    hs, hr, size, done = _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, budget, none)
    if not done:
        ub = row_text_bounds(text, text_max)
        try:
            lanes = n_lanes or LANES or num_threads()
            if lanes >= 2:
                floor = float(hs[0]) if size == kk else NO_FLOOR
                out_s, out_r, sizes = _top_seekers_lanes(
                    bl, h, tail, n_tail, s, q, f, kk, floor, lanes, LANE_ROWS, ub
                )
                scores, rows = merge_chunks(out_s, out_r, sizes, kk)
                return scores, rows, len(rows)
            hs, hr, size, done = _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, -1, ub)
        finally:
            if ub.shape[0]:
                text[0].release(ub)
    order = np.lexsort((hr[:size], -hs[:size]))
    return hs[:size][order], hr[:size][order], size


@_jit()
def _top_seekers_grouped(bl, h, tail, n_tail, s, q, f, kk, budget, ub):
    bl, h, s, q, f = Blocks(*bl), Hot(*h), Seekers(*s), Query(*q), Filters(*f)
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    work = np.zeros(1, np.int64)
    size = _scan_groups(bl, h, s, q, f, hs, hr, NO_FLOOR, 0, 1, LANE_ROWS, budget, work, ub)
    if budget >= 0 and work[0] >= budget:
        return hs, hr, size, False
    size = _scan_tail(tail, n_tail, s, q, f, hs, hr, size, NO_FLOOR)
    return hs, hr, size, True


@_jit()
def _lane(bl, h, tail, n_tail, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, ub):
    """One lane of :func:`_top_seekers_lanes` (lane 0 also takes the tail)."""
    bl, h, s, q, f = Blocks(*bl), Hot(*h), Seekers(*s), Query(*q), Filters(*f)
    work = np.zeros(1, np.int64)
    size = _scan_groups(bl, h, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, -1, work, ub)
    if lane == 0:
        size = _scan_tail(tail, n_tail, s, q, f, hs, hr, size, floor)
    return size


@_jit(parallel=True)
def _top_seekers_lanes(bl, h, tail, n_tail, s, q, f, kk, floor, n_lanes, lane_rows, ub):
    out_s = np.full((n_lanes, kk), -1.0, dtype=np.float32)
    out_r = np.full((n_lanes, kk), -1, dtype=np.int64)
    sizes = np.zeros(n_lanes, dtype=np.int64)
    for lane in prange(n_lanes):
        hs, hr = out_s[lane], out_r[lane]
        sizes[lane] = _lane(
            bl, h, tail, n_tail, s, q, f, hs, hr, floor, lane, n_lanes, lane_rows, ub
        )
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
    no_bounds = np.zeros(0, np.float32)  # (text bounds per row: not for a batch)
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
            q = Query(
                np.int64(batch.flags[p]),
                np.int64(batch.lic[p]),
                np.int64(batch.sched[p]),
                np.int64(batch.min_age[p]),
                np.float32(batch.lo[p]),
                np.float32(batch.hi[p]),
                np.int64(year),
                qd,
                np.int64(n_features),
                no_occ_tab,
                batch.loc_tabs[p],
                np.float32(loc_unknown),
                w,
                min(1.0, text_max),
            )
            bl = Blocks(
                bstart,
                nblk,
                batch.g_orders[p],
                batch.g_os[p],
                batch.d_orders[p],
                batch.block_locs[p],
            )
            work = np.zeros(1, np.int64)
            sizes[p] = _scan_groups(
                bl, h, s, q, no_filter, out_s[p], out_r[p], NO_FLOOR, 0, 1, LANE_ROWS, -1, work,
                no_bounds,
            )
            for m in range(batch.terms.shape[1]):
                tid = batch.terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = 0.0
    return out_s, out_r, sizes
