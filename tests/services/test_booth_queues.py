"""Booth queues: joining, calling, ending, leaving, the estimator and routing
(jobfair/services/booth_queues.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

import models
from jobfair import clock
from jobfair.errors import DomainError, NotFound
from jobfair.extensions import db
from jobfair.services import booth_queues as bq
from jobfair.services import unit_of_work
from tests.helpers.clock import stopped_clock
from tests.helpers.scenes import add_booth, make_fair


@pytest.fixture
def hall(make):
    """A running fair with three approved booths (A01-A03) and one requested one,
    their members, and four seekers who signed up."""
    fair = make_fair(make)
    booths, members = [], []
    for i in range(4):
        employer = make.employer(trade="delivery")
        members.append(make.member(employer))
        posting = make.posting(employer=employer, title=f"骑手{i}")
        status = "approved" if i < 3 else "requested"
        booths.append(add_booth(fair, employer, [posting], label=f"A0{i + 1}", status=status))
    seekers = [make.seeker(name=f"求职者{i}") for i in range(4)]
    for s in seekers:
        db.session.add(models.FairRegistration(fair_id=fair.id, seeker_id=s.id))
    db.session.commit()
    return {"fair": fair, "booths": booths, "members": members, "seekers": seekers}


def join(hall, booth_index, seeker_index, source="slip"):
    with unit_of_work():
        return bq.join_queue(
            hall["fair"], hall["booths"][booth_index].id, hall["seekers"][seeker_index].id, source
        )


def test_people_queue_in_order_and_are_called_one_by_one(hall):
    first, second = join(hall, 0, 0), join(hall, 0, 1)
    member = hall["members"][0]
    talking, waiting = bq.queue_of(hall["booths"][0])
    assert talking == [] and [e.id for e in waiting] == [first.id, second.id]
    assert bq.place_in_queue(second) == 1
    with unit_of_work():
        called = bq.call_next(member, hall["fair"].id)
    assert called.id == first.id and called.started_at is not None
    talking, waiting = bq.queue_of(hall["booths"][0])
    assert [e.id for e in talking] == [first.id] and [e.id for e in waiting] == [second.id]
    with unit_of_work():
        bq.end_conversation(member, hall["fair"].id, first.id, "interview_booked")
    assert db.session.get(models.BoothQueueEntry, first.id).outcome == "interview_booked"
    with unit_of_work():
        bq.call_next(member, hall["fair"].id)
        assert bq.call_next(member, hall["fair"].id) is None  # nobody left waiting


def test_join_refusals(hall, make):
    join(hall, 0, 0)
    with pytest.raises(DomainError, match="已经在这个展位排队"):
        join(hall, 0, 0)
    join(hall, 1, 0)
    join(hall, 2, 0)
    # a booth still waiting for approval is not a booth of the hall
    with pytest.raises(NotFound):
        join(hall, 3, 0)
    stranger = make.seeker(name="陌生人")
    with pytest.raises(DomainError, match="没有报名或签到"):
        with unit_of_work():
            bq.join_queue(hall["fair"], hall["booths"][0].id, stranger.id, "kiosk")
    closed = make_fair(make, starts=-6, ends=-1, status="closed", name="已结束")
    db.session.add(models.FairRegistration(fair_id=closed.id, seeker_id=stranger.id))
    other = add_booth(closed, make.employer(), [], label="B01")
    with pytest.raises(DomainError, match="没有开放"):
        with unit_of_work():
            bq.join_queue(closed, other.id, stranger.id, "kiosk")


def test_at_most_three_queues_at_once_and_leaving_frees_one(hall, make):
    employer = make.employer()
    extra = add_booth(hall["fair"], employer, [], label="A09")
    entries = [join(hall, i, 0) for i in range(3)]
    with pytest.raises(DomainError, match="最多同时在三个展位排队"):
        with unit_of_work():
            bq.join_queue(hall["fair"], extra.id, hall["seekers"][0].id, "slip")
    with unit_of_work():
        left = bq.leave_queue(hall["seekers"][0], entries[1].id)
    assert left.outcome == "left" and left.ended_at is not None
    with unit_of_work():
        bq.join_queue(hall["fair"], extra.id, hall["seekers"][0].id, "slip")
    with pytest.raises(NotFound):  # someone else's place
        with unit_of_work():
            bq.leave_queue(hall["seekers"][1], entries[0].id)


def test_booth_staff_act_only_on_their_own_booth(hall):
    mine = join(hall, 0, 0)
    other_member = hall["members"][1]
    with pytest.raises(NotFound):
        with unit_of_work():
            bq.end_conversation(other_member, hall["fair"].id, mine.id, "not_a_fit")
    with pytest.raises(NotFound):  # a booth still waiting for approval has no queue
        bq.staff_booth(hall["members"][3], hall["fair"].id)
    with pytest.raises(DomainError, match="求职者编号"):
        with unit_of_work():
            bq.add_at_booth(hall["members"][0], hall["fair"].id, "张三")
    with unit_of_work():
        added = bq.add_at_booth(hall["members"][0], hall["fair"].id, str(hall["seekers"][1].id))
    assert added.source == "booth"


def test_estimator_starts_at_the_prior_and_follows_measured_conversations(hall, monkeypatch):
    # The estimate counts today's conversations (the bureau's day): the half hour of
    # them stays inside one day whenever the suite runs (at 23:50 Beijing time the
    # first ones fell into yesterday), and inside the fair (started 2 hours ago).
    latest = clock.start_of_local_day() + timedelta(hours=23)
    later = stopped_clock(monkeypatch, start=min(clock.now(), latest))
    booth, member, fair_id = hall["booths"][0], hall["members"][0], hall["fair"].id
    assert bq.service_estimates([booth.id]) == {booth.id: bq.PRIOR_MINUTES}
    minute = 0
    for seeker_index in range(3):
        entry = join(hall, 0, seeker_index)
        with unit_of_work():
            bq.call_next(member, fair_id)
        minute += 10
        later(minutes=minute)
        with unit_of_work():
            bq.end_conversation(member, fair_id, entry.id, "not_a_fit")
    estimate = bq.service_estimates([booth.id])[booth.id]
    assert estimate == pytest.approx(bq.estimate_from([10, 10, 10]))
    assert 7 < estimate < 10  # moved most of the way from 4 towards the measured 10
    # the pure estimator: clipped, weighted towards the recent
    assert bq.update_estimate(4.0, 600) == pytest.approx(0.7 * 4 + 0.3 * 30)
    assert bq.estimate_from([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]) < 2.2


def test_expected_wait_counts_the_people_ahead(hall):
    for i in range(3):
        join(hall, 1, i)
    loads = {load.booth.id: load for load in bq.booth_loads(hall["fair"])}
    assert loads[hall["booths"][1].id].waiting == 3
    assert loads[hall["booths"][1].id].wait_minutes == pytest.approx(3 * bq.PRIOR_MINUTES)
    assert loads[hall["booths"][0].id].wait_minutes == 0
    assert hall["booths"][3].id not in loads  # not approved: not in the hall


def test_routing_order_changes_when_a_queue_grows(hall):
    a, b = hall["booths"][0].id, hall["booths"][1].id
    seeker = hall["seekers"][3]
    matches = {a: 0.8, b: 0.7}
    order = [s.booth.id for s in bq.route_for(seeker, hall["fair"], matches)]
    assert order == [a, b]  # empty queues: the better match first
    for i in range(3):
        join(hall, 0, i)  # 3 people at A01: 12 minutes expected
    stops = bq.route_for(seeker, hall["fair"], matches)
    assert [s.booth.id for s in stops] == [b, a]
    assert stops[1].wait_minutes == pytest.approx(12)
    # with no weight on waiting, the match alone decides
    assert bq.route([(a, 0.8, 12.0), (b, 0.7, 0.0)], weight=0) == [a, b]


def test_routing_weight_is_the_configured_one(app, ctx):
    assert bq.routing_weight() == app.config["ROUTING_WAIT_WEIGHT"]
