"""Compiled ranking loops (numba), with a pure-Python fallback.

One pass over the seeker arrays does, per seeker: the hard constraints
(bitmask tests), the structured components (occupation, location, schedule,
pay), an upper bound of the score, and only when that bound can still enter
the current top-k the text dot product over the seeker's fixed-width term
row. The top-k is a bounded heap, so the result is exact (the same as scoring
every seeker and sorting) while most text products are skipped.

The scalar rules are the very functions of :mod:`matching.constraints` and
:mod:`matching.scoring`, compiled here, so a ranked score always equals the
score that :mod:`matching.explain` shows.
"""

from __future__ import annotations

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


_eligible = _jit(inline="always")(constraints.pair_eligible)
_schedule_fit = _jit(inline="always")(scoring.schedule_fit)
_pay_fit = _jit(inline="always")(scoring.pay_fit)


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
def _seeker_occ(j, occ_tab, s_occ):
    """Occupation component of a seeker: best relatedness of its codes."""
    o = 0.0
    for c in range(s_occ.shape[1]):
        code = s_occ[j, c]
        if code >= 0:
            v = occ_tab[code]
            if v > o:
                o = v
    return o


@_jit(inline="always")
def _seeker_rest(j, o, loc_tab, loc_unknown, p_sched, p_lo, p_hi, w, s_dist, s_avail, s_pay):
    """Weighted structured part of a seeker's score (everything but text)."""
    d = s_dist[j]
    loc = loc_tab[d] if d >= 0 else loc_unknown
    sch = _schedule_fit(p_sched, s_avail[j])
    pay = _pay_fit(s_pay[j], p_lo, p_hi)
    return w[1] * o + w[2] * loc + w[3] * sch + w[4] * pay


@_jit(inline="always")
def _dot(qd, n_features, terms, weights, j):
    t = 0.0
    for m in range(terms.shape[1]):
        tid = terms[j, m]
        if tid >= n_features:
            break
        t += qd[tid] * weights[j, m]
    return t


def _top_seekers(rows, use_rows, n_total, qd, n_features, occ_tab, loc_tab, loc_unknown,
                p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi, year, w,
                dist_ok, use_dist_filter, lic_filter,
                s_flags, s_lic, s_avail, s_birth, s_occ, s_dist, s_pay, s_terms, s_weights,
                kk, n_chunks):
    """Top ``kk`` eligible seekers for one posting, per chunk of rows.

    Returns (scores[n_chunks, kk], rows[n_chunks, kk], sizes, eligible counts).
    """
    out_s = np.full((n_chunks, kk), -1.0, dtype=np.float32)
    out_r = np.full((n_chunks, kk), -1, dtype=np.int64)
    sizes = np.zeros(n_chunks, dtype=np.int64)
    counts = np.zeros(n_chunks, dtype=np.int64)
    n = rows.shape[0] if use_rows else n_total
    w_text = w[0]
    rest_max = w[0] + w[2] + w[3] + w[4]
    for c in prange(n_chunks):
        lo = c * n // n_chunks
        hi = (c + 1) * n // n_chunks
        hs = out_s[c]
        hr = out_r[c]
        size = 0
        cnt = 0
        for ii in range(lo, hi):
            j = rows[ii] if use_rows else ii
            if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                             p_flags, p_lic, p_sched, p_min_age, year):
                continue
            if lic_filter != 0 and (s_lic[j] & lic_filter) == 0:
                continue
            if use_dist_filter:
                d = s_dist[j]
                if d < 0 or not dist_ok[d]:
                    continue
            cnt += 1
            o = _seeker_occ(j, occ_tab, s_occ)
            if size == kk and w[1] * o + rest_max < hs[0]:
                continue  # cannot enter even with perfect place, schedule, pay, text
            base = _seeker_rest(j, o, loc_tab, loc_unknown, p_sched, p_lo, p_hi, w,
                                s_dist, s_avail, s_pay)
            if size == kk and base + w_text < hs[0]:
                continue
            score = np.float32(base + w_text * _dot(qd, n_features, s_terms, s_weights, j))
            size = _heap_push(hs, hr, size, score, j)
        sizes[c] = size
        counts[c] = cnt
    return out_s, out_r, sizes, counts


@_jit(parallel=True)
def fair_top(seek_rows, q_terms, q_weights, n_features, occ_tabs, loc_tabs, loc_unknown,
             p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi, year, w,
             s_flags, s_lic, s_avail, s_birth, s_occ, s_dist, s_pay, s_terms, s_weights,
             k, block, n_threads):
    """Top ``k`` eligible seekers for each of many postings, in one blocked pass.

    The seekers are visited block by block (a block's arrays stay in cache)
    and, inside a block, the postings are shared out between threads.
    """
    n_post = q_terms.shape[0]
    out_s = np.full((n_post, k), -1.0, dtype=np.float32)
    out_r = np.full((n_post, k), -1, dtype=np.int64)
    sizes = np.zeros(n_post, dtype=np.int64)
    scratch = np.zeros((n_threads, n_features + 1), dtype=np.float32)
    n = seek_rows.shape[0]
    w_text = w[0]
    rest_max = w[0] + w[2] + w[3] + w[4]
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        for t in prange(n_threads):
            qd = scratch[t]
            for p in range(t, n_post, n_threads):
                for m in range(q_terms.shape[1]):
                    tid = q_terms[p, m]
                    if tid >= n_features:
                        break
                    qd[tid] = q_weights[p, m]
                hs = out_s[p]
                hr = out_r[p]
                size = sizes[p]
                occ_tab = occ_tabs[p]
                loc_tab = loc_tabs[p]
                for ii in range(b0, b1):
                    j = seek_rows[ii]
                    if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                                     p_flags[p], p_lic[p], p_sched[p], p_min_age[p], year):
                        continue
                    o = _seeker_occ(j, occ_tab, s_occ)
                    if size == k and w[1] * o + rest_max < hs[0]:
                        continue
                    base = _seeker_rest(j, o, loc_tab, loc_unknown, p_sched[p], p_lo[p],
                                        p_hi[p], w, s_dist, s_avail, s_pay)
                    if size == k and base + w_text < hs[0]:
                        continue
                    score = np.float32(base + w_text * _dot(qd, n_features, s_terms, s_weights, j))
                    size = _heap_push(hs, hr, size, score, j)
                sizes[p] = size
                for m in range(q_terms.shape[1]):
                    tid = q_terms[p, m]
                    if tid >= n_features:
                        break
                    qd[tid] = 0.0
    return out_s, out_r, sizes


@_jit()
def top_postings(prows, use_rows, n_total, qd, n_features, occ_row, loc_row, loc_unknown,
                 s_flags, s_lic, s_avail, s_birth, s_pay, s_has_dist, year, w,
                 p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi, p_occ, p_dist,
                 p_terms, p_weights, kk, require_open):
    """Top ``kk`` open postings whose hard constraints one seeker passes."""
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    size = 0
    n = prows.shape[0] if use_rows else n_total
    for ii in range(n):
        i = prows[ii] if use_rows else ii
        f = p_flags[i]
        if (f & constraints.ALIVE) == 0:
            continue
        if require_open and (f & constraints.OPEN) == 0:
            continue
        if not _eligible(s_flags, s_lic, s_avail, s_birth,
                         f, p_lic[i], p_sched[i], p_min_age[i], year):
            continue
        code = p_occ[i]
        o = occ_row[code] if code >= 0 else 0.0
        d = p_dist[i]
        loc = loc_row[d] if (d >= 0 and s_has_dist) else loc_unknown
        sch = _schedule_fit(p_sched[i], s_avail)
        pay = _pay_fit(s_pay, p_lo[i], p_hi[i])
        base = w[1] * o + w[2] * loc + w[3] * sch + w[4] * pay
        if size == kk and base + w[0] < hs[0]:
            continue
        score = np.float32(base + w[0] * _dot(qd, n_features, p_terms, p_weights, i))
        size = _heap_push(hs, hr, size, score, i)
    return hs, hr, size


top_seekers = _jit(parallel=True)(_top_seekers)
#: The same loop without a thread pool: for small indexes (and one chunk) a
#: parallel launch costs more than it saves, and on a busy machine waking the
#: worker threads can take milliseconds.
top_seekers_serial = _jit()(_top_seekers)


def merge_chunks(out_s, out_r, sizes, kk):
    """Merge per-chunk heaps into one list sorted by (score desc, row asc)."""
    s_parts = [out_s[c, : sizes[c]] for c in range(len(sizes))]
    r_parts = [out_r[c, : sizes[c]] for c in range(len(sizes))]
    s = np.concatenate(s_parts) if s_parts else np.empty(0, np.float32)
    r = np.concatenate(r_parts) if r_parts else np.empty(0, np.int64)
    order = np.lexsort((r, -s))[:kk]
    return s[order], r[order]


# ----------------------------------------------------------------------------
# Scans over seekers grouped by occupation (matching.index.SeekerGroups)
# ----------------------------------------------------------------------------
#
# Every seeker of a group has the same set of occupations, so the same
# occupation component for a posting; with the groups visited in descending
# order of it, the bound ``w_occ * o + (every other weight)`` of a whole group
# (and of every later group) is one comparison, and a scan stops at the first
# group that cannot reach the current top-k. The same bounds as the full scan
# are used, plus a small slack so float rounding can never skip a row that
# might enter: the result is the same exact top-k, ties broken by row.

_SLACK = 1e-5


@_jit()
def count_classes(c_flags, c_lic, c_avail, c_birth, c_count, n_classes,
                  p_flags, p_lic, p_sched, p_min_age, year, lic_filter):
    """Eligible seekers of a posting, summed over constraint classes."""
    total = 0
    for c in range(n_classes):
        if c_count[c] == 0:
            continue
        if not _eligible(c_flags[c], c_lic[c], c_avail[c], c_birth[c],
                         p_flags, p_lic, p_sched, p_min_age, year):
            continue
        if lic_filter != 0 and (c_lic[c] & lic_filter) == 0:
            continue
        total += c_count[c]
    return total


@_jit()
def top_seekers_grouped(perm, gstart, g_order, g_o, tail, n_tail, qd, n_features, occ_tab,
                        loc_tab, loc_unknown, p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi,
                        year, w, lic_filter,
                        s_flags, s_lic, s_avail, s_birth, s_occ, s_dist, s_pay, s_terms,
                        s_weights, kk):
    """Exact top ``kk`` eligible seekers of one posting over the grouped rows.

    ``g_order`` lists the groups by descending occupation component ``g_o``;
    the tail rows are scanned last, each with its own bound. Returns
    (scores, rows, size) of the heap.
    """
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    size = 0
    w_text = w[0]
    rest_max = w[0] + w[2] + w[3] + w[4] + _SLACK
    for gi in range(g_order.shape[0]):
        g = g_order[gi]
        o = np.float64(g_o[g])  # the full scan's occupation value is a float64 too
        ob = w[1] * o + rest_max
        if size == kk and ob < hs[0]:
            break  # this group and every later one cannot enter
        for ii in range(gstart[g], gstart[g + 1]):
            e = perm[ii]
            if e & 1:
                continue
            j = e >> 1
            if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                             p_flags, p_lic, p_sched, p_min_age, year):
                continue
            if lic_filter != 0 and (s_lic[j] & lic_filter) == 0:
                continue
            base = _seeker_rest(j, o, loc_tab, loc_unknown, p_sched, p_lo, p_hi, w,
                                s_dist, s_avail, s_pay)
            if size == kk and base + w_text + _SLACK < hs[0]:
                continue
            score = np.float32(base + w_text * _dot(qd, n_features, s_terms, s_weights, j))
            size = _heap_push(hs, hr, size, score, j)
            if size == kk and ob < hs[0]:
                break
    for ii in range(n_tail):
        j = np.int64(tail[ii])
        if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                         p_flags, p_lic, p_sched, p_min_age, year):
            continue
        if lic_filter != 0 and (s_lic[j] & lic_filter) == 0:
            continue
        o = _seeker_occ(j, occ_tab, s_occ)
        if size == kk and w[1] * o + rest_max < hs[0]:
            continue
        base = _seeker_rest(j, o, loc_tab, loc_unknown, p_sched, p_lo, p_hi, w,
                            s_dist, s_avail, s_pay)
        if size == kk and base + w_text + _SLACK < hs[0]:
            continue
        score = np.float32(base + w_text * _dot(qd, n_features, s_terms, s_weights, j))
        size = _heap_push(hs, hr, size, score, j)
    return hs, hr, size


@_jit()
def group_rows(rows, s_occ, n_codes):
    """Counting sort of ``rows`` by occupation set: (sorted rows, group starts, group keys)."""
    base = n_codes + 1
    n_keys = base ** s_occ.shape[1]
    n = rows.shape[0]
    keys = np.empty(n, np.int64)
    counts = np.zeros(n_keys + 1, np.int64)
    slots = s_occ.shape[1]
    tmp = np.empty(slots, np.int64)
    for i in range(n):
        j = rows[i]
        for c in range(slots):
            tmp[c] = s_occ[j, c] + 1
        tmp.sort()
        key = 0
        for c in range(slots):
            key = key * base + tmp[c]
        keys[i] = key
        counts[key + 1] += 1
    n_groups = 0
    for k in range(n_keys):
        if counts[k + 1] > 0:
            n_groups += 1
    g_keys = np.empty(n_groups, np.int64)
    g_start = np.zeros(n_groups + 1, np.int64)
    g = 0
    for k in range(n_keys):
        if counts[k + 1] > 0:
            g_keys[g] = k
            g_start[g + 1] = g_start[g] + counts[k + 1]
            g += 1
    for k in range(n_keys):
        counts[k + 1] += counts[k]
    out = np.empty(n, np.int64)
    for i in range(n):
        k = keys[i]
        out[counts[k]] = rows[i]
        counts[k] += 1
    return out, g_start, g_keys


@_jit(parallel=True)
def gather_rows(rows, s_flags, s_lic, s_avail, s_birth, s_dist, s_pay):
    """The columns a scan reads for every row, copied in the order of ``rows``."""
    n = rows.shape[0]
    f = np.empty(n, np.uint8)
    lic = np.empty(n, np.uint32)
    av = np.empty(n, np.uint8)
    b = np.empty(n, np.int16)
    d = np.empty(n, np.int32)
    pay = np.empty(n, np.float32)
    for i in prange(n):
        j = rows[i]
        f[i] = s_flags[j]
        lic[i] = s_lic[j]
        av[i] = s_avail[j]
        b[i] = s_birth[j]
        d[i] = s_dist[j]
        pay[i] = s_pay[j]
    return f, lic, av, b, d, pay


@_jit(parallel=True)
def fair_top_grouped(rows, gstart, g_orders, g_os, q_terms, q_weights, n_features, loc_tabs,
                     loc_unknown, p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi, year, w,
                     f_flags, f_lic, f_avail, f_birth, f_dist, f_pay, s_terms, s_weights,
                     k, n_threads):
    """Top ``k`` eligible seekers for each posting over grouped, gathered rows.

    ``rows`` (with the gathered columns ``f_*`` in the same order) is grouped
    by occupation set; posting ``p`` visits the groups in the order
    ``g_orders[p]`` (descending ``g_os[p]``) and stops at the first one that
    cannot enter its top-k. Postings are shared out between threads.
    """
    n_post = q_terms.shape[0]
    out_s = np.full((n_post, k), -1.0, dtype=np.float32)
    out_r = np.full((n_post, k), -1, dtype=np.int64)
    sizes = np.zeros(n_post, dtype=np.int64)
    scratch = np.zeros((n_threads, n_features + 1), dtype=np.float32)
    w_text = w[0]
    rest_max = w[0] + w[2] + w[3] + w[4] + _SLACK
    for t in prange(n_threads):
        qd = scratch[t]
        for p in range(t, n_post, n_threads):
            for m in range(q_terms.shape[1]):
                tid = q_terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = q_weights[p, m]
            hs = out_s[p]
            hr = out_r[p]
            size = 0
            loc_tab = loc_tabs[p]
            pf, pl, ps, pa = p_flags[p], p_lic[p], p_sched[p], p_min_age[p]
            plo, phi = p_lo[p], p_hi[p]
            for gi in range(g_orders.shape[1]):
                g = g_orders[p, gi]
                o = np.float64(g_os[p, g])
                ob = w[1] * o + rest_max
                if size == k and ob < hs[0]:
                    break
                wo = w[1] * o
                for ii in range(gstart[g], gstart[g + 1]):
                    if not _eligible(f_flags[ii], f_lic[ii], f_avail[ii], f_birth[ii],
                                     pf, pl, ps, pa, year):
                        continue
                    d = f_dist[ii]
                    loc = loc_tab[d] if d >= 0 else loc_unknown
                    sch = _schedule_fit(ps, f_avail[ii])
                    pay = _pay_fit(f_pay[ii], plo, phi)
                    base = wo + w[2] * loc + w[3] * sch + w[4] * pay
                    if size == k and base + w_text + _SLACK < hs[0]:
                        continue
                    j = rows[ii]
                    score = np.float32(base + w_text * _dot(qd, n_features, s_terms,
                                                            s_weights, j))
                    size = _heap_push(hs, hr, size, score, j)
                    if size == k and ob < hs[0]:
                        break
            sizes[p] = size
            for m in range(q_terms.shape[1]):
                tid = q_terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = 0.0
    return out_s, out_r, sizes
