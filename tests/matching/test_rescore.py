"""Rescoring the index's candidates on the full texts, and the whole-word reasons it gives."""

from __future__ import annotations

import random
import time
from datetime import date

import numpy as np
import pytest

from matching import reasons as R
from matching.documents import PostingDoc, SeekerDoc
from matching.matcher import Matcher
from matching.rescore import TextStore, clip
from matching.text import normalise
from matching.words import MAX_CHARS

AS_OF = date(2025, 6, 30)

FILLER = "能吃苦耐劳，服从安排，做事踏实，责任心强，身体健康，沟通能力好，希望长期稳定。"
IT = "熟悉java开发，spring boot框架，mysql数据库，redis缓存，linux服务器部署。"
OFFICE = "负责行政事务，文件整理，会议安排，办公用品采购，熟练使用excel和word。"

BAD_TEXTS = [
    "重型货车司机" * 3500,  # 21,000 characters
    "！！！。。。，，，？？？……——" * 10,  # punctuation only
    "🚚🛵😀🙏🏻👍" * 20,  # emoji only
    "python java sql linux docker kubernetes",  # Latin letters only
    "招聘貨車司機，需要B2駕照，跑長途运输",  # traditional and simplified mixed
    "薪资８０００元　工作经验３年　Ｂ２驾照",  # full-width digits and letters
    "",
]


def _seekers() -> list[SeekerDoc]:
    rng = random.Random(5)
    out = [
        SeekerDoc(1, "开过重型货车，五年经验", licences=("B2",)),
        SeekerDoc(2, FILLER * 3 + IT),  # the IT words come late in a long text
        SeekerDoc(3, FILLER * 3 + OFFICE),
        SeekerDoc(4, FILLER * 4),
        SeekerDoc(5, "外卖骑手 有电动车", occupation_codes=("D01",), has_ebike=True),
    ]
    for i, text in enumerate(BAD_TEXTS):
        out.append(SeekerDoc(100 + i, text, licences=("B2",)))
    for i in range(200):
        out.append(SeekerDoc(1000 + i, rng.choice([FILLER, OFFICE, IT, "仓库管理员 出入库"])))
    return out


POSTINGS = [
    PostingDoc(10, "招聘重型货车司机，需B2驾照，跑长途", required_licence="B2"),
    PostingDoc(11, "招聘java开发工程师：" + IT + "有团队精神。"),
    PostingDoc(12, "招聘行政文员：" + OFFICE),
] + [PostingDoc(20 + i, t) for i, t in enumerate(BAD_TEXTS)]


@pytest.fixture(scope="module")
def fitted() -> Matcher:
    return Matcher(as_of=AS_OF, n_jobs=1).fit(_seekers(), POSTINGS)


def test_reasons_show_whole_words_never_fragments(fitted):
    page, _ = fitted.rank_seekers(10, k=5)
    top = next(m for m in page if m.id == 1)  # "开过重型货车" for "招聘重型货车司机"
    assert "重型货车" in top.matched_terms
    assert not {"型货", "车司", "货车司"} & set(top.matched_terms)
    assert R.MATCHED_TERMS in {r.code for r in top.reasons}
    pair = fitted.explain(POSTINGS[0], _seekers()[0])
    assert pair.matched_terms == top.matched_terms


def test_long_texts_rank_on_all_their_words(fitted):
    # Seekers 2, 3 and 4 share the long filler; only the words at the end differ.
    it, _ = fitted.rank_seekers(11, k=3)
    office, _ = fitted.rank_seekers(12, k=3)
    assert it[0].id in {2} | set(range(1000, 1200))
    assert [m.id for m in it].index(it[0].id) == 0
    ranked_it = [m.id for m in fitted.rank_seekers(11, k=500)[0]]
    ranked_office = [m.id for m in fitted.rank_seekers(12, k=500)[0]]
    assert ranked_it.index(2) < ranked_it.index(3) < ranked_it.index(4)
    assert ranked_office.index(3) < ranked_office.index(2)
    assert office[0].matched_terms and len(office[0].matched_terms) <= 4


def test_rescored_order_is_what_explain_says(fitted):
    seekers = {s.id: s for s in _seekers()}
    for posting in POSTINGS[:3]:
        page, total = fitted.rank_seekers(posting.id, k=total_of(fitted, posting.id))
        for m in page[:40]:
            e = fitted.explain(posting, seekers[m.id])
            assert abs(e.score - m.score) < 1e-5, (posting.id, m.id)
            assert e.components["text"] == pytest.approx(m.components["text"], abs=1e-5)
        scores = [m.score for m in page]
        assert scores == sorted(scores, reverse=True)


def total_of(m: Matcher, posting_id: int) -> int:
    return m.rank_seekers(posting_id, k=1)[1]


def test_pages_neither_repeat_nor_skip(fitted):
    whole = [m.id for m in fitted.rank_seekers(12, k=30)[0]]
    pages = [m.id for off in range(0, 30, 7) for m in fitted.rank_seekers(12, k=7, offset=off)[0]]
    assert pages[:30] == whole[: len(pages[:30])] or len(set(pages)) == len(pages)
    assert len(set(pages)) == len(pages)


def test_bad_input_ranked_and_explained_without_error(fitted):
    for posting in POSTINGS:
        page, total = fitted.rank_seekers(posting.id, k=50)
        assert len(page) <= 50 and total >= len(page)
        for m in page:
            assert 0.0 <= m.components["text"] <= 1.0
            assert len(m.matched_terms) <= 4
    for sid in range(100, 100 + len(BAD_TEXTS)):
        fitted.rank_postings(sid, k=10)
    fair = fitted.rank_fair([s.id for s in _seekers()], [p.id for p in POSTINGS], k=5)
    assert set(fair) == {p.id for p in POSTINGS}
    for text in BAD_TEXTS:
        fitted.explain(POSTINGS[0], SeekerDoc(9, text))
        fitted.explain(PostingDoc(9, text), SeekerDoc(9, text))


def test_a_huge_text_costs_a_bounded_time(fitted):
    huge = SeekerDoc(5000, "熟悉java开发 mysql数据库 " * 2000)  # 40,000 characters
    fitted.upsert_seeker(huge)
    assert len(fitted.texts_.get_many([fitted.seeker_rows_.get(5000)])[0]) == MAX_CHARS
    fitted.rank_seekers(11, k=50)
    started = time.perf_counter()
    for _ in range(5):
        fitted.rank_seekers(11, k=50)
    assert (time.perf_counter() - started) / 5 < 0.25
    fitted.remove_seeker(5000)


def test_rank_postings_are_rescored_too(fitted):
    got = fitted.rank_postings(2, k=3)
    assert got[0].id == 11
    assert any("java" in t or "mysql" in t for t in got[0].matched_terms)


def test_save_load_keeps_texts_and_word_statistics(fitted, tmp_path):
    path = tmp_path / "m.npz"
    fitted.save(path)
    loaded = Matcher.load(path)
    for pid in (10, 11, 12):
        a = fitted.rank_seekers(pid, k=20)[0]
        b = loaded.rank_seekers(pid, k=20)[0]
        assert [(m.id, m.score, m.matched_terms) for m in a] == [
            (m.id, m.score, m.matched_terms) for m in b
        ]


def test_text_store_overwrites_grows_and_compacts():
    store = TextStore(2)
    store.set_many(0, ["外卖骑手", "货车司机"])
    store.set(1, "司机")
    store.set(5, "带货主播 口才好")
    store.set(0, "外卖骑手 五年经验 熟悉城区路线")
    store.clear(1)
    assert store.get_many([0, 1, 5, 99]) == [
        "外卖骑手 五年经验 熟悉城区路线",
        "",
        "带货主播 口才好",
        "",
    ]
    arrays = store.arrays(6)
    again = TextStore.from_arrays(arrays["arena"], arrays["starts"], arrays["lens"], 8)
    assert again.get_many([0, 5]) == store.get_many([0, 5])
    store.set(2, "a" * (3 * MAX_CHARS))
    assert store.get_many([2]) == ["a" * MAX_CHARS]
    assert np.all(store.lens >= 0)


def test_rescore_depth_zero_keeps_the_index_order():
    m = Matcher(as_of=AS_OF, n_jobs=1, rescore_depth=0).fit(_seekers(), POSTINGS)
    page, _ = m.rank_seekers(11, k=20)
    assert [x.score for x in page] == sorted((x.score for x in page), reverse=True)


def test_loaded_text_store_is_mapped_and_takes_updates(fitted, tmp_path):
    path = tmp_path / "m.npz"
    fitted.save(path)
    loaded = Matcher.load(path)
    assert isinstance(loaded.texts_.arena, np.memmap)
    assert loaded.texts_.nbytes() == 0  # nothing of the store read into memory
    rows = list(range(fitted.seekers_.n))
    assert loaded.texts_.get_many(rows) == fitted.texts_.get_many(rows)
    # rows written after the load win over the mapped arrays, and are saved
    row = 1
    loaded.texts_.set(row, "保安 夜班 十年经验")
    loaded.texts_.clear(0)
    loaded.texts_.set(loaded.seekers_.n, "厨师")
    again_path = tmp_path / "again.npz"
    loaded.seekers_.n += 1
    loaded.save(again_path)
    loaded.seekers_.n -= 1
    again = Matcher.load(again_path).texts_
    assert again.get_many([row, 0, loaded.seekers_.n]) == ["保安 夜班 十年经验", "", "厨师"]
    assert again.get_many(rows[2:200]) == fitted.texts_.get_many(rows[2:200])


def test_kept_seeker_vectors_give_the_same_scores_and_stay_bounded(fitted, monkeypatch):
    from matching import rescore

    stats = fitted.word_stats_
    stats._seekers.clear()
    cold, _ = fitted.rank_seekers(11, k=30)  # long posting: every candidate rescored
    assert stats._seekers  # the candidates' vectors were kept
    warm, _ = fitted.rank_seekers(11, k=30)
    assert [(m.id, m.score) for m in warm] == [(m.id, m.score) for m in cold]
    text = next(iter(stats._seekers))
    assert stats._seekers[text] == stats.vector(text)
    monkeypatch.setattr(rescore, "_SEEKER_CACHE", 3)
    stats._seekers.clear()
    fitted.rank_seekers(12, k=30)
    assert len(stats._seekers) <= 3


def test_kept_posting_rows_are_sparse_and_score_as_dense_ones(fitted):
    from matching import rescore

    texts = [rescore.posting_text(fitted, fitted._posting_row(p.id)) for p in POSTINGS]
    seeker = clip(normalise(FILLER * 2 + IT))
    got = rescore.posting_text_scores(fitted, seeker, texts)
    # the same with dense rows, as the cache held them before
    terms, weights = fitted.vectorizer_.transform_ell([seeker], 0)
    stats = fitted.word_stats_
    svec = stats.vector(seeker)
    want = []
    for text in texts:
        t, w = fitted.vectorizer_.transform_ell([clip(text)], 0)
        qd = rescore._dense(fitted, t[0], w[0])
        chars = float((qd[terms[0]] * weights[0]).sum(dtype=np.float64))
        pvec = stats.vector(clip(text))
        word = rescore._word_cos(pvec, svec) if pvec and svec else 0.0
        want.append(rescore._mix(np.array([chars]), np.array([word]))[0])
    assert got.tolist() == want  # bit for bit
    for p_terms, p_weights, _vec in stats._postings.values():
        assert len(p_terms) == len(p_weights) < fitted.n_features_  # never a dense row
        assert np.all(np.diff(p_terms) > 0)


@pytest.mark.parametrize("odd", ["", "a\x00b"])
def test_text_store_written_in_chunks_reads_as_written_one_by_one(odd):
    texts = ["外卖骑手 电动车", "", None, "𠀀𝄞 emoji 😀", "\ud800 lone surrogate", "x" * 9000, odd]
    chunked, single = TextStore(), TextStore()
    chunked.set_many(0, texts[:3])
    chunked.set_many(3, texts[3:])
    for row, text in enumerate(texts):
        single.set(row, text)
    rows = list(range(len(texts)))
    assert chunked.get_many(rows) == single.get_many(rows)
    assert chunked.get_many([0, 3, 6]) == ["外卖骑手 电动车", "𠀀𝄞 emoji 😀", odd]
    assert len(chunked.get_many([5])[0]) == MAX_CHARS


def test_empty_rows_never_point_past_a_compacted_store():
    store = TextStore()
    store.set_many(0, ["保安", "", "厨师 十年", ""])
    store.set(2, "")  # emptied in place: its bytes become garbage, compacted away
    a = store.arrays(4)
    assert np.all(a["starts"] + a["lens"] <= len(a["arena"]))
    mapped = TextStore.from_arrays(a["arena"], a["starts"], a["lens"], 4, mapped=True)
    mapped.set(1, "月嫂")  # a row written after a load is appended when saved
    b = mapped.arrays(4)
    again = TextStore.from_arrays(b["arena"], b["starts"], b["lens"], 4, mapped=True)
    assert again.get_many([0, 1, 2, 3]) == ["保安", "月嫂", "", ""]
