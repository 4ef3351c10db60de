import pytest

from matching import licences, taxonomy, titles
from matching.taxonomy import OCCUPATIONS, TRADES


def names(results):
    return [occupation.name for occupation, _ in results]


def test_trades():
    assert TRADES == {
        "delivery": "即时配送/快递",
        "logistics": "物流货运/仓储",
        "livestream": "直播电商",
        "other": "其他",
    }


def test_occupations_are_well_formed():
    codes = [o.code for o in OCCUPATIONS]
    assert len(codes) == len(set(codes))
    for o in OCCUPATIONS:
        assert o.trade in TRADES
        prefix = {"delivery": "D", "logistics": "L", "livestream": "S", "other": "O"}
        assert o.code[0] == prefix[o.trade]
        assert o.synonyms and o.skills
        assert o.typical_licence is None or o.typical_licence in licences.CLASSES
        assert o.needs_vehicle in (None, "ebike", "car")
        assert taxonomy.get(o.code) is o


@pytest.mark.parametrize(
    "name",
    [
        "网约配送员",
        "快递员",
        "分拣员",
        "同城货运司机",
        "货车司机",
        "轻型货车司机",
        "仓管员",
        "装卸工",
        "调度员",
        "叉车司机",
        "带货主播",
        "直播运营",
        "场控",
        "网店店主",
        "电商客服",
        "短视频剪辑",
        "短视频拍摄",
        "选品专员",
        "打包员",
        "仓储普工",
    ],
)
def test_required_occupations_exist(name):
    assert name in {o.name for o in OCCUPATIONS}


def test_requirements_of_key_occupations():
    by_name = {o.name: o for o in OCCUPATIONS}
    rider = by_name["网约配送员"]
    assert rider.needs_health_certificate and rider.needs_vehicle == "ebike"
    assert by_name["货车司机"].typical_licence == "B2"
    assert by_name["牵引车司机"].typical_licence == "A2"
    assert by_name["轻型货车司机"].typical_licence == "C1"
    assert not by_name["快递员"].needs_health_certificate
    assert "叉车证" in by_name["叉车司机"].skills


def test_get_and_by_trade():
    assert taxonomy.get("nope") is None
    assert taxonomy.get(None) is None
    assert {o.trade for o in taxonomy.by_trade("livestream")} == {"livestream"}
    assert taxonomy.by_trade("unknown") == ()
    groups = taxonomy.grouped_choices()
    assert [label for label, _ in groups] == list(TRADES.values())
    assert sum(len(options) for _, options in groups) == len(OCCUPATIONS)


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
    results = taxonomy.match_title(text)
    assert results, text
    assert results[0][0].name == expected


def test_match_title_scores():
    exact = taxonomy.match_title("外卖小哥", limit=1)
    assert exact[0][1] == 100.0
    contained = taxonomy.match_title("开大车的", limit=1)[0][1]
    typo = taxonomy.match_title("骑首", limit=1)[0][1]
    assert 85 <= contained < 100
    assert 60 <= typo < 85
    for text in ["外卖小哥", "司机", "直播", "外卖快递都干过"]:
        scores = [s for _, s in taxonomy.match_title(text, limit=5)]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 100 for s in scores)


def test_match_title_limit_and_cutoff():
    assert len(taxonomy.match_title("直播", limit=2)) == 2
    assert taxonomy.match_title("骑手", limit=0) == []
    assert taxonomy.match_title("骑首", score_cutoff=90) == []
    both = names(taxonomy.match_title("外卖快递都干过"))
    assert both[:2] == ["网约配送员", "快递员"]


@pytest.mark.parametrize("text", [None, "", "   ", "!!!", "asdfgh", "程序员", "会计", "厨师"])
def test_match_title_garbage(text):
    assert taxonomy.match_title(text) == []


def test_related():
    assert taxonomy.related("D01", "D01") == 1.0
    assert taxonomy.related("D02", "D03") == pytest.approx(0.5)
    assert taxonomy.related("D03", "D02") == pytest.approx(0.5)
    assert taxonomy.related("S01", "S03") == pytest.approx(0.5)
    assert taxonomy.related("S01", "S02") == pytest.approx(0.5)
    assert taxonomy.related("D01", "S01") == 0.0
    assert taxonomy.related("D01", "nope") == 0.0
    assert taxonomy.related(None, "D01") == 0.0


def test_adjacency_refers_to_known_codes_with_weights_below_one():
    for (a, b), weight in taxonomy._ADJACENT.items():
        assert taxonomy.get(a) and taxonomy.get(b) and a != b
        assert 0 < weight < 1


def test_every_alias_belongs_to_one_occupation():
    aliases = taxonomy.aliases()  # raises ValueError on a clash
    for occupation in OCCUPATIONS:
        assert aliases.by_key[occupation.name] == occupation.code


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
    assert taxonomy.codes_for_text(text) == codes


def test_codes_for_text_without_fuzzy_skips_typos():
    assert taxonomy.codes_for_text("骑首", fuzzy=False) == ()


# ---------------------------------------------------------------------------
# Typo-tolerant codes_for_text through the pinyin index (always on in fits)
# ---------------------------------------------------------------------------


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
    ],
)
def test_codes_for_text_tolerates_typos(text, code):
    assert taxonomy.codes_for_text(text) == (code,)


@pytest.mark.parametrize(
    "text",
    [
        "保安", "厨师", "会计", "想找保安的工作", "应聘厨师，能吃苦耐劳", "会计师", "收银员",
        "服务员", "保洁员", "保安员", "小车司机", "出租车司机", "网约车司机", "校车司机",
        "专车司机",
        "药房管理员", "铲车司机", "电焊工", "能克服", "遇到困难能克服", "我的设想是", "没工作经验",
        "身体健康 吃苦耐劳 责任心强", "家在附近", "会开车", "zhaogongzuo",
    ],
)
def test_codes_for_text_typos_keep_precision(text):
    assert taxonomy.codes_for_text(text) == ()


def test_a_dictionary_word_is_not_a_typo():
    # 克服 sounds exactly like 客服 (ke4 fu2) but is a word of its own
    assert taxonomy.codes_for_text("能克服") == ()
    assert taxonomy.codes_for_text("做客服") == ("S07",)


def test_exact_and_typo_mentions_together_in_order():
    assert taxonomy.codes_for_text("想找骑守，也可以做叉车工") == ("D01", "L08")
    assert taxonomy.codes_for_text("想找骑守", fuzzy=False) == ()


def test_codes_for_text_fuzzy_is_cached_per_word():
    taxonomy.codes_for_text("想找骑守，能吃苦")
    before = titles._word_matches.cache_info().hits
    taxonomy.codes_for_text("能吃苦，想找骑守")
    assert titles._word_matches.cache_info().hits >= before + 2


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
    assert taxonomy.codes_for_text(text, fuzzy=False) == (code,)
