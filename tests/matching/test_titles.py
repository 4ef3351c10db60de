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


@pytest.mark.parametrize("text", [None, "", "   ", "!!!", "asdfgh", "程序员", "会计", "电焊工"])
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


# Real-looking titles and wishes for the occupations beyond the three trades.
@pytest.mark.parametrize(
    "text, code",
    [
        ("招聘网约车司机，月入过万", "O02"),
        ("滴滴快车司机 可租车", "O02"),
        ("跑滴滴的", "O02"),
        ("網約車司機", "O02"),
        ("出租车司机（白班）", "O03"),
        ("开出租的", "O03"),
        ("招聘商务司机，驾龄五年以上", "O04"),
        ("公司小车司机", "O04"),
        ("公交司机 A3驾照", "O05"),
        ("旅游大巴司机", "O05"),
        ("校车司机", "O05"),
        ("e代驾招募代驾司机", "O06"),
        ("兼职代驾，晚上接单", "O06"),
        ("高铁司机", "O07"),
        ("地铁列车司机（倒班）", "O07"),
        ("火车司机", "O07"),
        ("小区保安 包吃住", "O08"),
        ("门卫（夜班）", "O08"),
        ("想找保安的工作", "O08"),
        ("商场保洁阿姨", "O09"),
        ("物业保洁员", "O09"),
        ("开荒保洁", "O09"),
        ("住家保姆，照顾老人", "O10"),
        ("家政阿姨", "O10"),
        ("钟点工", "O10"),
        ("金牌月嫂", "O11"),
        ("育儿嫂（住家）", "O11"),
        ("医院护工", "O12"),
        ("养老院护理员", "O12"),
        ("招聘炒锅师傅", "O13"),
        ("食堂厨师", "O13"),
        ("应聘厨师，能吃苦耐劳", "O13"),
        ("后厨帮工", "O14"),
        ("食堂帮厨", "O14"),
        ("洗碗工", "O14"),
        ("饭店服务员", "O15"),
        ("火锅店服务员", "O15"),
        ("超市收银员", "O16"),
        ("收银", "O16"),
        ("抖音/视频号/小红书运营", "S12"),
        ("新媒体运营专员", "S12"),
        ("短视频运营", "S12"),
    ],
)
def test_other_occupations_people_name(text, code):
    assert titles.codes_for_text(text) == (code,)
    assert titles.match_title(text)[0][0].code == code


# Context: the word before a name, the rest of the text, a homophone's cues.
@pytest.mark.parametrize(
    "text, codes",
    [
        ("韵达配送员，负责派件", ("D02",)),  # a courier, not also a rider
        ("顺丰配送员", ("D02",)),
        ("京东物流配送员 片区固定", ("D02",)),
        ("配送员，负责小区派件揽件", ("D02",)),  # a bare 配送员 yields to the courier
        ("配送员，快递分拣", ("D03",)),
        ("配送员 负责送餐", ("D01",)),
        ("美团配送员", ("D01",)),
        ("外卖配送员或快递员", ("D01", "D02")),
        ("医药配送员", ()),  # neither rider nor courier
        ("药品配送员，负责送到各药店", ()),
        ("桶装水配送员", ()),
        ("火车司机", ("O07",)),  # a train driver, not a truck driver
        ("高铁司机", ("O07",)),
        ("地铁司机", ("O07",)),
        ("动车司机", ("O07",)),
        ("开火车的", ("O07",)),
        ("想找火车司机，有B2驾照", ("L01",)),  # huǒchē typed for huòchē
        ("火车司机，跑长途", ("L01",)),
        ("应聘火车司机，会绑货", ("L01",)),
        ("外卖骑手，确保安全送达", ("D01",)),  # 确保安全 holds 保安, names nothing
        ("做好防护工作", ()),  # 防护工作 holds 护工
        ("平安保险招聘", ()),
        ("中央大厨房分拣员", ("D03",)),
        ("提供清洁工具", ()),
    ],
)
def test_occupations_read_in_context(text, codes):
    assert titles.codes_for_text(text) == codes


def test_match_title_reads_context_too():
    assert names(titles.match_title("医药配送员")) == []
    assert names(titles.match_title("韵达配送员")) == ["快递员"]
    assert names(titles.match_title("确保安全")) == []
    # A bare 火车司机 is a train driver first; the homophone stays a suggestion.
    assert names(titles.match_title("火车司机"))[:2] == ["轨道交通列车司机", "货车司机"]
    assert names(titles.match_title("火车司机，有B2驾照")) == ["货车司机"]
