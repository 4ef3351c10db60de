"""Free text to occupations: job titles and the occupations a text names."""

import pytest

from matching import titles


def names(results):
    return [occupation.name for occupation, _ in results]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("外卖小哥", "网约配送员"),
        ("骑手", "网约配送员"),
        ("美团骑手", "网约配送员"),
        ("送外賣", "网约配送员"),
        ("送外卖的", "网约配送员"),
        ("骑首", "网约配送员"),  # pinyin-input typo
        ("外买", "网约配送员"),  # homophone typo
        ("快递小哥", "快递员"),
        ("揽投员", "快递员"),
        ("快第员", "快递员"),
        ("快递分拣员", "分拣员"),
        ("開大車的", "货车司机"),
        ("开大车的", "货车司机"),
        ("跑大车", "货车司机"),
        ("鄂尔多斯急招B2司机", "货车司机"),
        ("半挂司机", "牵引车司机"),
        ("面包车司机", "轻型货车司机"),
        ("货拉拉司机", "同城货运司机"),
        ("仓库管理员", "仓管员"),
        ("库关", "仓管员"),
        ("搬运工", "装卸工"),
        ("物流调度", "调度员"),
        ("叉车证", "叉车司机"),
        ("带货", "带货主播"),
        ("抖音带货", "带货主播"),
        ("網紅主播", "带货主播"),
        ("带货主播招聘", "带货主播"),
        ("直播中控", "场控"),
        ("淘宝店主", "网店店主"),
        ("在线客服", "电商客服"),
        ("剪视频", "短视频剪辑"),
        ("选品", "选品专员"),
    ],
)
def test_match_title_best(text, expected):
    results = titles.match_title(text)
    assert results, text
    assert results[0][0].name == expected


def test_match_title_scores():
    exact = titles.match_title("外卖小哥", limit=1)
    assert exact[0][1] == 100.0
    contained = titles.match_title("开大车的", limit=1)[0][1]
    typo = titles.match_title("骑首", limit=1)[0][1]
    assert 85 <= contained < 100
    assert 60 <= typo < 85
    for text in ["外卖小哥", "司机", "直播", "外卖快递都干过"]:
        scores = [s for _, s in titles.match_title(text, limit=5)]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 100 for s in scores)


def test_match_title_limit_and_cutoff():
    assert len(titles.match_title("直播", limit=2)) == 2
    assert titles.match_title("骑手", limit=0) == []
    assert titles.match_title("骑首", score_cutoff=90) == []
    both = names(titles.match_title("外卖快递都干过"))
    assert both[:2] == ["网约配送员", "快递员"]


@pytest.mark.parametrize("text", [None, "", "   ", "!!!", "asdfgh", "程序员", "会计", "厨师"])
def test_match_title_garbage(text):
    assert titles.match_title(text) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("想找外卖骑手或者快递分拣的工作，会开叉车", ("D01", "D03", "L08")),
        ("骑首 跑腿 带货主播", ("D01", "S01")),
        ("本人有五年送外賣經驗", ("D01",)),
        ("招聘B2货车司机、装卸工若干", ("L01", "L06")),
        ("", ()),
        (None, ()),
        ("会计 出纳", ()),
    ],
)
def test_codes_for_text(text, codes):
    assert titles.codes_for_text(text) == codes


@pytest.mark.parametrize(
    "text, code",
    [
        ("跑单的", "D01"),
        ("送餐小哥", "D01"),
        ("跑众包", "D01"),
        ("快递派件", "D02"),
        ("理货", "D03"),
        ("开大货车的", "L01"),
        ("跑运输", "L01"),
        ("半挂", "L02"),
        ("开拖头的", "L02"),
        ("开车拉货的", "L04"),
        ("跑货拉拉", "L04"),
        ("搬货的", "L06"),
        ("叉车工", "L08"),
        ("打包工", "L09"),
        ("直播带货", "S01"),
        ("卖货主播", "S01"),
        ("直播销售", "S01"),
        ("带货博主", "S01"),
        ("场控助理", "S03"),
        ("副主播", "S04"),
        ("网店客服", "S07"),
        ("淘宝客服", "S07"),
        ("拼多多客服", "S07"),
        ("短视频制作", "S08"),
        ("剪片", "S08"),
    ],
)
def test_colloquial_job_words(text, code):
    assert titles.codes_for_text(text, fuzzy=False) == (code,)
