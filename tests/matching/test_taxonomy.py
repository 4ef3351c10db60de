"""The occupation taxonomy: trades, occupations, relatedness, synonyms."""

import re
from pathlib import Path

import pytest

from matching import licences, taxonomy
from matching.taxonomy import OCCUPATIONS, TRADES


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
        assert o.national_code is None or re.fullmatch(r"\d-\d\d-\d\d-\d\d", o.national_code)
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
        # beyond the three trades (issue 10)
        "网约车司机",
        "出租车司机",
        "小车司机",
        "客车司机",
        "汽车代驾员",
        "轨道交通列车司机",
        "保安员",
        "保洁员",
        "家政服务员",
        "月嫂",
        "养老护理员",
        "厨师",
        "帮厨",
        "餐厅服务员",
        "收银员",
        "全媒体运营师",
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


def test_the_other_jobs_belong_to_trade_other():
    # No new trade (that would need a migration): the jobs beyond the three
    # trades are "other"; new-media operation sits with livestream commerce.
    by_name = {o.name: o for o in OCCUPATIONS}
    for name in ("网约车司机", "汽车代驾员", "轨道交通列车司机", "保安员", "保洁员", "家政服务员",
                 "月嫂", "厨师", "帮厨", "收银员"):
        assert by_name[name].trade == "other"
    assert by_name["全媒体运营师"].trade == "livestream"
    assert by_name["普工"].code == "O01"  # the explicit "other" for everything else
    assert by_name["汽车代驾员"].typical_licence == "C1"
    assert by_name["客车司机"].typical_licence == "A1"
    assert by_name["轨道交通列车司机"].typical_licence is None  # no road licence class
    assert by_name["厨师"].needs_health_certificate and by_name["帮厨"].needs_health_certificate


# Codes verified against a transcription of the 2022 edition (see reference/README.md).
NATIONAL_CODES = {
    "D01": "4-10-08-01",  # 网约配送员
    "D02": "4-02-07-08",  # 快递员
    "D03": "4-02-07-09",  # 快件处理员
    "L01": "4-02-02-02",  # 道路货运汽车驾驶员
    "L02": "4-02-02-02",
    "L03": "4-02-02-02",
    "L04": "4-02-02-02",
    "L05": "4-02-06-01",  # 仓储管理员
    "L06": "4-02-05-01",  # 装卸搬运工
    "L07": "4-02-02-05",  # 道路运输调度员
    "S01": "4-01-06-02",  # 互联网营销师
    "S12": "4-13-01-05",  # 全媒体运营师
    "O02": "4-02-02-01",  # 客运车辆驾驶员
    "O03": "4-02-02-01",
    "O05": "4-02-02-01",
    "O06": "4-10-08-02",  # 汽车代驾员
    "O07": "4-02-01-01",  # 轨道交通列车司机
    "O08": "4-07-05-01",  # 保安员
    "O09": "4-09-08-01",  # 保洁员
    "O10": "4-10-01-06",  # 家政服务员
    "O12": "4-10-01-05",  # 养老护理员
    "O13": "4-03-02-01",  # 中式烹调师
    "O15": "4-03-02-05",  # 餐厅服务员
    "O16": "4-01-02-04",  # 收银员
}


def test_national_codes_are_the_cited_ones_and_documented():
    cited = {o.code: o.national_code for o in OCCUPATIONS if o.national_code}
    assert cited == NATIONAL_CODES
    readme = (Path(taxonomy.__file__).parent / "reference" / "README.md").read_text("utf-8")
    for code, national in cited.items():
        assert any(code in line and national in line for line in readme.splitlines()), code
    for o in OCCUPATIONS:  # an occupation without a code says so
        if o.code[0] == "O" and o.code != "O01" and not o.national_code:
            assert any(o.code in line and "not cited" in line for line in readme.splitlines())


def test_get_and_by_trade():
    assert taxonomy.get("nope") is None
    assert taxonomy.get(None) is None
    assert {o.trade for o in taxonomy.by_trade("livestream")} == {"livestream"}
    assert taxonomy.by_trade("unknown") == ()
    groups = taxonomy.grouped_choices()
    assert [label for label, _ in groups] == list(TRADES.values())
    assert sum(len(options) for _, options in groups) == len(OCCUPATIONS)


def test_related():
    assert taxonomy.related("D01", "D01") == 1.0
    assert taxonomy.related("D02", "D03") == pytest.approx(0.5)
    assert taxonomy.related("D03", "D02") == pytest.approx(0.5)
    assert taxonomy.related("S01", "S03") == pytest.approx(0.5)
    assert taxonomy.related("S01", "S02") == pytest.approx(0.5)
    assert taxonomy.related("D01", "S01") == 0.0
    assert taxonomy.related("D01", "nope") == 0.0
    assert taxonomy.related(None, "D01") == 0.0


def test_related_for_the_other_jobs():
    code = {o.name: o.code for o in OCCUPATIONS}
    assert taxonomy.related(code["保洁员"], code["家政服务员"]) >= 0.5
    assert taxonomy.related(code["网约车司机"], code["汽车代驾员"]) >= 0.5
    assert taxonomy.related(code["网约车司机"], code["出租车司机"]) > 0.5
    assert taxonomy.related(code["家政服务员"], code["月嫂"]) > 0.5
    assert taxonomy.related(code["厨师"], code["帮厨"]) >= 0.5
    assert taxonomy.related(code["全媒体运营师"], code["直播运营"]) >= 0.5
    drivers = ("网约车司机", "出租车司机", "小车司机", "客车司机", "汽车代驾员", "轨道交通列车司机")
    for name in drivers:  # driving people is not riding or trucking
        assert taxonomy.related(code[name], "D01") == 0.0
        assert taxonomy.related(code[name], "L01") == 0.0
    assert taxonomy.related(code["轨道交通列车司机"], code["网约车司机"]) == 0.0


def test_adjacency_refers_to_known_codes_with_weights_below_one():
    for (a, b), weight in taxonomy._ADJACENT.items():
        assert taxonomy.get(a) and taxonomy.get(b) and a != b
        assert 0 < weight < 1


def test_every_alias_belongs_to_one_occupation():
    aliases = taxonomy.aliases()  # raises ValueError on a clash
    for occupation in OCCUPATIONS:
        assert aliases.by_key[occupation.name] == occupation.code


def test_english_names_for_every_occupation():
    assert all(o.name_en and o.name_en.isascii() for o in OCCUPATIONS)
    assert taxonomy.get("D01").name_en == "Delivery rider"
    english = {o.name: o.name_en for o in OCCUPATIONS}
    assert english["保安员"] == "Security guard"
    assert english["轨道交通列车司机"] == "Train driver"
    assert english["全媒体运营师"] == "New media operator"
    assert len(set(english.values())) == len(english)  # no two share a name


def test_blocked_words_and_context_rules_refer_to_synonyms():
    aliases = taxonomy.aliases()
    assert "确保安" in aliases.blocked and "保安" in aliases.by_key
    assert all(any(k in word for k in aliases.keys) for word in aliases.blocked)
    rules = taxonomy.context()  # raises ValueError on an unknown alias or code
    assert dict(rules.prefixes["配送员"])["韵达"] == "D02"
    assert dict(rules.prefixes["配送员"])["医药"] is None
    assert rules.yields["配送员"] == {"D02", "D03", "D05"}
    assert rules.homophones["火车司机"].reads_as == "L01"
    for key in (*rules.prefixes, *rules.yields, *rules.homophones):
        assert key in aliases.by_key


def test_free_text_functions_still_answer_here():
    from matching import titles

    assert taxonomy.codes_for_text is titles.codes_for_text
    assert taxonomy.match_title is titles.match_title
    with pytest.raises(AttributeError):
        taxonomy.no_such_name  # noqa: B018
