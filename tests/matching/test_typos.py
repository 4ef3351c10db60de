"""Typo tolerance through the pinyin index (always on in fits)."""

import pytest

from matching import titles, typos


def test_codes_for_text_without_fuzzy_skips_typos():
    assert titles.codes_for_text("骑首", fuzzy=False) == ()


@pytest.mark.parametrize(
    "text, code",
    [
        ("想找外买员，能吃苦耐劳", "D01"),  # homophone, any tone, after a lead-in
        ("想找份骑守的工作", "D01"),  # lead-in and trailing words stripped
        ("求职送参员", "D01"),
        ("应聘快第员 两年经验", "D02"),
        ("意向分捡员", "D03"),
        ("想找货车司几", "L01"),
        ("面包车司几 三年", "L03"),
        ("应聘装写工", "L06"),
        ("插车司机", "L08"),
        ("主拨", "S01"),
        ("住播", "S04"),  # 住 zhu4 = 助 zhu4, not 主 zhu3
        ("厂控", "S03"),
        ("网店运赢", "S06"),  # the typo covers more than the exact 网店 (S05)
        ("电商客富", "S07"),
        ("掉度员", "L07"),
        ("waimai", "D01"),  # full pinyin typed in Latin letters
        ("kuaidiyuan", "D02"),
        # the occupations beyond the three trades
        ("网约车司几", "O02"),
        ("想找份包洁的工作", "O09"),  # 包 bao1 for 保 bao3
        ("保按", "O08"),
        ("门位", "O08"),
        ("家正服务员", "O10"),
        ("保母", "O10"),
        ("月扫阿姨", "O11"),
        ("护公", "O12"),
        ("求职橱师", "O13"),
        ("帮橱", "O14"),
        ("应聘收音员", "O16"),
        ("地铁司几", "O07"),
        ("新媒体运赢", "S12"),
        ("baojie", "O09"),
        ("daijia", "O06"),
    ],
)
def test_codes_for_text_tolerates_typos(text, code):
    assert titles.codes_for_text(text) == (code,)


@pytest.mark.parametrize(
    "text",
    [
        "会计", "会计师", "程序员", "司机", "药房管理员", "铲车司机", "电焊工", "能克服",
        "遇到困难能克服", "我的设想是", "设想", "没工作经验", "身体健康 吃苦耐劳 责任心强",
        "家在附近", "会开车", "zhaogongzuo",
        # real words that sound like a synonym: 保安 保洁 厨师 收银 保管员 选品 网店
        "报案", "宝安", "宝洁", "出师", "出事", "初始", "手印", "报关员", "选聘", "网点", "代价",
        "学徒出师", "遇事报案",
    ],
)
def test_codes_for_text_typos_keep_precision(text):
    assert titles.codes_for_text(text) == ()


def test_the_new_names_are_in_the_typo_index():
    index = typos._typo_index()
    indexed = {code for entries in index.toneless.values() for _, _, code in entries}
    assert {"O02", "O07", "O08", "O09", "O13", "O16", "S12"} <= indexed


def test_a_dictionary_word_is_not_a_typo():
    # 克服 sounds exactly like 客服 (ke4 fu2) but is a word of its own
    assert titles.codes_for_text("能克服") == ()
    assert titles.codes_for_text("做客服") == ("S07",)


def test_exact_and_typo_mentions_together_in_order():
    assert titles.codes_for_text("想找骑守，也可以做叉车工") == ("D01", "L08")
    assert titles.codes_for_text("想找骑守", fuzzy=False) == ()


def test_codes_for_text_fuzzy_is_cached_per_word():
    titles.codes_for_text("想找骑守，能吃苦")
    before = titles._word_matches.cache_info().hits
    titles.codes_for_text("能吃苦，想找骑守")
    assert titles._word_matches.cache_info().hits >= before + 2


def test_spans_offer_only_what_exact_matches_left():
    assert typos.spans("骑守", set()) == [(0, 2, 0, "D01")]
    assert typos.spans("骑守", {(0, 2)}) == []
    assert typos.spans("x", set()) == []
