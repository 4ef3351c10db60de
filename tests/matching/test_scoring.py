"""The score's numbers: weights and components."""

import math

import pytest

from matching import scoring


def test_weights_sum_to_one_in_component_order():
    w = scoring.weights_array()
    assert w.tolist() == pytest.approx([scoring.WEIGHTS[c] for c in scoring.COMPONENTS])
    assert float(w.sum()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        scoring.weights_array({"nonsense": 1.0})


def test_schedule_fit():
    full, part, flexible = scoring.FULL_TIME, scoring.PART_TIME, scoring.FLEXIBLE
    assert scoring.schedule_fit(full, full | part) == scoring.SCHEDULE_MATCH
    assert scoring.schedule_fit(full, flexible) == scoring.SCHEDULE_FLEXIBLE
    assert scoring.schedule_fit(full, part) == scoring.SCHEDULE_MISMATCH
    assert scoring.schedule_fit(0, part) == scoring.SCHEDULE_UNKNOWN


def test_location_and_monthly():
    assert scoring.location_score("same_district") == 1.0
    assert scoring.location_score("nonsense") == scoring.LOCATION_SCORE["unknown"]
    assert math.isnan(scoring.monthly(0, "day")) and math.isnan(scoring.monthly(5, "year"))
