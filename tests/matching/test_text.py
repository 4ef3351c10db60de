import time

import pytest

from matching.text import chinese_to_int, normalise, pinyin, pinyin_initials, tokens_for_fuzzy


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   \t\n ", ""),
        ("Ｂ２驾照", "b2驾照"),
        ("ＡＢＣ　ｄｅｆ", "abc def"),
        ("送外賣", "送外卖"),
        ("開大車的", "开大车的"),
        ("倉庫管理員", "仓库管理员"),
        ("五年经验", "5年经验"),
        ("两年", "2年"),
        ("十五", "15"),
        ("二十五岁", "25岁"),
        ("十多年", "10多年"),
        ("一百五十块", "150块"),
        ("三千五", "3500"),
        ("月入一万", "月入10000"),
        ("二零二四年", "2024年"),
        ("3千", "3000"),
        ("3k", "3000"),
        ("3K", "3000"),
        ("4.5k", "4500"),
        ("1.2万", "12000"),
        ("1w", "10000"),
        ("3000-5000元/月", "3000 5000元 月"),
        ("价格3.5元。", "价格3.5元"),
        ("骑手，外卖员！！快递_员", "骑手 外卖员 快递 员"),
        ("C1/B2", "c1 b2"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "word",
    ["千万不要", "万一", "统一", "一起", "三轮车", "一一对应", "三四年", "十分"],
)
def test_normalise_leaves_words_that_are_not_quantities(word):
    assert normalise(word) == word


def test_normalise_units_are_not_multiplied():
    assert normalise("3kg") == "3kg"
    assert normalise("4k视频") == "4000视频"  # documented: bare k after a number is 千


def test_traditional_phrases_convert_as_phrases():
    assert normalise("一目瞭然") == "一目了然"
    assert normalise("乾隆") == "乾隆"
    assert normalise("頭髮乾燥") == "头发干燥"
    assert normalise("傢俱") == "家具"


def test_normalise_is_idempotent():
    for raw in ["送外賣，五年經驗！", "Ｂ２驾照 / 月薪3k", "呼和浩特 赛罕区", "1.2万"]:
        once = normalise(raw)
        assert normalise(once) == once


def test_normalise_non_string_gives_empty():
    assert normalise(123) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("三千五", 3500),
        ("一万二", 12000),
        ("一万二千", 12000),
        ("一千零一", 1001),
        ("二零二四", 2024),
        ("千万", None),
        ("三四", None),
        ("", None),
        ("abc", None),
    ],
)
def test_chinese_to_int(numeral, value):
    assert chinese_to_int(numeral) == value


def test_tokens_for_fuzzy_joins_chinese_only():
    assert tokens_for_fuzzy("呼和浩特 赛罕区 B2 3年") == "呼和浩特赛罕区 b2 3年"
    assert tokens_for_fuzzy("b2 c1") == "b2 c1"


def test_pinyin_makes_homophone_typos_equal():
    assert pinyin("骑首") == pinyin("骑手") == "qishou"
    assert pinyin("") == ""


def test_pinyin_initials_for_mongolian_names():
    assert pinyin_initials("巴特尔") == "bte"
    assert pinyin_initials("苏日娜") == "srn"


def test_normalise_throughput():
    """Short profile strings: well above 50k per second without the cache."""
    from matching.text import _normalise

    raw = _normalise.__wrapped__
    samples = [f"外卖骑手 五年经验 B2驾照 月薪8k 呼和浩特赛罕区 {i}" for i in range(20000)]
    raw("warm up 外賣")
    started = time.perf_counter()
    for sample in samples:
        raw(sample)
    rate = len(samples) / (time.perf_counter() - started)
    assert rate > 20000, rate  # generous floor for slow CI machines
