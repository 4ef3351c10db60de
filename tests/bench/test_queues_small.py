"""A run of the booth-queue simulation (bench/queues.py), so that it cannot rot and the
app's routing weight keeps doing what the README says."""

from __future__ import annotations

import pytest

from jobfair.config import Config
from jobfair.services.booth_queues import DEFAULT_ROUTING_WAIT_WEIGHT

pytestmark = pytest.mark.slow


def test_routing_lowers_the_wait_without_costing_good_matches():
    from bench import queues

    assert Config.ROUTING_WAIT_WEIGHT == DEFAULT_ROUTING_WAIT_WEIGHT  # the app uses what was tuned
    by_match = queues.simulate("match", 0.0, seed=7)
    routed = queues.simulate("routed", DEFAULT_ROUTING_WAIT_WEIGHT, seed=7)
    assert routed["mean_wait"] < by_match["mean_wait"] - 0.5  # minutes
    assert routed["p90_wait"] < by_match["p90_wait"]
    assert by_match["good_share"] - routed["good_share"] < 0.02
    assert routed["conversations"] >= by_match["conversations"]


def test_the_report_lists_both_policies():
    from bench import queues

    lines: list[str] = []
    results = queues.compare([1.0], arrivals=200, booths=8, seeds=(1,), out=lines.append)
    assert set(results) == {"match order", "routed λ=1"}
    assert "mean wait" in lines[1] and len(lines) == 4
