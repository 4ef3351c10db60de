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
def _passes(j, s_flags, s_lic, s_avail, s_birth, s_dist, p_flags, p_lic, p_sched, p_min_age,
            year, lic_filter, dist_ok, use_dist_filter):
    """Seeker row ``j`` meets the posting's hard constraints and the page's filters."""
    if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                     p_flags, p_lic, p_sched, p_min_age, year):
        return False
    if lic_filter != 0 and (s_lic[j] & lic_filter) == 0:
        return False
    if use_dist_filter:
        d = s_dist[j]
        if d < 0 or not dist_ok[d]:
            return False
    return True


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
            if not _passes(j, s_flags, s_lic, s_avail, s_birth, s_dist, p_flags, p_lic,
                           p_sched, p_min_age, year, lic_filter, dist_ok, use_dist_filter):
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
# Scans over seekers grouped by occupation and district (matching.index.SeekerGroups)
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
# scan are used. A small slack keeps float rounding from ever skipping a row
# that might enter: the result is the same exact top-k, ties broken by row.
#
# Block ``(g, dd)`` (``dd`` = district id + 1, 0 = no district) holds the
# positions ``bstart[g * nblk + dd] : bstart[g * nblk + dd + 1]``. With
# ``nblk == 1`` the districts are not split (every row in block 0, and the
# block's location value is the best of any district).

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


@_jit()
def _scan_block(a, b, rows, hs, hr, size, kk, wo, ob, qd, n_features, loc_tab, loc_unknown,
                p_flags, p_lic, p_sched, p_min_age, p_lo, p_hi, year, w, lic_filter,
                h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, s_terms, s_weights):
    w_text = w[0]
    for ii in range(a, b):
        if not _eligible(h_flags[ii], h_lic[ii], h_avail[ii], h_birth[ii],
                         p_flags, p_lic, p_sched, p_min_age, year):
            continue
        if lic_filter != 0 and (h_lic[ii] & lic_filter) == 0:
            continue
        d = h_dist[ii]
        loc = loc_tab[d] if d >= 0 else loc_unknown
        sch = _schedule_fit(p_sched, h_avail[ii])
        pay = _pay_fit(h_pay[ii], p_lo, p_hi)
        base = wo + w[2] * loc + w[3] * sch + w[4] * pay  # as _seeker_rest
        if size == kk and base + w_text + _SLACK < hs[0]:
            continue
        j = np.int64(rows[ii])
        score = np.float32(base + w_text * _dot(qd, n_features, s_terms, s_weights, j))
        size = _heap_push(hs, hr, size, score, j)
        if size == kk and ob < hs[0]:
            break
    return size


@_jit()
def _scan_groups(hs, hr, kk, rows, bstart, nblk, g_order, g_o, d_order, block_loc, qd,
                 n_features, loc_tab, loc_unknown, p_flags, p_lic, p_sched, p_min_age, p_lo,
                 p_hi, year, w, lic_filter, dist_ok, use_dist_filter,
                 h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, s_terms, s_weights):
    """Scan the blocks best first into the heap (hs, hr); the district filter
    (``dist_ok`` per district id) needs the districts split (``nblk > 1``)."""
    size = 0
    rest_max = w[0] + w[2] + w[3] + w[4] + _SLACK
    rest3 = w[0] + w[3] + w[4] + _SLACK
    for gi in range(g_order.shape[0]):
        g = g_order[gi]
        o = np.float64(g_o[g])  # the full scan's occupation value is a float64 too
        wo = w[1] * o
        if size == kk and wo + rest_max < hs[0]:
            break  # this group and every later one cannot enter
        for di in range(nblk):
            dd = d_order[di]
            ob = wo + w[2] * block_loc[dd] + rest3
            if size == kk and ob < hs[0]:
                break  # this block and the group's later ones cannot enter
            a = bstart[g * nblk + dd]
            b = bstart[g * nblk + dd + 1]
            if a == b:
                continue
            if use_dist_filter and (dd == 0 or not dist_ok[dd - 1]):
                continue
            size = _scan_block(a, b, rows, hs, hr, size, kk, wo, ob, qd, n_features,
                               loc_tab, loc_unknown, p_flags, p_lic, p_sched, p_min_age,
                               p_lo, p_hi, year, w, lic_filter, h_flags, h_lic, h_avail,
                               h_birth, h_dist, h_pay, s_terms, s_weights)
    return size


@_jit()
def top_seekers_grouped(perm, bstart, nblk, g_order, g_o, d_order, block_loc,
                        h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, tail, n_tail,
                        qd, n_features, occ_tab, loc_tab, loc_unknown, p_flags, p_lic,
                        p_sched, p_min_age, p_lo, p_hi, year, w, lic_filter, dist_ok,
                        use_dist_filter, s_flags, s_lic, s_avail, s_birth, s_occ, s_dist,
                        s_pay, s_terms, s_weights, kk):
    """Exact top ``kk`` eligible seekers of one posting over the grouped rows.

    ``g_order``: groups by descending occupation component ``g_o``;
    ``d_order``: blocks by descending location component ``block_loc``;
    ``h_*``: the scanned columns in ``perm`` order. The tail rows are scanned
    last, each with its own bound. Returns (scores, rows, size) of the heap.
    """
    hs = np.full(kk, -1.0, dtype=np.float32)
    hr = np.full(kk, -1, dtype=np.int64)
    size = _scan_groups(hs, hr, kk, perm, bstart, nblk, g_order, g_o, d_order, block_loc, qd,
                        n_features, loc_tab, loc_unknown, p_flags, p_lic, p_sched, p_min_age,
                        p_lo, p_hi, year, w, lic_filter, dist_ok, use_dist_filter,
                        h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, s_terms, s_weights)
    w_text = w[0]
    rest_max = w[0] + w[2] + w[3] + w[4] + _SLACK
    for ii in range(n_tail):
        j = np.int64(tail[ii])
        if not _passes(j, s_flags, s_lic, s_avail, s_birth, s_dist, p_flags, p_lic,
                       p_sched, p_min_age, year, lic_filter, dist_ok, use_dist_filter):
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
def count_in_districts(bstart, nblk, dist_ok, h_flags, h_lic, h_avail, h_birth, tail, n_tail,
                       s_flags, s_lic, s_avail, s_birth, s_dist, p_flags, p_lic, p_sched,
                       p_min_age, year, lic_filter):
    """Eligible seekers of a posting in the districts ``dist_ok`` (blocks, then the tail)."""
    total = 0
    n_groups = (bstart.shape[0] - 1) // nblk
    for g in range(n_groups):
        for dd in range(1, nblk):
            if not dist_ok[dd - 1]:
                continue
            for ii in range(bstart[g * nblk + dd], bstart[g * nblk + dd + 1]):
                if not _eligible(h_flags[ii], h_lic[ii], h_avail[ii], h_birth[ii],
                                 p_flags, p_lic, p_sched, p_min_age, year):
                    continue
                if lic_filter != 0 and (h_lic[ii] & lic_filter) == 0:
                    continue
                total += 1
    for ii in range(n_tail):
        j = tail[ii]
        d = s_dist[j]
        if d < 0 or not dist_ok[d]:
            continue
        if not _eligible(s_flags[j], s_lic[j], s_avail[j], s_birth[j],
                         p_flags, p_lic, p_sched, p_min_age, year):
            continue
        if lic_filter != 0 and (s_lic[j] & lic_filter) == 0:
            continue
        total += 1
    return total


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
def fair_top_grouped(rows, bstart, nblk, g_orders, g_os, d_orders, block_locs, q_terms,
                     q_weights, n_features, loc_tabs, loc_unknown, p_flags, p_lic, p_sched,
                     p_min_age, p_lo, p_hi, year, w,
                     h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, s_terms, s_weights,
                     k, n_threads):
    """Top ``k`` eligible seekers for each posting over grouped, gathered rows.

    Row ``p`` of ``g_orders``, ``g_os``, ``d_orders``, ``block_locs`` and
    ``loc_tabs`` belongs to posting ``p``; postings are shared out between
    threads, each with its own dense query buffer.
    """
    n_post = q_terms.shape[0]
    out_s = np.full((n_post, k), -1.0, dtype=np.float32)
    out_r = np.full((n_post, k), -1, dtype=np.int64)
    sizes = np.zeros(n_post, dtype=np.int64)
    scratch = np.zeros((n_threads, n_features + 1), dtype=np.float32)
    no_filter = np.zeros(1, np.bool_)
    for t in prange(n_threads):
        qd = scratch[t]
        for p in range(t, n_post, n_threads):
            for m in range(q_terms.shape[1]):
                tid = q_terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = q_weights[p, m]
            sizes[p] = _scan_groups(
                out_s[p], out_r[p], k, rows, bstart, nblk, g_orders[p], g_os[p], d_orders[p],
                block_locs[p], qd, n_features, loc_tabs[p], loc_unknown, p_flags[p], p_lic[p],
                p_sched[p], p_min_age[p], p_lo[p], p_hi[p], year, w, 0, no_filter, False,
                h_flags, h_lic, h_avail, h_birth, h_dist, h_pay, s_terms, s_weights)
            for m in range(q_terms.shape[1]):
                tid = q_terms[p, m]
                if tid >= n_features:
                    break
                qd[tid] = 0.0
    return out_s, out_r, sizes
