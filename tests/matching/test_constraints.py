"""Hard constraints: the bitmask rule and the reasons for one pair agree."""

import itertools
from datetime import date

from matching import constraints
from matching.documents import PostingDoc, SeekerDoc

TODAY = date(2025, 6, 30)


def _pair_eligible(p, s):
    return constraints.pair_eligible(
        constraints.seeker_flags(s), constraints.licence_mask(tuple(s.licences)),
        constraints.availability_mask(s.availability), s.birth_year or 0,
        constraints.posting_flags(p), constraints.required_licence_mask(p.required_licence),
        constraints.availability_mask(p.schedule), p.min_age or 0, TODAY.year,
    )  # fmt: skip


def test_bitmasks_and_eligibility_agree():
    postings = [
        PostingDoc(1, "", required_licence=lic, min_age=age, needs_health_certificate=health,
                   needs_vehicle=vehicle, schedule=frozenset(sched))
        for lic, age, health, vehicle, sched in itertools.product(
            [None, "B2", "C1", "Z9"], [None, 18], [False, True], [None, "ebike", "car"],
            [(), ("nights",), ("weekends", "full_time")])
    ]  # fmt: skip
    seekers = [
        SeekerDoc(2, "", licences=lic, birth_year=birth, health_certificate=health,
                  has_ebike=ebike, has_car=not ebike, availability=frozenset(avail),
                  visible=visible)
        for lic, birth, health, ebike, avail, visible in itertools.product(
            [(), ("A2",), ("C1",)], [None, 2010, 1990], [False, True], [False, True],
            [(), ("nights", "weekends")], [True, False])
    ]  # fmt: skip
    for p in postings:
        for s in seekers:
            e = constraints.eligibility(p, s, TODAY)
            assert e.eligible == _pair_eligible(p, s) == (not e.failures), (p, s)


def test_an_unknown_licence_class_opens_the_job_to_nobody():
    assert constraints.required_licence_mask("Z9") == 1 << 31
