import re

import pytest

from matching import regions
from matching.regions import COUNTIES, LEAGUES, REGION


def test_region():
    assert REGION.code == "150000"
    assert REGION.name == "内蒙古自治区"
    assert REGION.level == "region"
    assert REGION.parent_code is None


def test_twelve_leagues_with_their_codes():
    expected = {
        "150100": "呼和浩特市",
        "150200": "包头市",
        "150300": "乌海市",
        "150400": "赤峰市",
        "150500": "通辽市",
        "150600": "鄂尔多斯市",
        "150700": "呼伦贝尔市",
        "150800": "巴彦淖尔市",
        "150900": "乌兰察布市",
        "152200": "兴安盟",
        "152500": "锡林郭勒盟",
        "152900": "阿拉善盟",
    }
    assert {lg.code: lg.name for lg in LEAGUES} == expected
    assert all(lg.level == "league" and lg.parent_code == "150000" for lg in LEAGUES)


def test_103_counties_unique_codes_under_their_league():
    assert len(COUNTIES) == 103
    codes = [c.code for c in COUNTIES]
    assert len(set(codes)) == 103
    league_codes = {lg.code for lg in LEAGUES}
    for county in COUNTIES:
        assert re.fullmatch(r"15\d{4}", county.code)
        assert county.level == "county"
        assert county.parent_code in league_codes
        assert county.code[:4] == county.parent_code[:4]
        assert county.name.endswith(("区", "旗", "县", "市"))
        assert county.short_name and county.short_name in county.name


def test_every_league_has_counties():
    counts = {lg.code: len(regions.counties_in(lg.code)) for lg in LEAGUES}
    assert all(n >= 1 for n in counts.values())
    assert counts == {
        "150100": 9,
        "150200": 9,
        "150300": 3,
        "150400": 12,
        "150500": 8,
        "150600": 9,
        "150700": 14,
        "150800": 7,
        "150900": 11,
        "152200": 6,
        "152500": 12,
        "152900": 3,
    }


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("150105", "赛罕区"),
        ("150102", "新城区"),
        ("150103", "回民区"),
        ("150104", "玉泉区"),
        ("150121", "土默特左旗"),
        ("150203", "昆都仑区"),
        ("150202", "东河区"),
        ("150206", "白云鄂博矿区"),
        ("150223", "达尔罕茂明安联合旗"),
        ("150402", "红山区"),
        ("150404", "松山区"),
        ("150428", "喀喇沁旗"),
        ("150502", "科尔沁区"),
        ("150581", "霍林郭勒市"),
        ("150602", "东胜区"),
        ("150603", "康巴什区"),
        ("150702", "海拉尔区"),
        ("150703", "扎赉诺尔区"),
        ("150722", "莫力达瓦达斡尔族自治旗"),
        ("150781", "满洲里市"),
        ("150785", "根河市"),
        ("150826", "杭锦后旗"),
        ("150981", "丰镇市"),
        ("152201", "乌兰浩特市"),
        ("152202", "阿尔山市"),
        ("152501", "二连浩特市"),
        ("152502", "锡林浩特市"),
        ("152531", "多伦县"),
        ("152921", "阿拉善左旗"),
        ("152923", "额济纳旗"),
    ],
)
def test_known_codes(code, name):
    assert regions.get(code).name == name
    assert regions.is_county(code)


def test_get_and_is_county_reject_bad_input():
    assert regions.get(None) is None
    assert regions.get("") is None
    assert regions.get("15010") is None
    assert regions.get("999999") is None
    assert regions.get(" 150105 ").code == "150105"
    assert not regions.is_county("150100")
    assert not regions.is_county("150000")
    assert not regions.is_county(None)


def test_league_of():
    assert regions.league_of("150105").code == "150100"
    assert regions.league_of("152502").code == "152500"
    assert regions.league_of("150100").code == "150100"
    assert regions.league_of("150172").code == "150100"  # development zone
    assert regions.league_of("150000") is None
    assert regions.league_of("110101") is None
    assert regions.league_of(None) is None


def test_counties_in_unknown_league_is_empty():
    assert regions.counties_in("150105") == ()
    assert regions.counties_in(None) == ()


def test_full_name():
    assert regions.full_name("150105") == "呼和浩特市 赛罕区"
    assert regions.full_name("152921") == "阿拉善盟 阿拉善左旗"
    assert regions.full_name("150200") == "包头市"
    assert regions.full_name("150000") == "内蒙古自治区"
    assert regions.full_name("123456") == ""
    assert regions.full_name(None) == ""


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("150105", "150105", "same_district"),
        ("150105", "150102", "same_city"),
        ("150100", "150105", "same_city"),
        ("150100", "150100", "same_city"),
        ("150172", "150105", "same_city"),
        ("150105", "150203", "same_region"),
        ("152502", "150602", "same_region"),
        ("150000", "150105", "same_region"),
        ("150105", "110101", "outside"),
        ("110101", "110101", "outside"),
        ("150105", None, "unknown"),
        (None, None, "unknown"),
        ("150105", "", "unknown"),
        ("150105", "abc", "unknown"),
    ],
)
def test_proximity(a, b, expected):
    assert regions.proximity(a, b) == expected
    assert regions.proximity(b, a) == expected


def test_grouped_choices():
    groups = regions.grouped_choices()
    assert [name for name, _ in groups] == [lg.name for lg in LEAGUES]
    assert sum(len(options) for _, options in groups) == 103
    assert ("150105", "赛罕区") in groups[0][1]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("赛罕", "150105"),
        ("赛罕区", "150105"),
        ("呼市", "150100"),
        ("包头", "150200"),
        ("锡盟", "152500"),
        ("达茂旗", "150223"),
        ("莫旗", "150722"),
        ("科左中旗", "150521"),
        ("塞罕区", "150105"),  # homophone typo
        ("西林浩特", "152502"),  # homophone typo
        ("满州里", "150781"),  # common misspelling
        ("額濟納旗", "152923"),  # traditional characters
        ("呼和浩特市赛罕区大学西街", "150105"),
        ("呼和浩特 赛罕区", "150105"),
        ("鄂尔多斯康巴什", "150603"),
        ("包头市青山区", "150204"),
        ("鄂托克前旗", "150623"),
        ("鄂托克旗", "150624"),
        ("乌兰浩特", "152201"),
        ("乌兰察布", "150900"),
    ],
)
def test_find(text, code):
    found = regions.find(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", [None, "", "  ", "北京", "abc", "!!"])
def test_find_nothing(text):
    assert regions.find(text) is None


def test_lookup_names_are_unambiguous():
    from matching.regions import _ALIASES
    from matching.text import tokens_for_fuzzy

    seen = {}
    for division in (REGION, *LEAGUES, *COUNTIES):
        for name in {division.name, division.short_name, *_ALIASES[division.code]}:
            key = tokens_for_fuzzy(name)
            assert seen.setdefault(key, division.code) == division.code, name


# ---------------------------------------------------------------------------
# place_in_text: a district stated in a seeker's free text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("住在包头昆区", "150203"),
        ("赛罕区附近", "150105"),
        ("想找外卖骑手，家在达茂旗", "150223"),
        ("呼和浩特 赛罕区", "150105"),
        ("海南区附近的工作", "150303"),  # the full name of 乌海's district
        ("包头青山", "150204"),  # a weak name with its league beside it
        ("呼市新城区", "150102"),
        ("在赤峰红山", "150402"),
        ("土左旗", "150121"),
        ("托县的", "150122"),
        ("康巴什", "150603"),
        ("包头", "150200"),  # a league only
        ("包头昆区或者青山区都行", "150200"),  # two counties of one league: the league
        ("老家在赤峰，现在住呼市", "150100"),  # where they live wins over where they come from
        ("不去包头，住呼市", "150100"),
    ],
)
def test_place_in_text_finds_explicit_mentions(text, code):
    place = regions.place_in_text(text)
    assert place is not None and place.code == code


@pytest.mark.parametrize(
    "text",
    [
        "海南省来的",  # the province, not 乌海's 海南区
        "我在海南",
        "海南，区域经理",  # punctuation between the name and 区
        "海南岛",
        "武汉青山区",  # 青山区 also exists in Wuhan
        "西安新城区",
        "青城山",
        "鹿城区",  # 温州
        "多伦多",
        "鄂温克族",
        "科尔沁草原",
        "商都",
        "兴安岭",
        "呼市或者包头都行",  # two leagues, neither marked as home
        "内蒙古",  # the region is not a district
        "能吃苦耐劳，家在附近",
        "塞罕区",  # typos are not explicit mentions (find() handles those)
        "",
        None,
    ],
)
def test_place_in_text_stays_silent_when_unsure(text):
    assert regions.place_in_text(text) is None


def test_matcher_takes_an_empty_district_from_the_text():
    from datetime import date

    from matching.documents import PostingDoc, SeekerDoc
    from matching.matcher import Matcher

    posting = PostingDoc(id=1, text="招外卖骑手", occupation_code="D01", district_code="150203")
    seekers = [
        SeekerDoc(id=1, text="外卖骑手，住在包头昆区", occupation_codes=("D01",)),
        SeekerDoc(id=2, text="外卖骑手，海南省来的", occupation_codes=("D01",)),
    ]
    m = Matcher(as_of=date(2025, 6, 30)).fit(seekers, [posting])
    ranked = {x.id: x for x in m.rank_seekers(1, k=2)[0]}
    assert ranked[1].components["location"] == 1.0  # same district, from the text
    assert ranked[2].components["location"] == pytest.approx(0.3)  # unknown, as before
    assert m.explain(posting, seekers[0]).components["location"] == 1.0
