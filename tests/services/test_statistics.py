"""Fair statistics: every figure equals a count made here with plain Python over the
records the scene wrote (not by the service's queries), per fair, trade, city,
half hour, employer, occupation and month; nothing leaks between fairs."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from jobfair.errors import NotFound, ValidationFailed
from jobfair.extensions import db
from jobfair.services import kiosk, statistics, unit_of_work
from jobfair.services.statistics import FIGURES, Figures
from models import FairRegistration
from tests.helpers.scenes import make_fair
from tests.helpers.stats_scene import (
    BEIJING,
    CITY_OF,
    seeker_trade,
    stats_world,
)

PIPE = ["applied", "viewed", "shortlisted", "interview", "offer", "hired"]
TRADES = ["delivery", "logistics", "livestream", "other"]


def reached(path: list[str]) -> int:
    return max(PIPE.index(s) for s in path if s in PIPE)


def expected(rec, fair_id: int) -> dict:
    """total, by trade and by city, counted from the scene's records."""
    total = Counter()
    trade = defaultdict(Counter)
    city = defaultdict(Counter)

    def add(key, n, trade_key=None, city_key=None):
        total[key] += n
        if trade_key is not None:
            trade[trade_key][key] += n
        if city_key is not None:
            city[city_key][key] += n

    for b in rec.booths:
        if b["fair"] == fair_id and b["status"] == "approved":
            add("employers", 1, b["trade"])
    for p in rec.shown:
        if p["fair"] == fair_id and p["booth_status"] == "approved" and p["status"] != "draft":
            add("postings", 1, p["trade"])
            add("headcount", p["headcount"], p["trade"])
    for r in rec.registrations:
        if r["fair"] != fair_id:
            continue
        t, c = seeker_trade(r["occs"]), CITY_OF[r["district"]]
        came = r["checked"] is not None
        walked = came and r["registered"] >= r["checked"]
        add("signed_up", int(not walked), t, c)
        add("checked_in", int(came), t, c)
        add("walk_ins", int(walked), t, c)
    for a in rec.applications:
        if a["fair"] != fair_id:
            continue
        t, c = a["trade"], CITY_OF[a["district"]]
        add("applications", 1, t, c)
        add("interviews", int(reached(a["path"]) >= PIPE.index("interview")), t, c)
        add("offers", int(reached(a["path"]) >= PIPE.index("offer")), t, c)
        add("hires", int(a["status"] == "hired"), t, c)
    for q in rec.consultations:
        if q["fair"] != fair_id:
            continue
        t = seeker_trade(q["occs"]) if q["occs"] is not None else "other"
        c = CITY_OF[q["district"]] if q["district"] is not None else ""
        add("consultations", 1, t, c)
        add("answered", int(q["answered"]), t, c)
    return {"total": total, "trade": trade, "city": city}


def as_figures(counter: Counter) -> Figures:
    return Figures(**{k: counter.get(k, 0) for k in FIGURES})


@pytest.fixture
def world(make):
    return stats_world(make)


def test_every_figure_of_a_fair_equals_an_independent_count(world):
    rec = world["record"]
    for fair in (world["fair_a"], world["fair_b"]):
        want = expected(rec, fair.id)
        got = statistics.fair_stats(fair.id).figures
        assert got.total == as_figures(want["total"]), fair.name
        for trade in TRADES:
            assert got.by_trade[trade] == as_figures(want["trade"][trade]), (fair.name, trade)
        assert {c: f for c, f in got.by_city.items()} == {
            c: as_figures(n) for c, n in want["city"].items()
        }, fair.name


def test_the_scene_has_what_the_figures_must_tell_apart(world):
    """So that the test above cannot pass on empty or uniform data."""
    want = expected(world["record"], world["fair_a"].id)
    total = want["total"]
    assert total["walk_ins"] > 0 and total["signed_up"] > total["checked_in"] - total["walk_ins"]
    assert 0 < total["hires"] < total["offers"] < total["interviews"] < total["applications"]
    assert 0 < total["answered"] < total["consultations"]
    assert len([t for t in TRADES if want["trade"][t]["applications"]]) >= 3
    assert len(want["city"]) >= 5 and "" in want["city"]  # outside the region too
    # a rejected application that had reached the interview is an interview
    paths = [a["path"] for a in world["record"].applications if a["fair"] == world["fair_a"].id]
    assert any(p[-1] == "rejected" and "interview" in p for p in paths)
    assert any(p[-1] == "withdrawn" and "offer" in p for p in paths)


def test_figures_do_not_leak_between_fairs(world):
    a = statistics.fair_stats(world["fair_a"].id).figures.total
    b = statistics.fair_stats(world["fair_b"].id).figures.total
    rec = world["record"]
    assert a.applications + b.applications < len(rec.applications)  # the no-fair ones too
    assert a.applications == sum(1 for x in rec.applications if x["fair"] == world["fair_a"].id)
    assert b.consultations == sum(1 for q in rec.consultations if q["fair"] == world["fair_b"].id)


def test_check_ins_per_half_hour_in_beijing_time(world):
    fair = world["fair_a"]
    want = Counter()
    for r in world["record"].registrations:
        if r["fair"] == fair.id and r["checked"] is not None:
            local = (r["checked"] + BEIJING).replace(tzinfo=None)
            want[local.replace(minute=local.minute // 30 * 30, second=0, microsecond=0)] += 1
    got = statistics.fair_stats(fair.id).check_ins
    first, last = min(want), max(want)
    slots = []
    while first <= last:
        slots.append((first.strftime("%H:%M"), want.get(first, 0)))
        first += timedelta(minutes=30)
    assert [(h.label, h.checked_in) for h in got] == slots
    assert len(slots) > 8 and any(n == 0 for _label, n in slots)  # gaps are shown as 0


def test_top_employers_and_unmet_demand_per_occupation(world):
    fair = world["fair_a"]
    rec = world["record"]
    apps = [a for a in rec.applications if a["fair"] == fair.id]
    per_employer = Counter(a["employer"] for a in apps)
    offers_of = Counter(a["employer"] for a in apps if reached(a["path"]) >= PIPE.index("offer"))
    names = {e.id: e.name for e in world["employers"]}
    want = sorted(per_employer.items(), key=lambda kv: (-kv[1], names[kv[0]]))
    stats = statistics.fair_stats(fair.id)
    assert [(e.employer_id, e.applications, e.offers) for e in stats.top_employers] == [
        (eid, n, offers_of[eid]) for eid, n in want[:10]
    ]

    headcount, postings, offers = Counter(), Counter(), Counter()
    for p in rec.shown:
        if p["fair"] == fair.id and p["booth_status"] == "approved" and p["status"] != "draft":
            headcount[p["occ"]] += p["headcount"]
            postings[p["occ"]] += 1
    for a in apps:
        offers[a["occ"]] += int(reached(a["path"]) >= PIPE.index("offer"))
    got = {o.code: (o.postings, o.headcount, o.offers, o.unmet) for o in stats.occupations}
    assert got == {
        occ: (postings[occ], headcount[occ], offers[occ], max(headcount[occ] - offers[occ], 0))
        for occ in set(headcount) | set(offers)
    }
    unmet = [o.unmet for o in stats.occupations]
    assert unmet == sorted(unmet, reverse=True)


def test_consultations_by_topic(world):
    fair = world["fair_a"]
    asked, answered = Counter(), Counter()
    for q in world["record"].consultations:
        if q["fair"] == fair.id:
            asked[q["topic"]] += 1
            answered[q["topic"]] += int(q["answered"])
    topics = statistics.fair_stats(fair.id).figures.topics
    assert {t: tuple(v) for t, v in topics.items() if v[0]} == {
        t: (asked[t], answered[t]) for t in asked
    }
    assert len(topics) == 6  # every topic listed, asked or not


def test_region_sums_the_fairs_of_the_range_per_fair_and_month(world):
    rec = world["record"]
    a, b = world["fair_a"], world["fair_b"]
    region = statistics.region_stats(statistics.clean_range("2026-10-01", "2026-11-30"))
    assert [line.fair.id for line in region.fairs] == [b.id, a.id]  # by start
    want_a, want_b = expected(rec, a.id), expected(rec, b.id)
    assert region.fairs[0].figures == as_figures(want_b["total"])
    assert region.fairs[1].figures == as_figures(want_a["total"])
    assert region.figures.total == as_figures(want_a["total"] + want_b["total"])
    cities = defaultdict(Counter)
    for want in (want_a, want_b):
        for c, n in want["city"].items():
            cities[c].update(n)
    assert dict(region.figures.by_city) == {c: as_figures(n) for c, n in cities.items()}
    assert [(m.month, m.fairs) for m in region.months] == [("2026-10", 1), ("2026-11", 1)]
    assert region.months[1].figures == as_figures(want_a["total"])


def test_region_range_ends_are_local_days_and_included(world):
    # fair A starts 2026-11-10 09:00 Beijing time = 01:00 UTC
    only_a = statistics.region_stats(statistics.clean_range("2026-11-10", "2026-11-10"))
    assert [line.fair.id for line in only_a.fairs] == [world["fair_a"].id]
    before = statistics.region_stats(statistics.clean_range("2026-11-01", "2026-11-09"))
    assert before.fairs == [] and before.months == []
    three_years = statistics.region_stats(statistics.clean_range("2023-03-01", "2026-03-01"))
    assert [line.fair.id for line in three_years.fairs] == [world["old"].id]


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        ("2026-11-30", "2026-11-01", "end", "早于"),
        ("2023-01-01", "2026-01-02", "end", "三年"),
        ("2026-13-01", "2026-12-01", "start", "年-月-日"),
        ("", "2026-12-01", "start", "请填写"),
        ("1999-01-01", "2000-01-01", "start", "2000"),
    ],
)
def test_bad_ranges_are_refused_with_a_message(ctx, start, end, field, words):
    with pytest.raises(ValidationFailed) as e:
        statistics.clean_range(start, end)
    assert words in e.value.errors[field]


def test_exactly_three_years_is_allowed(ctx):
    span = statistics.clean_range("2024-02-29", "2027-02-28")
    assert span.end == date(2027, 2, 28)


def test_unknown_fair_is_not_found(ctx):
    with pytest.raises(NotFound):
        statistics.fair_stats(999999)
    with pytest.raises(NotFound):
        statistics.summary_rows(999999)


def test_summary_rows_for_the_export(world):
    fair = world["fair_a"]
    want = expected(world["record"], fair.id)["total"]
    rows = statistics.summary_rows(fair.id)
    assert all(isinstance(label, str) and isinstance(v, int | str) for label, v in rows)
    values = dict(rows)
    assert values["招聘会"] == fair.name
    assert values["参会单位"] == want["employers"]
    assert values["达成就业意向"] == want["offers"]
    assert values["未报名直接入场"] == want["walk_ins"]
    assert (
        values["投递申请（直播电商）"]
        == expected(world["record"], fair.id)["trade"]["livestream"]["applications"]
    )


def test_a_kiosk_check_in_without_sign_up_is_a_walk_in(make):
    """The definition follows what the kiosk writes, not a flag of the test's own."""
    fair = make_fair(make)
    staff = make.staff()
    walker, signed = make.seeker(), make.seeker(occupation_codes=["S01"], district_code="150203")
    with unit_of_work():
        db.session.add(FairRegistration(fair_id=fair.id, seeker_id=signed.id))
    with unit_of_work():
        kiosk.check_in(staff, fair, walker.id)
        kiosk.check_in(staff, fair, signed.id)
        kiosk.check_in(staff, fair, walker.id)  # tapped twice
    figures = statistics.fair_stats(fair.id).figures
    assert (figures.total.signed_up, figures.total.checked_in, figures.total.walk_ins) == (1, 2, 1)
    assert figures.by_trade["delivery"].walk_ins == 1  # the builder's D01
    assert figures.by_trade["livestream"].signed_up == 1
    assert figures.by_city["150200"].checked_in == 1


def test_an_empty_fair_has_zeros_and_no_lists(make):
    fair = make_fair(make)
    stats = statistics.fair_stats(fair.id)
    assert stats.figures.total == Figures()
    assert stats.check_ins == [] and stats.top_employers == [] and stats.occupations == []
