"""The pruned, grouped scans return exactly what scoring every seeker would.

The reference scores *every* seeker with the full-scan kernel and a heap as
large as the index (so nothing can be skipped), then sorts by (score desc,
row asc) — the matcher's order, ties included. Every ranking path (one
posting with and without filters and offsets, the fair batch over all
seekers and over subsets) must give the same ids, the same float32 scores and
the same eligible count, after fit, after many upserts and removals (rows in
the unsorted tail, rows that left their group), after a rebuild of the
groups, and after save/load. The matchers here rank on the index alone
(``rescore_depth=0``); rescoring the candidates on the full texts is tested
in test_rescore.py.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import numpy as np
import pytest

from matching import constraints, kernels
from matching.documents import PostingDoc, SeekerDoc
from matching.matcher import Matcher

AS_OF = date(2025, 6, 30)
OCCS = [(), ("D01",), ("D02",), ("L01",), ("L02",), ("S01",), ("D02", "D03"), ("W01",),
        ("D01", "L01", "S01"), ("ZZZ",)]
TEXTS = ["想找外卖骑手的工作 有电动车", "送餐员 三年经验", "货车司机 B2驾照 跑长途",
         "大车司机 十年驾龄", "直播带货主播 会聊天", "快递分拣 仓库打包", "网店客服 打字快",
         "快递员 片区派送", "什么都能干"]
DISTRICTS = ["150105", "150102", "150203", "150602", "150702", None, "110101"]


def _seeker(rng: random.Random, i: int) -> SeekerDoc:
    # Few distinct values on purpose: many seekers tie on the score.
    return SeekerDoc(
        id=i,
        text=rng.choice(TEXTS),
        occupation_codes=rng.choice(OCCS),
        district_code=rng.choice(DISTRICTS),
        licences=rng.choice([(), ("C1",), ("B2",), ("A2",), ("A1", "C1")]),
        has_ebike=rng.random() < 0.6,
        has_car=rng.random() < 0.2,
        health_certificate=rng.random() < 0.6,
        availability=frozenset(rng.sample(
            ["full_time", "part_time", "flexible", "nights", "weekends"], rng.randint(0, 3))),
        pay_amount=rng.choice([None, 5000, 8000, 12000, 300]),
        pay_unit=rng.choice(["month", "month", "day"]),
        birth_year=rng.choice([None, 2009, 2007, 1995, 1980, 1960]),
        visible=rng.random() < 0.93,
    )


def _postings() -> list[PostingDoc]:
    rng = random.Random(4)
    out = []
    codes = [None, "D01", "D02", "L01", "L02", "S01", "W01", "C01"]
    for i in range(24):
        out.append(PostingDoc(
            1000 + i,
            rng.choice(["招聘外卖骑手 送餐", "重型货车司机 长途运输", "带货主播 直播间",
                        "仓库分拣员", "客服 打字", "快递员 派件"]),
            occupation_code=codes[i % len(codes)],
            district_code=rng.choice(DISTRICTS),
            required_licence=rng.choice([None, None, "B2", "C1", "A2"]),
            min_age=rng.choice([0, 16, 18, 22]),
            needs_health_certificate=rng.random() < 0.3,
            needs_vehicle=rng.choice([None, None, "ebike", "car"]),
            schedule=frozenset(rng.sample(["full_time", "part_time", "nights", "weekends"],
                                          rng.randint(0, 2))),
            pay_min=rng.choice([None, 4000, 6000]),
            pay_max=rng.choice([None, 7000, 9000]),
            pay_unit="month",
        ))
    return out


def reference(m: Matcher, posting_id: int, k: int, licence=None, rows=None, district=None):
    """Score every seeker (no pruning), sort by (score desc, row asc): ids, scores, count."""
    prow = m._posting_row(posting_id)
    p = m.postings_.arrays
    s = m.seekers_.arrays
    n = m.seekers_.n
    qd = m._dense(p["terms"][prow], p["weights"][prow])
    use_rows = rows is not None
    rows = np.asarray(rows if use_rows else [], dtype=np.int64)
    kk = (len(rows) if use_rows else n) + 1
    lic_filter = constraints.required_licence_mask(licence) if licence else 0
    dist_ok = m.districts_.within(district) if district else np.zeros(1, np.bool_)
    filters = kernels.Filters(lic_filter, dist_ok, bool(district))
    out_s, out_r, sizes, counts = kernels.top_seekers_serial(
        rows, use_rows, n, m._query(prow, qd), filters, m._scan_columns(), kk, 1
    )
    size = int(sizes[0])
    sc, rw = out_s[0, :size], out_r[0, :size]
    order = np.lexsort((rw, -sc))[:k]
    ids = [int(s["ids"][r]) for r in rw[order]]
    return ids, [float(x) for x in sc[order]], int(counts[0])


def check_all(m: Matcher, postings, seeker_ids) -> int:
    ties = 0
    for p in postings:
        for k, offset, lic, dist in ((50, 0, None, None), (7, 0, None, None),
                                     (20, 13, None, None), (30, 5, "C1", None),
                                     (3000, 0, None, None), (20, 0, None, "150100"),
                                     (10, 4, "B2", "150105"), (3000, 0, None, "110101")):
            got, total = m.rank_seekers(p.id, k=k, offset=offset, licence=lic,
                                        district_code=dist)
            ids, scores, count = reference(m, p.id, offset + k, licence=lic, district=dist)
            assert total == count, (p.id, k, offset, lic, dist)
            assert [g.id for g in got] == ids[offset:], (p.id, k, offset, lic, dist)
            assert [g.score for g in got] == scores[offset:]
            ties += len(scores) - len(set(scores))
    pids = [p.id for p in postings]
    fair = m.rank_fair(seeker_ids, pids, k=40)
    for pid in pids:
        ids, scores, _ = reference(m, pid, 40)
        assert [g.id for g in fair[pid]] == ids, pid
        assert [g.score for g in fair[pid]] == scores
    subset = seeker_ids[::3]
    rows = m.seeker_rows_.get_many(subset)
    fair = m.rank_fair(subset, pids[:6], k=15)
    for pid in pids[:6]:
        ids, scores, _ = reference(m, pid, 15, rows=rows)
        assert [g.id for g in fair[pid]] == ids, pid
        assert [g.score for g in fair[pid]] == scores
    return ties


@pytest.fixture(scope="module")
def built():
    rng = random.Random(1)
    seekers = [_seeker(rng, i + 1) for i in range(3000)]
    postings = _postings()
    return Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings), seekers, postings


def test_fit_matches_brute_force(built):
    m, seekers, postings = built
    ties = check_all(m, postings, [s.id for s in seekers])
    assert ties > 0  # the check covers tie-breaking


def test_updates_match_brute_force(built, tmp_path):
    m0, seekers, postings = built
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings)
    rng = random.Random(2)
    live = {s.id for s in seekers}
    next_id = 10_000
    for _ in range(1500):
        r = rng.random()
        if r < 0.25 and live:
            sid = rng.choice(sorted(live))
            m.remove_seeker(sid)
            live.discard(sid)
        elif r < 0.6 and live:
            sid = rng.choice(sorted(live))
            m.upsert_seeker(_seeker(rng, sid))  # may change occupations or not
        else:
            m.upsert_seeker(_seeker(rng, next_id))  # may reuse a removed row
            live.add(next_id)
            next_id += 1
    assert m._groups.n_tail > 0
    ids = sorted(live)
    check_all(m, postings, ids)
    # the groups rebuilt from the arrays give the same
    m._index_seekers()
    assert m._groups.n_tail == 0
    check_all(m, postings, ids)
    path = tmp_path / "index.npz"
    m.save(path)
    loaded = Matcher.load(path)
    check_all(loaded, postings, ids)
    loaded.upsert_seeker(dataclasses.replace(seekers[0], id=99_999))
    check_all(loaded, postings, ids + [99_999])


def test_tail_rebuilds_when_large(built):
    _m, seekers, postings = built
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers[:100], postings)
    rng = random.Random(5)
    for i in range(5000):
        m.upsert_seeker(_seeker(rng, 50_000 + i))
    assert m._groups.needs_rebuild()
    check_all(m, postings[:4], [s.id for s in seekers[:100]] + list(range(50_000, 55_000)))
    assert not m._groups.needs_rebuild()


def test_old_format_refused(built, tmp_path):
    import json

    m, _seekers, _postings = built
    path = tmp_path / "index.npz"
    m.save(path)
    with np.load(path) as z:
        data = {k: z[k] for k in z.files}
    meta = json.loads(bytes(data["meta"]).decode())
    meta["format"] = 0
    data["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with open(path, "wb") as fh:
        np.savez(fh, **data)
    with pytest.raises(ValueError, match="rebuild"):
        Matcher.load(path)


def test_districts_not_split_matches_brute_force(built, monkeypatch):
    """Very many (occupation set, district) blocks: one block per group, same results."""
    from matching import groups, matcher

    _m, seekers, postings = built
    monkeypatch.setattr(groups, "MAX_BLOCKS", 1)
    monkeypatch.setattr(matcher, "MAX_BLOCKS", 1)
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings)
    assert m._groups.nblk == 1
    check_all(m, postings[:8], [s.id for s in seekers])


def test_district_filter_finds_seekers(built):
    m, _seekers, postings = built
    page, total = m.rank_seekers(postings[1].id, k=10, district_code="150100")
    assert page and total >= len(page)
    assert all(s.startswith("1501") for s in
               (m.districts_.codes[int(m.seekers_.arrays["dist"][m.seeker_rows_.get(x.id)])]
                for x in page))


def test_updates_while_querying_stay_exact(built):
    """A query-time rebuild of the groups never interleaves with an update."""
    import threading

    _m, seekers, postings = built
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers[:100], postings)
    rng = random.Random(8)
    docs = [_seeker(rng, 60_000 + i) for i in range(6000)]
    done = threading.Event()

    def writer():
        for d in docs:
            m.upsert_seeker(d)
        done.set()

    t = threading.Thread(target=writer)
    t.start()
    while not done.is_set():
        m.rank_seekers(postings[0].id, k=5)
    t.join()
    check_all(m, postings[:4], [s.id for s in seekers[:100]] + [d.id for d in docs])
