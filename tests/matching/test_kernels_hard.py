"""The postings the blocks cannot prune are ranked exactly too, on one thread or on several.

Vague text that names no occupation, no district, text that shares no term
with any seeker (punctuation, emoji, Latin letters), 20,000 characters,
several occupations in one text: each with and without pay and schedule,
ranked through every path of test_kernels.check_all (filters, offsets, the
fair batch) and compared with the brute-force reference, once as the matcher
chooses and once with the parallel scan forced (:data:`block_scan.SERIAL_BUDGET`
0, three lanes on however many threads). Also: the text bound never falls
below a real text product, and the rows of a fit are laid out in block order.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from matching import block_scan
from matching.documents import PostingDoc, SeekerDoc
from matching.matcher import Matcher
from tests.matching.test_kernels import AS_OF, _seeker, check_all

LONG = ("招聘外卖骑手，送餐员，熟悉城区路线，能吃苦耐劳，" * 800)[:20_000]
TEXTS = [
    "招聘员工若干，待遇从优，欢迎加入",
    "急招 工资高 包吃住 长期 短期 均可",
    "骑手 快递 司机 主播 客服 仓管 分拣 都招",
    "！！？？。。，，……——",
    "😀🚚🛵📦🔥💰",
    "Drivers and riders wanted, good pay",
    "招聘外賣騎手 送餐員 送餐员 待遇從優",
    "招聘骑手 月薪８０００－１２０００元",
    LONG,
]
VARIANTS = [
    {},
    {"schedule": frozenset({"full_time"}), "pay_min": 5000, "pay_max": 8000, "pay_unit": "month"},
    {"schedule": frozenset({"part_time"}), "pay_min": 150, "pay_max": 250, "pay_unit": "day"},
]


def _hard_postings() -> list[PostingDoc]:
    out = []
    for i, text in enumerate(TEXTS):
        for j, v in enumerate(VARIANTS):
            out.append(PostingDoc(5000 + 10 * i + j, text, **v))
    out.append(PostingDoc(5999, "外卖骑手"))  # an occupation from the text, no district
    return out


@pytest.fixture(scope="module")
def hard():
    rng = random.Random(3)
    seekers = [_seeker(rng, i + 1) for i in range(3000)]
    postings = _hard_postings()
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings)
    return m, seekers, postings


def test_hard_postings_match_brute_force(hard):
    m, seekers, postings = hard
    ties = check_all(m, postings, [s.id for s in seekers])
    assert ties > 0


@pytest.mark.parametrize("lanes", [2, 3])
def test_parallel_scan_matches_brute_force(hard, monkeypatch, lanes):
    m, seekers, postings = hard
    monkeypatch.setattr(block_scan, "SERIAL_BUDGET", 0)
    monkeypatch.setattr(block_scan, "LANES", lanes)
    monkeypatch.setattr(block_scan, "LANE_ROWS", 64)  # many runs per block in a small index
    check_all(m, postings, [s.id for s in seekers])


def test_parallel_scan_after_updates(hard, monkeypatch):
    _m, seekers, postings = hard
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings)
    rng = random.Random(9)
    live = {s.id for s in seekers}
    for i in range(800):
        sid = rng.choice(sorted(live))
        if i % 4 == 0:
            m.remove_seeker(sid)
            live.discard(sid)
        else:
            m.upsert_seeker(_seeker(rng, sid))
    m.upsert_seeker(SeekerDoc(70_000, "！！！"))  # no term at all
    live.add(70_000)
    assert m._groups.n_tail > 0
    monkeypatch.setattr(block_scan, "SERIAL_BUDGET", 0)
    monkeypatch.setattr(block_scan, "LANES", 2)
    check_all(m, postings[::4], sorted(live))


def test_text_bound_holds_for_every_seeker(hard):
    m, _seekers, postings = hard
    s = m.seekers_.arrays
    n = m.seekers_.n
    p = m.postings_.arrays
    for doc in postings:
        prow = m._posting_row(doc.id)
        qd = m._dense(p["terms"][prow], p["weights"][prow])
        bound = m._query(prow, qd).text_max
        dots = (qd[s["terms"][:n]] * s["weights"][:n]).sum(axis=1)
        assert dots.max() <= bound + 1e-6, doc.text[:20]
        if doc.text.startswith(("！", "😀")):
            assert bound == 0.0  # no text product is computed at all


def test_text_bound_grows_with_updates(hard):
    _m, seekers, postings = hard
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers[:200], postings)
    tid = int(m.seekers_.arrays["terms"][0, 0])
    word = m._term_name(tid)
    m.upsert_seeker(SeekerDoc(80_000, word))  # one term, weight 1
    assert m._term_max[tid] == pytest.approx(1.0)


def test_fit_lays_rows_out_in_block_order(hard, tmp_path):
    m, seekers, postings = hard
    g = m._groups
    assert np.array_equal(g.perm, np.arange(len(g.perm)))
    # inside a block, by schedule bits then pay: long runs for the scan's tests
    s = m.seekers_.arrays
    for b in range(len(g.bstart) - 1):
        rows = g.perm[g.bstart[b]:g.bstart[b + 1]]
        av = s["avail"][rows] & 7
        assert np.all(np.diff(av.astype(int)) >= 0)
    path = tmp_path / "index.npz"
    m.save(path)
    loaded = Matcher.load(path)
    assert np.array_equal(loaded._groups.perm, g.perm)
    # the same seekers as given in another order: the same ranking, ties included
    shuffled = list(seekers)
    random.Random(4).shuffle(shuffled)
    other = Matcher(as_of=AS_OF, rescore_depth=0).fit(shuffled, postings)
    for doc in postings[:6]:
        a, _ = m.rank_seekers(doc.id, k=30)
        b, _ = other.rank_seekers(doc.id, k=30)
        assert [x.score for x in a] == [x.score for x in b]


def test_serial_and_parallel_agree_on_a_flat_posting(hard, monkeypatch):
    """Every seeker has the same structured score: the order is the text, then the row."""
    m, seekers, _postings = hard
    doc = dataclasses.replace(_hard_postings()[0], id=6000)
    m.upsert_posting(doc)
    serial, total = m.rank_seekers(6000, k=60, offset=20)
    monkeypatch.setattr(block_scan, "SERIAL_BUDGET", 0)
    monkeypatch.setattr(block_scan, "LANES", 2)
    parallel, total2 = m.rank_seekers(6000, k=60, offset=20)
    assert [x.id for x in serial] == [x.id for x in parallel] and total == total2
    m.remove_posting(6000)
