"""The posting list's orders: pay compared per month, distance from the seeker's
district, the seeker's match, newest; checked against postings the tests build."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import posting_search, postings
from jobfair.services.postings import PostingFilters
from matching import regions


def _ago(hours: int) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


@pytest.mark.parametrize(
    ("amount", "unit", "trade", "per_month"),
    [
        (6000, "month", "logistics", 6000),
        (200, "day", "logistics", 4350),  # 21.75 working days a month
        (25, "hour", "livestream", 4350),  # 8 hours a day
        (8, "order", "delivery", 6400),  # riders and couriers: 800 orders a month
        (130, "order", "logistics", None),  # a freight trip: no monthly figure
        (None, "month", "delivery", None),
        (0, "day", "delivery", None),
        (300, "piece", "delivery", None),  # a unit the rule does not know
        (300, None, "delivery", None),
    ],
)
def test_pay_per_month_for_each_unit(amount, unit, trade, per_month):
    assert postings.monthly_pay(amount, unit, trade) == per_month


def test_the_sql_form_of_the_pay_rule_gives_the_same_figures(make):
    employer = make.employer()
    rows = [
        make.posting(employer, pay_min=5000, pay_max=7000, pay_unit="month"),
        make.posting(employer, pay_min=150, pay_max=300, pay_unit="day"),
        make.posting(employer, pay_min=20, pay_max=30, pay_unit="hour"),
        make.posting(employer, pay_min=5, pay_max=10, pay_unit="order"),
        make.posting(employer, pay_min=60, pay_max=130, pay_unit="order", trade="logistics"),
    ]
    for posting in rows:
        in_sql = db.session.scalar(
            select(postings.monthly_pay_sql(models.Posting.pay_max)).where(
                models.Posting.id == posting.id
            )
        )
        in_python = postings.monthly_pay(posting.pay_max, posting.pay_unit, posting.trade)
        assert (in_sql if in_sql is None else round(in_sql)) == in_python


def _titles(page) -> list[str]:
    return [p.title for p in page.items]


def test_pay_sorts_by_pay_per_month_whatever_the_unit_and_unknown_pay_last(make):
    employer = make.employer()
    make.posting(employer, title="月薪", pay_min=5000, pay_max=7000, pay_unit="month")  # 7000
    make.posting(employer, title="日薪", pay_min=150, pay_max=300, pay_unit="day")  # 6525
    make.posting(employer, title="时薪", pay_min=20, pay_max=30, pay_unit="hour")  # 5220
    make.posting(employer, title="计件", pay_min=5, pay_max=10, pay_unit="order")  # 8000
    # a freight trip's price has no monthly figure: last with the unknown unit, newest first
    make.posting(employer, title="按趟", pay_min=60, pay_max=130, pay_unit="order",
                 trade="logistics", occupation_code="L03", published_at=_ago(1))  # fmt: skip
    # an old row whose unit the rule does not know: published last, still sorted last
    make.posting(employer, title="未知", pay_min=90, pay_max=90000, pay_unit="piece")
    # the same top of the range: the higher bottom first
    make.posting(employer, title="月薪窄", pay_min=6500, pay_max=7000, pay_unit="month",
                 published_at=_ago(5))  # fmt: skip
    page = postings.search_postings(PostingFilters(), page=1, per_page=20, sort="pay")
    assert _titles(page) == ["计件", "月薪窄", "月薪", "日薪", "时薪", "未知", "按趟"]
    # the newest order is another one: the one sorts differ
    newest = postings.search_postings(PostingFilters(), page=1, per_page=20)
    assert _titles(newest)[0] == "未知" and _titles(newest)[-1] == "月薪窄"


def test_distance_sorts_same_district_then_city_then_region_then_outside(make):
    employer = make.employer()
    make.posting(employer, title="区外", district_code="110105", published_at=_ago(1))
    make.posting(employer, title="包头", district_code="150203", published_at=_ago(2))
    make.posting(employer, title="新城区旧", district_code="150102", published_at=_ago(9))
    make.posting(employer, title="新城区新", district_code="150102", published_at=_ago(3))
    make.posting(employer, title="赛罕区", district_code="150105", published_at=_ago(8))
    page = postings.search_postings(
        PostingFilters(), page=1, per_page=20, sort="distance", near="150105"
    )
    assert _titles(page) == ["赛罕区", "新城区新", "新城区旧", "包头", "区外"]


def test_the_distance_order_is_the_matchers_proximity(make):
    """One definition of near: the SQL ranks as matching.regions.proximity does."""
    employer = make.employer()
    codes = ["150105", "150102", "150121", "150203", "152921", "110105"]
    for code in codes:
        make.posting(employer, title=code, district_code=code)
    for home in ("150105", "150203", "152921"):
        ranks = dict(
            db.session.execute(select(models.Posting.title, postings.distance_sql(home))).all()
        )
        assert ranks == {c: regions.PROXIMITIES.index(regions.proximity(home, c)) for c in codes}


def test_newest_is_the_default_and_an_unknown_or_forbidden_order_falls_back_to_it():
    assert postings.clean_sort(None, has_profile=True) == "newest"
    assert postings.clean_sort("cheapest", has_profile=True) == "newest"
    assert postings.clean_sort("match", has_profile=False) == "newest"
    assert postings.clean_sort("distance", has_profile=False) == "newest"
    assert postings.clean_sort("pay", has_profile=False) == "pay"
    assert postings.sorts_for(False) == ("newest", "pay")
    assert set(postings.sorts_for(True)) == {"newest", "match", "distance", "pay"}


@pytest.fixture
def match_world(make):
    """A rider seeker in 赛罕区; postings that fit them well, less well, and not at all."""
    seeker = make.seeker(
        district_code="150105", occupation_codes=["D01"], has_ebike=True, health_certificate=True
    )
    employer = make.employer()
    make.posting(employer, title="赛罕区外卖骑手", published_at=_ago(9))
    make.posting(employer, title="包头外卖骑手", district_code="150203", published_at=_ago(8))
    make.posting(employer, title="赛罕区带货主播", occupation_code="S01", trade="livestream",
                 published_at=_ago(7))  # fmt: skip
    for i in range(2):  # the newest postings, which the seeker cannot take: no B2 licence
        make.posting(employer, title=f"重型货车司机{i}", occupation_code="L01", trade="logistics",
                     required_licence="B2", published_at=_ago(i))  # fmt: skip
    return seeker


def test_match_puts_what_the_seeker_qualifies_for_first_best_first(match_world):
    seeker = match_world
    listing = posting_search.browse_postings(PostingFilters(), "match", 1, 20, seeker=seeker)
    titles = _titles(listing.page)
    assert titles[:3] == ["赛罕区外卖骑手", "包头外卖骑手", "赛罕区带货主播"]
    assert set(titles[3:]) == {"重型货车司机0", "重型货车司机1"}
    scores = [listing.matches[p.id].score for p in listing.page.items[:3]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[2]
    assert all(p.id not in listing.matches for p in listing.page.items[3:])
    assert listing.sort == "match" and listing.page.total == 5


def test_match_pages_continue_with_the_postings_the_seeker_does_not_qualify_for(match_world):
    seeker = match_world
    pages = [
        posting_search.browse_postings(PostingFilters(), "match", n, 2, seeker=seeker)
        for n in (1, 2, 3)
    ]
    titles = [_titles(p.page) for p in pages]
    assert titles[0] == ["赛罕区外卖骑手", "包头外卖骑手"]
    assert titles[1] == ["赛罕区带货主播", "重型货车司机0"]  # the unqualified ones newest first
    assert titles[2] == ["重型货车司机1"]
    assert [p.page.pages for p in pages] == [3, 3, 3]


def test_match_respects_the_filters(match_world):
    listing = posting_search.browse_postings(
        PostingFilters(district="150200"), "match", 1, 20, seeker=match_world
    )
    assert _titles(listing.page) == ["包头外卖骑手"] and listing.page.total == 1


def test_other_orders_show_a_seeker_the_match_of_each_posting_too(match_world):
    listing = posting_search.browse_postings(PostingFilters(), "pay", 1, 20, seeker=match_world)
    matched = {p.title for p in listing.page.items if p.id in listing.matches}
    assert matched == {"赛罕区外卖骑手", "包头外卖骑手", "赛罕区带货主播"}
    assert listing.proximity  # and how near each is
    anonymous = posting_search.browse_postings(PostingFilters(), "match", 1, 20)
    assert anonymous.sort == "newest" and anonymous.matches is None
    assert _titles(anonymous.page)[0] == "重型货车司机0"
