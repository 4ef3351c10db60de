"""The impact index: a text bound per seeker that never falls below the real product.

The fallback scan of a posting nothing prunes passes over the seekers whose
bound cannot enter its top k (matching.impacts, matching.block_scan); a bound
below a seeker's real text product would drop that seeker from the ranking.
The rankings with and without the bounds are compared with the brute-force
reference in test_kernels_hard; here: the bound itself, its size, and what
happens to a seeker whose text changes after the index was built.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from matching import block_scan
from matching.documents import PostingDoc, SeekerDoc
from matching.impacts import IMPACT_LEVELS, ImpactIndex
from matching.matcher import Matcher
from tests.matching.test_kernels import AS_OF, _seeker, check_all
from tests.matching.test_kernels_hard import TEXTS, VARIANTS

PROFILES = [
    "想找外卖骑手的活，两年经验，熟悉城区路线",
    "做过快递员，会开三轮车，能吃苦",
    "货车司机 B2驾照 跑过长途",
    "带货主播 抖音直播 有粉丝",
    "仓库分拣 叉车证 夜班可以",
    "I can drive, speak English, riders welcome",
    "！！！",
]


@pytest.fixture(scope="module")
def fitted():
    rng = random.Random(21)
    seekers = [_seeker(rng, i + 1) for i in range(1500)]
    seekers += [SeekerDoc(3000 + i, rng.choice(PROFILES) * rng.randint(1, 3)) for i in range(400)]
    postings = [PostingDoc(9000 + i, text) for i, text in enumerate(TEXTS + PROFILES)]
    return Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings), postings


def _dots(m, qd):
    s = m.seekers_.arrays
    rows = m._groups.perm
    return (qd[s["terms"][rows]].astype(np.float64) * s["weights"][rows]).sum(axis=1)


def test_bound_never_below_the_text_product_and_zero_without_a_shared_term(fitted):
    m, postings = fitted
    p = m.postings_.arrays
    checked = 0
    for doc in postings:
        prow = m._posting_row(doc.id)
        qt, qw = p["terms"][prow], p["weights"][prow]
        bound = m._impacts.bounds(qt, qw)
        try:
            dots = _dots(m, m._dense(qt, qw))
            assert np.all(bound >= dots - 1e-7), doc.text[:20]
            assert np.array_equal(bound > 0, dots > 0), doc.text[:20]
            # close above: one level of each shared term at most
            assert np.all(bound <= dots + qw.sum() * m._impacts.unit.max() + 1e-6)
            checked += int((dots > 0).sum())
        finally:
            m._impacts.release(bound)
        assert not m._impacts._spare[-1].any()  # handed back zeroed
    assert checked > 1000


def test_every_term_of_every_row_is_listed_once_with_its_level():
    rng = np.random.default_rng(5)
    n, width, n_features = 3000, 6, 40
    terms = rng.integers(0, n_features + 1, size=(n, width)).astype(np.uint16)  # 40: padding
    for row in terms:  # a row holds a term once
        seen = set()
        for k, t in enumerate(row):
            if t in seen:
                row[k] = n_features
            seen.add(int(t))
    weights = np.where(terms < n_features, rng.random((n, width)), 0).astype(np.float32)
    perm = rng.permutation(n).astype(np.int32)
    index = ImpactIndex(perm, terms, weights, n_features)
    assert index.df.sum() == (terms < n_features).sum()
    for t in range(n_features):  # one posting term of weight 1 at a time
        got = index.bounds(np.array([t], np.int32), np.array([1.0], np.float32))
        want = np.where(terms[perm] == t, weights[perm], 0).max(axis=1)
        assert np.all(got >= want) and np.array_equal(got > 0, want > 0)
        assert np.all(got <= want + index.unit[t] * 1.0001)
        index.release(got)
    # gaps of every size: 1, 8 and more, across the 3- and 7-bit boundaries
    assert index.data.nbytes < 2 * index.df.sum()


def test_a_big_gap_and_the_last_row_decode():
    n = 300_000
    terms = np.full((n, 2), 3, np.uint16)  # only padding (3 features)
    terms[[0, 7, 8, 1000, 131_071, 131_072, n - 1], 0] = 1
    weights = np.where(terms < 3, 0.5, 0).astype(np.float32)
    index = ImpactIndex(np.arange(n, dtype=np.int32), terms, weights, 3)
    got = index.bounds(np.array([1], np.int32), np.array([1.0], np.float32))
    assert list(np.flatnonzero(got)) == [0, 7, 8, 1000, 131_071, 131_072, n - 1]
    assert got[n - 1] == pytest.approx(0.5, rel=1e-4)  # the largest weight: level 15 of 15
    assert IMPACT_LEVELS == 15


def test_a_changed_text_leaves_the_index_for_the_tail_and_stays_ranked(fitted, monkeypatch):
    _m, postings = fitted
    rng = random.Random(8)
    seekers = [_seeker(rng, i + 1) for i in range(600)]
    m = Matcher(as_of=AS_OF, rescore_depth=0).fit(seekers, postings)
    g = m._groups
    same = seekers[10]
    m.upsert_seeker(same)  # nothing changed: stays in its place
    assert g.n_tail == 0
    moved = dataclasses.replace(seekers[11], text="急招 工资高 包吃住")
    m.upsert_seeker(moved)  # only its text changed
    assert g.n_tail == 1
    monkeypatch.setattr(block_scan, "SERIAL_BUDGET", 0)
    monkeypatch.setattr(block_scan, "LANES", 2)
    check_all(m, postings, [s.id for s in seekers])


def test_too_many_entries_scan_without_bounds(fitted, monkeypatch):
    m, postings = fitted
    p = m.postings_.arrays
    prow = m._posting_row(postings[0].id)
    text = (m._impacts, p["terms"][prow], p["weights"][prow])
    assert block_scan.row_text_bounds(text, 1.0).shape[0] == m._impacts.n_rows
    monkeypatch.setattr(block_scan, "IMPACT_ENTRIES_PER_ROW", 0.0)
    assert block_scan.row_text_bounds(text, 1.0).shape[0] == 0
    monkeypatch.setattr(block_scan, "IMPACT_ENTRIES_PER_ROW", 10.0)
    assert block_scan.row_text_bounds(text, 0.0).shape[0] == 0  # no text to bound


@pytest.mark.parametrize("use", [True, False])
def test_the_fallback_ranks_the_same_with_and_without_bounds(fitted, monkeypatch, use):
    m, _postings = fitted
    docs = [PostingDoc(9500 + i, t, **v) for i, t in enumerate(TEXTS[:3]) for v in VARIANTS]
    for doc in docs:
        m.upsert_posting(doc)
    try:
        monkeypatch.setattr(block_scan, "SERIAL_BUDGET", 0)
        monkeypatch.setattr(block_scan, "LANES", 2)
        monkeypatch.setattr(block_scan, "USE_IMPACTS", use)
        seekers = [int(i) for i in m.seekers_.arrays["ids"][: m.seekers_.n]]
        check_all(m, docs, seekers)
    finally:
        for doc in docs:
            m.remove_posting(doc.id)
