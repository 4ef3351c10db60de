"""Words of a text and the whole words two texts share (the reasons' matched terms)."""

import pytest

from matching import words
from matching.text import normalise

# (posting, seeker, a term that must be shown, fragments that must never be)
PAIRS = [
    ("重型货车司机", "开过重型货车", "重型货车", {"型货", "车司", "重型货", "货车司"}),
    (
        "招聘重型货车司机，需B2驾照，跑长途",
        "A2驾照，开过五年重型货车，熟悉高速",
        "重型货车",
        {"型货", "车司", "驾照，"},
    ),
    (
        "招聘外卖骑手，熟悉城区路线，自备电动车",
        "想找骑手的工作，有电动车",
        "骑手",
        {"卖骑", "手熟"},
    ),
    ("招聘带货主播，口才好，镜头感强", "做过两年带货主播，镜头感强", "带货主播", {"货主", "装带"}),
    ("招聘仓库管理员，会用WMS系统，出入库盘点", "仓库管理员 熟悉WMS系统", "wms系统", {"库管"}),
    ("招聘貨車司機", "货车司机", "货车司机", {"车司"}),
    ("网约配送员", "做过配送员", "配送员", {"约配"}),
]


def _is_word_run(term: str, text: str) -> bool:
    """``term`` is made of whole precise-mode words of ``text``, next to each other."""
    toks = words.tokens(normalise(text))
    for i in range(len(toks)):
        joined = ""
        for t in toks[i:]:
            joined += t
            if joined == term:
                return True
            if len(joined) >= len(term):
                break
    # search mode: a dictionary word inside a longer word ("配送员" in "网约配送员")
    return term in words.search_tokens(normalise(text))


@pytest.mark.parametrize(("posting", "seeker", "expected", "fragments"), PAIRS)
def test_shared_terms_are_whole_words_of_both_texts(posting, seeker, expected, fragments):
    got = words.shared_terms(normalise(posting), normalise(seeker))
    assert expected in got
    assert 1 <= len(got) <= 4
    assert not set(got) & fragments
    for term in got:
        assert _is_word_run(term, posting) and _is_word_run(term, seeker), term


def test_runs_do_not_cross_a_space_and_generic_words_are_not_shown():
    got = words.shared_terms(
        normalise("负责日常行政事务 文件整理，有工作经验优先"),
        normalise("做过行政事务 文件整理 3年工作经验"),
    )
    assert set(got) == {"行政事务", "文件整理"}


def test_schedule_and_pay_words_are_left_to_their_own_reasons():
    got = words.shared_terms(
        normalise("招聘全职货车司机 日均收入300元 每天结算"),
        normalise("想找全职的货车司机工作 日均收入要300"),
    )
    assert got == ("货车司机",)


def test_at_most_four_terms_heaviest_first():
    posting = normalise("会计 出纳 财务报表 税务申报 成本核算 审计 用友软件")
    seeker = normalise("用友软件 审计 成本核算 税务申报 财务报表 出纳 会计")
    got = words.shared_terms(posting, seeker, weight=lambda w: {"审计": 9.0}.get(w, 1.0))
    assert len(got) == 4 and got[0] == "审计"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "！！！？？…",
        "🚚🛵😀😀",
        "python java spring boot",
        "貨車司機 货车司机",
        "１２３４５ 薪资８０００",
        "重型货车" * 5000,
        "\u200b\u3000",
        "a" * 30000,
    ],
)
def test_bad_input_never_raises(text):
    norm = normalise(text)
    assert words.shared_terms(norm, normalise("重型货车司机 python 8000")) is not None
    assert all(words.is_content_word(w) for w in words.content_words(norm))


def test_long_texts_are_segmented_up_to_max_chars():
    assert len("".join(words.tokens("重型货车" * 5000))) <= words.MAX_CHARS


def test_taxonomy_words_stay_whole_and_name_their_occupation():
    assert "网约配送员" in words.tokens("网约配送员")
    assert words.known_word_code("外卖骑手") == "D01"
    assert words.known_word_code("重型") is None


def _full_dictionary_segmenter():
    """jieba's whole compiled dictionary, with the same taxonomy words added."""
    import rjieba

    full = rjieba.Jieba()
    for word in words._vocabulary_to_add(full):
        full.add_word(word, None, None)
    return full


def test_trimmed_dictionary_cuts_taxonomy_and_evaluation_texts_as_the_full_one():
    """The loaded part of jieba's dictionary segments the words that matter unchanged."""
    from bench import generate as gen
    from matching import taxonomy

    texts = [normalise(w) for o in taxonomy.OCCUPATIONS for w in (o.name, *o.synonyms, *o.skills)]
    data = gen.generate(seed=1, n_seekers=300)
    long = gen.generate_long(seed=1, n_seekers=30)
    for d in (*data["seekers"], *data["postings"], *long["seekers"], *long["postings"]):
        texts.append(normalise(d["text"] if isinstance(d, dict) else d.text))
    texts += ["会计 财务报表 3年", "招聘重型货车司机 需b2驾照", "熟练使用剪映 网约配送员"]
    ours, full = words._segmenter(), _full_dictionary_segmenter()
    for text in texts:
        assert ours.cut(text, False) == full.cut(text, False), text
        assert ours.cut_for_search(text, False) == full.cut_for_search(text, False), text


def test_trimmed_dictionary_is_a_small_part_of_jiebas():
    lines = words.DICTIONARY.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# total 60101967"  # jieba 0.42.1's dict.txt
    assert 50_000 < len(lines) < 150_000
    assert words.DICTIONARY.stat().st_size < 2 * 2**20
