"""Behaviour of the matcher: constraints, synonyms, updates, save/load, reasons, pay units."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from matching import reasons as R
from matching import scoring
from matching.constraints import eligibility
from matching.documents import PostingDoc, SeekerDoc
from matching.matcher import Matcher, NotFittedError
from matching.reasons import Reason

YEAR = date.today().year
DISTRICTS = ["150105", "150102", "150203", "150602", "150702", None, "110101"]
TEXTS = [
    "想找外卖骑手的工作 有电动车",
    "送餐员 三年经验 熟悉路线",
    "货车司机 B2驾照 跑长途",
    "大车司机 十年驾龄",
    "直播带货主播 会聊天",
    "快递分拣 仓库打包",
    "网店客服 打字快",
    "快递员 片区派送",
]


def make_seekers(n: int, seed: int = 0) -> list[SeekerDoc]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            SeekerDoc(
                id=i + 1,
                text=rng.choice(TEXTS) + f" {rng.choice(['能吃苦', '踏实', '有经验'])}",
                occupation_codes=rng.choice([(), ("D01",), ("L01",), ("S01",), ("D02", "D03")]),
                district_code=rng.choice(DISTRICTS),
                licences=rng.choice([(), ("C1",), ("B2",), ("A2",), ("A1", "C1")]),
                has_ebike=rng.random() < 0.5,
                has_car=rng.random() < 0.2,
                health_certificate=rng.random() < 0.5,
                availability=frozenset(
                    rng.sample(["full_time", "part_time", "flexible", "nights", "weekends"],
                               rng.randint(0, 3))
                ),
                pay_amount=rng.choice([None, 5000, 8000, 200, 25]),
                pay_unit=rng.choice(["month", "day", "hour"]),
                birth_year=rng.choice([None, YEAR - 17, YEAR - 18, YEAR - 30]),
                visible=rng.random() < 0.9,
            )
        )
    return out


POSTINGS = [
    PostingDoc(100, "招聘外卖骑手 送餐 自备电动车", occupation_code="D01", district_code="150105",
               min_age=18, needs_health_certificate=True, needs_vehicle="ebike",
               schedule=frozenset({"full_time", "nights"}), pay_min=6000, pay_max=9000,
               pay_unit="month"),
    PostingDoc(101, "重型货车司机 长途运输", occupation_code="L01", district_code="150203",
               required_licence="B2", min_age=21, pay_min=300, pay_max=400, pay_unit="day"),
    PostingDoc(102, "带货主播 直播间", occupation_code="S01", district_code="150102",
               schedule=frozenset({"part_time", "weekends"})),
    PostingDoc(103, "快递员 派件", occupation_code=None, district_code="150602", open=False),
]


@pytest.fixture(scope="module")
def seekers():
    return make_seekers(400)


@pytest.fixture(scope="module")
def fitted(seekers):
    return Matcher().fit(seekers, POSTINGS)


def test_not_fitted():
    with pytest.raises(NotFittedError):
        Matcher().rank_seekers(1)


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: str(p.id))
def test_excluded_seekers_never_appear_at_any_offset(fitted, seekers, posting):
    eligible = {s.id for s in seekers if eligibility(posting, s).eligible}
    seen = []
    offset = 0
    while True:
        page, total = fitted.rank_seekers(posting.id, k=7, offset=offset)
        assert total == len(eligible)
        if not page:
            break
        seen.extend(m.id for m in page)
        offset += 7
    assert len(seen) == len(set(seen))
    assert set(seen) == eligible


def test_ranking_is_exact_and_sorted(fitted, seekers):
    posting = POSTINGS[0]
    page, total = fitted.rank_seekers(posting.id, k=1000)
    scores = [m.score for m in page]
    assert scores == sorted(scores, reverse=True)
    by_id = {s.id: s for s in seekers}
    for m in page[:30]:
        e = fitted.explain(posting, by_id[m.id])
        assert m.score == pytest.approx(e.score, abs=1e-4)
        for c in scoring.COMPONENTS:
            assert m.components[c] == pytest.approx(e.components[c], abs=1e-4)


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: str(p.id))
@pytest.mark.parametrize("k", [1, 10, 40])
def test_top_k_equals_brute_force_over_all_seekers(fitted, seekers, posting, k):
    """Score EVERY eligible seeker through explain() and sort: the ranking's top k agrees."""
    tol = 1e-4
    brute = sorted(
        (fitted.explain(posting, s).score, s.id)
        for s in seekers
        if eligibility(posting, s).eligible
    )  # ascending; best last
    brute.sort(key=lambda x: (-x[0], x[1]))
    page, total = fitted.rank_seekers(posting.id, k=k)
    assert total == len(brute)
    assert len(page) == min(k, len(brute))
    assert [m.score for m in page] == pytest.approx([sc for sc, _ in brute[:k]], abs=tol)
    if not page:
        return
    # The same seekers, up to ties at the cut (scores within the tolerance of the k-th)
    cut = brute[len(page) - 1][0]
    got = {m.id for m in page}
    assert {i for sc, i in brute if sc > cut + tol} <= got
    assert all(sc >= cut - tol for sc, i in brute if i in got)


def test_filters(fitted, seekers):
    page, total = fitted.rank_seekers(101, k=500, licence="A2")
    assert page and all("A2" in next(s for s in seekers if s.id == m.id).licences for m in page)
    page, total = fitted.rank_seekers(102, k=500, district_code="150100")
    ids = {m.id for m in page}
    for s in seekers:
        if s.id in ids:
            assert s.district_code in {"150105", "150102"}
    assert total == len(page)


def test_synonyms_meet():
    seekers = [
        SeekerDoc(1, "外卖员 两年"),
        SeekerDoc(2, "送餐员"),
        SeekerDoc(3, "网约配送员"),
        SeekerDoc(4, "电商美工 修图"),
        SeekerDoc(5, "带货达人 粉丝多"),
        SeekerDoc(6, "大车司机 跑过长途"),
    ]
    postings = [
        PostingDoc(1, "招骑手"),
        PostingDoc(2, "招聘主播"),
        PostingDoc(3, "货车司机"),
    ]
    m = Matcher().fit(seekers, postings)
    top = [x.id for x in m.rank_seekers(1, k=3)[0]]
    assert set(top) == {1, 2, 3}
    assert m.rank_seekers(2, k=1)[0][0].id == 5
    assert m.rank_seekers(3, k=1)[0][0].id == 6
    assert m.rank_seekers(1, k=1)[0][0].components["occupation"] == 1.0


def test_upsert_and_remove_seeker(seekers):
    m = Matcher().fit(seekers[:50], POSTINGS)
    v = m.version_
    star = SeekerDoc(9999, "带货主播 直播经验丰富 周末可以", occupation_codes=("S01",),
                     district_code="150102", availability=frozenset({"part_time", "weekends"}),
                     birth_year=YEAR - 25)
    m.upsert_seeker(star)
    assert m.version_ > v
    assert m.rank_seekers(102, k=1)[0][0].id == 9999
    m.upsert_seeker(SeekerDoc(9999, star.text, occupation_codes=("S01",), visible=False))
    assert 9999 not in {x.id for x in m.rank_seekers(102, k=100)[0]}
    m.upsert_seeker(star)
    m.remove_seeker(9999)
    assert 9999 not in {x.id for x in m.rank_seekers(102, k=100)[0]}
    with pytest.raises(KeyError):
        m.rank_postings(9999)
    # the freed row is reused by the next new seeker
    m.upsert_seeker(SeekerDoc(10000, star.text, occupation_codes=("S01",), district_code="150102",
                              availability=star.availability))
    assert m.rank_seekers(102, k=1)[0][0].id == 10000


def test_upsert_and_remove_posting(fitted, seekers):
    m = Matcher().fit(seekers[:80], POSTINGS)
    m.upsert_posting(PostingDoc(500, "急招外卖骑手", occupation_code="D01"))
    s = next(x for x in seekers[:80] if x.visible)
    assert 500 in {x.id for x in m.rank_postings(s.id, k=50)}
    m.remove_posting(500)
    assert 500 not in {x.id for x in m.rank_postings(s.id, k=50)}
    with pytest.raises(KeyError):
        m.rank_seekers(500)


def test_rank_postings_only_open_and_eligible(fitted, seekers):
    for s in seekers[:60]:
        got = fitted.rank_postings(s.id, k=10)
        ids = [x.id for x in got]
        assert 103 not in ids  # closed
        for pid in ids:
            p = next(p for p in POSTINGS if p.id == pid)
            assert eligibility(p, s).eligible
        expected = [p.id for p in POSTINGS if p.open and eligibility(p, s).eligible]
        assert sorted(ids) == sorted(expected)
        only = fitted.rank_postings(s.id, k=10, posting_ids=[101, 102])
        assert set(x.id for x in only) <= {101, 102}


def test_rank_fair_equals_single_rankings(fitted, seekers):
    ids = [s.id for s in seekers]
    fair = fitted.rank_fair(ids, [100, 101, 102], k=20)
    for pid, matches in fair.items():
        single, _ = fitted.rank_seekers(pid, k=20)
        assert [m.id for m in matches] == [m.id for m in single]
        assert [m.score for m in matches] == pytest.approx([m.score for m in single])
    subset = fitted.rank_fair(ids[:30], [100], k=50)[100]
    assert {m.id for m in subset} <= set(ids[:30])


def test_save_load_round_trip(fitted, tmp_path):
    path = tmp_path / "index.npz"
    fitted.save(path)
    loaded = Matcher.load(path)
    assert loaded.version_ == fitted.version_
    for p in POSTINGS:
        a, ta = fitted.rank_seekers(p.id, k=60)
        b, tb = loaded.rank_seekers(p.id, k=60)
        assert ta == tb
        assert [(m.id, m.score, m.reasons) for m in a] == [(m.id, m.score, m.reasons) for m in b]
    assert [m.id for m in fitted.rank_postings(5)] == [m.id for m in loaded.rank_postings(5)]
    loaded.upsert_seeker(SeekerDoc(77777, "主播", occupation_codes=("S01",)))
    assert 77777 in {m.id for m in loaded.rank_seekers(103, k=1000)[0]}


def test_explanations_present(fitted, seekers):
    page, _ = fitted.rank_seekers(101, k=5)
    assert page
    for m in page:
        assert set(m.components) == set(scoring.COMPONENTS)
        assert any(r.code == R.LICENCE_OK for r in m.reasons)
        assert 0.0 <= m.score <= 1.0
    posting = POSTINGS[0]
    seeker = SeekerDoc(1, "外卖骑手 送餐", occupation_codes=("D01",), district_code="150105",
                       has_ebike=True, health_certificate=True, birth_year=YEAR - 30,
                       availability=frozenset({"full_time", "nights"}), pay_amount=7000,
                       pay_unit="month")
    e = fitted.explain(posting, seeker)
    assert Reason(R.SAME_DISTRICT, {"district": "150105"}) in e.reasons
    assert Reason(R.PAY_IN_RANGE, {}) in e.reasons
    assert Reason(R.WORKS_NIGHTS, {}) in e.reasons
    assert Reason(R.MATCHED_TERMS, {"terms": e.matched_terms}) in e.reasons
    assert e.matched_terms


def test_eligibility_messages(fitted):
    p = POSTINGS[1]
    s = SeekerDoc(1, "货车司机", licences=("C1",), birth_year=YEAR - 19)
    e = fitted.eligibility(p, s)
    assert not e.eligible
    assert Reason(R.NEEDS_LICENCE, {"licence": "B2"}) in e.failures
    assert Reason(R.NEEDS_MIN_AGE, {"age": 21}) in e.failures
    e = fitted.eligibility(POSTINGS[0], SeekerDoc(2, "骑手"))
    assert [r.code for r in e.failures] == [
        R.NEEDS_MIN_AGE, R.NEEDS_HEALTH_CERTIFICATE, R.NEEDS_EBIKE, R.NEEDS_NIGHTS
    ]
    hidden = fitted.eligibility(POSTINGS[3], SeekerDoc(3, "x", visible=False))
    assert hidden.failures == (Reason(R.PROFILE_HIDDEN, {}),)
    assert fitted.eligibility(p, SeekerDoc(3, "x", licences=("A2",), birth_year=YEAR - 40)).eligible


def test_pay_units():
    # like units compare exactly; different units through documented monthly factors
    assert scoring.monthly(300, "day") == pytest.approx(300 * 21.75)
    assert scoring.monthly(None, "day") != scoring.monthly(None, "day")  # NaN
    lo, hi = scoring.monthly(20, "hour"), scoring.monthly(25, "hour")
    assert scoring.pay_fit(scoring.monthly(24, "hour"), lo, hi) == 1.0
    assert scoring.pay_fit(scoring.monthly(40, "hour"), lo, hi) < 0.5
    assert scoring.pay_fit(scoring.monthly(5000, "month"), scoring.monthly(250, "day"),
                           scoring.monthly(300, "day")) == 1.0
    assert scoring.pay_fit(scoring.monthly(15000, "month"), scoring.monthly(250, "day"),
                           scoring.monthly(300, "day")) < 1.0
    assert scoring.pay_fit(float("nan"), lo, hi) == scoring.PAY_UNKNOWN
    m = Matcher().fit(
        [SeekerDoc(1, "骑手", pay_amount=8, pay_unit="order"),
         SeekerDoc(2, "骑手", pay_amount=15, pay_unit="order")],
        [PostingDoc(1, "骑手", pay_min=6, pay_max=9, pay_unit="order")],
    )
    page, _ = m.rank_seekers(1)
    assert [x.id for x in page] == [1, 2]
    assert page[0].components["pay"] == 1.0 and page[1].components["pay"] < 1.0


def test_weights_validated():
    with pytest.raises(ValueError):
        Matcher(weights={"nonsense": 1.0}).fit([], [])


def test_empty_index():
    m = Matcher().fit([], [PostingDoc(1, "骑手")])
    assert m.rank_seekers(1) == ([], 0)
    m.upsert_seeker(SeekerDoc(5, "骑手"))
    assert [x.id for x in m.rank_seekers(1)[0]] == [5]


def test_progress_called(seekers):
    calls = []
    Matcher().fit(seekers[:20], POSTINGS, progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]


def test_kernel_heap_matches_sort():
    from matching import kernels

    rng = np.random.default_rng(3)
    hs = np.full(10, -1.0, np.float32)
    hr = np.full(10, -1, np.int64)
    size = 0
    vals = rng.integers(0, 5, 200).astype(np.float32)
    for r, v in enumerate(vals):
        size = kernels._heap_push(hs, hr, size, v, r)
    got = sorted(zip(-hs[:size], hr[:size], strict=True))
    want = sorted(zip(-vals, range(200), strict=True))[:10]
    assert [int(r) for _, r in got] == [r for _, r in want]


def test_rank_fair_accepts_any_iterable_of_ids(fitted, seekers):
    ids = [s.id for s in seekers[:60]]
    want = fitted.rank_fair(ids, [100], k=10)[100]
    for given in (set(ids), tuple(ids), np.array(ids), (i for i in ids), ids + [10**12, -5]):
        got = fitted.rank_fair(given, [100], k=10)[100]
        assert [(m.id, m.score) for m in got] == [(m.id, m.score) for m in want]


def test_updates_keep_the_eligible_count_exact(seekers):
    m = Matcher().fit(seekers, POSTINGS)
    for p in POSTINGS:
        _, before = m.rank_seekers(p.id, k=1)
        _, filtered = m.rank_seekers(p.id, k=1, district_code="150100")
        assert filtered <= before
    m.remove_seeker(seekers[0].id)
    m.upsert_seeker(SeekerDoc(9001, "外卖骑手", occupation_codes=("D01",), has_ebike=True,
                              health_certificate=True, birth_year=YEAR - 30,
                              availability=frozenset({"full_time", "nights"})))
    for p in POSTINGS:
        page, total = m.rank_seekers(p.id, k=1000)
        assert total == len(page)
