"""The occupation taxonomy: trades, occupations, relatedness, synonyms."""

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


def test_english_names_for_every_occupation():
    assert all(o.name_en and o.name_en.isascii() for o in OCCUPATIONS)
    assert taxonomy.get("D01").name_en == "Delivery rider"


def test_free_text_functions_still_answer_here():
    from matching import titles

    assert taxonomy.codes_for_text is titles.codes_for_text
    assert taxonomy.match_title is titles.match_title
    with pytest.raises(AttributeError):
        taxonomy.no_such_name  # noqa: B018
