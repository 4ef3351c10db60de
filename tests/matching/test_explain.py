"""Reasons in words: what a seeker and an employer read beside a match."""

from matching.explain import _location_reason


def test_location_reasons_name_both_places_when_cities_differ():
    assert _location_reason("same_district", "150105", "150105") == "同在赛罕区"
    assert _location_reason("same_city", "150102", "150105") == "同在呼和浩特市"
    assert (
        _location_reason("same_region", "150802", "150105")
        == "岗位在巴彦淖尔市，求职者在呼和浩特市（同在内蒙古）"
    )
    assert _location_reason("unknown", None, None) == ""
