"""Reasons as codes: what matched for a pair, and the words behind it."""

import math

from matching import reasons as R
from matching.explain import _location_reason, reasons
from matching.reasons import Reason


def test_location_reasons_name_both_places_when_cities_differ():
    assert _location_reason("same_district", "150105", "150105") == Reason(
        R.SAME_DISTRICT, {"district": "150105"}
    )
    assert _location_reason("same_city", "150102", "150105") == Reason(
        R.SAME_CITY, {"city": "150100"}
    )
    assert _location_reason("same_region", "150802", "150105") == Reason(
        R.SAME_REGION, {"posting_city": "150800", "seeker_city": "150100"}
    )
    assert _location_reason("outside", "150105", "110101") == Reason(R.OUTSIDE, {})
    assert _location_reason("unknown", None, None) is None


def _reasons(**overrides):
    given = dict(
        seeker_occ=None, proximity="unknown", posting_district=None, seeker_district=None,
        required_licence=None, held_licences=(), posting_flags=0, posting_schedule=0,
        seeker_availability=0, expected=math.nan, low=math.nan, high=math.nan, terms=(),
    )
    given.update(overrides)
    components = {"occupation": given.pop("occupation", 0.0),
                  "schedule": given.pop("schedule", 0.5), "pay": given.pop("pay", 0.5)}
    return reasons(components, **given)


def test_every_reason_is_a_known_code_in_order():
    from matching import constraints

    got = _reasons(
        occupation=0.5, seeker_occ="D02", required_licence="B2", held_licences=("A2", "C1"),
        posting_flags=constraints.HEALTH | constraints.EBIKE | constraints.CAR,
        posting_schedule=constraints.NIGHTS | constraints.WEEKENDS | 1,
        seeker_availability=constraints.NIGHTS | constraints.WEEKENDS | 1,
        schedule=1.0, proximity="same_city", posting_district="150102",
        seeker_district="150105", expected=6000.0, low=5000.0, high=8000.0, pay=1.0,
        terms=("骑手", "送餐"),
    )
    assert [r.code for r in got] == [
        R.OCCUPATION_RELATED, R.LICENCE_OK, R.HAS_HEALTH_CERTIFICATE, R.HAS_EBIKE, R.HAS_CAR,
        R.WORKS_NIGHTS, R.WORKS_WEEKENDS, R.SAME_CITY, R.SCHEDULE_FITS, R.PAY_IN_RANGE,
        R.MATCHED_TERMS,
    ]
    assert got[1].params == {"licence": "A2"}
    assert got[8].params == {"schedule": "full_time"}
    assert got[-1].params == {"terms": ("骑手", "送餐")}
    assert {r.code for r in got} <= set(R.MATCH_CODES)


def test_pay_reasons():
    assert _reasons(expected=4000.0, low=5000.0, high=8000.0, pay=1.0) == (
        Reason(R.PAY_ABOVE_EXPECTATION, {}),
    )
    assert _reasons(expected=12000.0, low=5000.0, high=8000.0, pay=0.0) == (
        Reason(R.PAY_ABOVE_RANGE, {}),
    )
    assert _reasons(expected=6000.0) == ()


def test_hours_never_fit_beside_an_unmet_night_or_weekend_requirement():
    """A seeker who works full time but not at weekends: the posting's page names
    "需要周末能上班" (an unmet requirement), so the reasons must not say the hours fit."""
    from matching import constraints

    full_time = constraints.AVAILABILITY_BIT["full_time"]
    given = dict(schedule=1.0, posting_schedule=full_time | constraints.WEEKENDS)
    refused = _reasons(seeker_availability=full_time, eligible=False, **given)
    assert R.SCHEDULE_FITS not in {r.code for r in refused}
    assert R.WORKS_WEEKENDS not in {r.code for r in refused}
    met = _reasons(seeker_availability=full_time | constraints.WEEKENDS, **given)
    assert [r.code for r in met] == [R.WORKS_WEEKENDS, R.SCHEDULE_FITS]
    assert met[1].params == {"schedule": "full_time"}


def test_requirements_met_are_named_only_for_an_eligible_pair():
    from matching import constraints

    given = dict(required_licence="B2", held_licences=("A2",), posting_flags=constraints.HEALTH)
    assert [r.code for r in _reasons(**given)] == [R.LICENCE_OK, R.HAS_HEALTH_CERTIFICATE]
    assert _reasons(eligible=False, **given) == ()
