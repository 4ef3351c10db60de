"""The posting list's sort select and saved postings, through the pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.database import count


def _ago(hours: int) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def card_titles(html: str) -> list[str]:
    """The posting titles of the cards on a page, in page order."""
    return re.findall(r'<h3 class="h5 card-title mb-1">\s*(?:<a [^>]*>)?([^<]+?)\s*<', html)


def sort_options(html: str) -> list[str]:
    select_html = html.split('id="f-sort"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w+)"', select_html)


def selected_sort(html: str) -> str:
    select_html = html.split('id="f-sort"', 1)[1].split("</select>", 1)[0]
    return re.search(r'<option value="(\w+)" selected', select_html).group(1)


@pytest.fixture
def world(make):
    seeker = make.seeker(
        district_code="150105", occupation_codes=["D01"], has_ebike=True, health_certificate=True
    )
    employer = make.employer()
    rider = make.posting(employer, title="赛罕区外卖骑手", pay_min=5000, pay_max=6000,
                         published_at=_ago(9))  # fmt: skip
    hourly = make.posting(employer, title="包头兼职骑手", district_code="150203", pay_min=20,
                          pay_max=30, pay_unit="hour", published_at=_ago(8))  # fmt: skip
    truck = make.posting(employer, title="重型货车司机", occupation_code="L01", trade="logistics",
                         required_licence="B2", pay_min=9000, pay_max=12000,
                         district_code="150102", published_at=_ago(1))  # fmt: skip
    return {"seeker": seeker, "rider": rider, "hourly": hourly, "truck": truck}


def test_anonymous_users_sort_by_newest_and_pay_only(client, world):
    html = client.get("/postings").get_data(as_text=True)
    assert sort_options(html) == ["newest", "pay"] and selected_sort(html) == "newest"
    assert card_titles(html) == ["重型货车司机", "包头兼职骑手", "赛罕区外卖骑手"]
    html = client.get("/postings?sort=pay").get_data(as_text=True)
    # 30 an hour makes 5,220 a month, below 6,000 a month
    assert card_titles(html) == ["重型货车司机", "赛罕区外卖骑手", "包头兼职骑手"]
    assert "折合约5,220元/月" in html and "/save" not in html
    for asked in ("match", "distance", "cheapest", ""):
        response = client.get(f"/postings?sort={asked}")
        assert response.status_code == 200
        assert selected_sort(response.get_data(as_text=True)) == "newest"
    assert "匹配度 " not in html


def test_a_seeker_sorts_by_match_with_the_percentage_on_each_card(client, auth, world):
    auth.login_as(world["seeker"].user)
    html = client.get("/postings?sort=match").get_data(as_text=True)
    assert sort_options(html) == ["newest", "match", "distance", "pay"]
    assert selected_sort(html) == "match"
    assert card_titles(html) == ["赛罕区外卖骑手", "包头兼职骑手", "重型货车司机"]
    percents = [int(p) for p in re.findall(r"匹配度 (\d+)%", html)]
    assert len(percents) == 2 and percents[0] > percents[1]
    assert html.count("您还不符合这个岗位的硬性要求") == 1  # the truck: no B2 licence


def test_a_seeker_sorts_by_distance_from_their_district(client, auth, world):
    auth.login_as(world["seeker"].user)
    html = client.get("/postings?sort=distance").get_data(as_text=True)
    # 赛罕区 itself, then 新城区 (Hohhot too), then Baotou
    assert card_titles(html) == ["赛罕区外卖骑手", "重型货车司机", "包头兼职骑手"]
    assert "在您所在的旗县区" in html and "与您同一盟市" in html


def test_the_order_is_kept_across_filters_and_pages(client, make, world):
    employer = make.employer()
    for i in range(20):
        make.posting(employer, title=f"分拣员{i:02d}", occupation_code="L02", trade="logistics",
                     pay_min=3000 + i, pay_max=3000 + i, published_at=_ago(20 + i))  # fmt: skip
    html = client.get("/postings?sort=pay&trade=logistics").get_data(as_text=True)
    assert selected_sort(html) == "pay"
    titles = card_titles(html)
    assert titles[:3] == ["重型货车司机", "分拣员19", "分拣员18"] and len(titles) == 20
    next_link = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "sort=pay" in next_link and "trade=logistics" in next_link
    html = client.get(next_link).get_data(as_text=True)
    assert card_titles(html) == ["分拣员00"] and selected_sort(html) == "pay"


def test_saving_and_unsaving_are_idempotent_and_return_to_the_page(client, auth, world):
    seeker, rider = world["seeker"], world["rider"]
    auth.login_as(seeker.user)
    back = f"/postings?sort=pay#posting-{rider.id}"
    for _ in range(2):
        response = client.post(f"/postings/{rider.id}/save", data={"next": back})
        assert response.status_code == 302 and response.headers["Location"] == back
    assert count(models.SavedPosting) == 1
    html = client.get("/postings?sort=pay").get_data(as_text=True)
    card = html.split(f'id="posting-{rider.id}"', 1)[1].split("</article>", 1)[0]
    assert "已收藏" in card and "取消收藏" in card
    detail = client.get(f"/postings/{rider.id}").get_data(as_text=True)
    assert "取消收藏" in detail
    for _ in range(2):
        response = client.post(f"/postings/{rider.id}/unsave", data={"next": back})
        assert response.status_code == 302 and response.headers["Location"] == back
    assert count(models.SavedPosting) == 0
    # a foreign return address goes to the posting's page instead
    response = client.post(f"/postings/{rider.id}/save", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == f"/postings/{rider.id}"


def test_the_saved_list_shows_own_saves_only_and_marks_closed_postings(client, auth, make, world):
    seeker, rider, truck = world["seeker"], world["rider"], world["truck"]
    other = make.seeker(name="乌云")
    auth.login_as(seeker.user)
    client.post(f"/postings/{rider.id}/save")
    client.post(f"/postings/{truck.id}/save")
    auth.logout()
    auth.login_as(other.user)
    client.post(f"/postings/{world['hourly'].id}/save")
    html = client.get("/postings/saved").get_data(as_text=True)
    assert card_titles(html) == ["包头兼职骑手"]
    auth.logout()

    truck.status = "closed"
    db.session.commit()
    auth.login_as(seeker.user)
    html = client.get("/postings/saved").get_data(as_text=True)
    assert sorted(card_titles(html)) == ["赛罕区外卖骑手", "重型货车司机"]
    assert "包头兼职骑手" not in html
    closed = html.split(f'id="posting-{truck.id}"', 1)[1].split("</article>", 1)[0]
    assert "已停止招聘" in closed and f'href="/postings/{truck.id}"' not in closed
    open_card = html.split(f'id="posting-{rider.id}"', 1)[1].split("</article>", 1)[0]
    assert "已停止招聘" not in open_card and f'href="/postings/{rider.id}"' in open_card
    # a closed posting can be removed from the list, not saved anew
    assert client.post(f"/postings/{truck.id}/unsave").status_code == 302
    assert client.post(f"/postings/{truck.id}/save").status_code == 404
    saved = db.session.scalars(
        select(models.SavedPosting.posting_id).where(models.SavedPosting.seeker_id == seeker.id)
    ).all()
    assert saved == [rider.id]


def test_anonymous_save_goes_to_login_and_back_to_the_posting(client, auth, world):
    rider = world["rider"]
    response = client.post(f"/postings/{rider.id}/save")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert count(models.SavedPosting) == 0
    assert client.get("/postings/saved").headers["Location"].startswith("/auth/login")
    # the login page returns to the save address: it shows the posting, saves nothing
    after = client.get(f"/postings/{rider.id}/save")
    assert after.status_code == 302 and after.headers["Location"] == f"/postings/{rider.id}"
    assert count(models.SavedPosting) == 0


def test_only_seekers_save_and_only_public_postings(client, auth, make, world):
    member = make.member(world["rider"].employer)
    auth.login_as(member)
    assert client.post(f"/postings/{world['rider'].id}/save").status_code == 403
    assert client.get("/postings/saved").status_code == 403
    auth.logout()
    draft = make.posting(world["rider"].employer, status="draft", published_at=None)
    auth.login_as(world["seeker"].user)
    assert client.post(f"/postings/{draft.id}/save").status_code == 404
    assert client.post("/postings/999999/save").status_code == 404
    assert count(models.SavedPosting) == 0


def test_deleting_the_account_deletes_its_saved_postings(client, auth, make, world):
    seeker, rider = world["seeker"], world["rider"]
    other = make.seeker(name="乌云")
    auth.login_as(other.user)
    client.post(f"/postings/{rider.id}/save")
    auth.logout()
    auth.login_as(seeker.user)
    client.post(f"/postings/{rider.id}/save")
    client.post(f"/postings/{world['truck'].id}/save")
    assert count(models.SavedPosting) == 3
    assert client.post("/me/delete", data={"password": PASSWORD}).status_code == 302
    left = db.session.scalars(select(models.SavedPosting.seeker_id)).all()
    assert left == [other.id]


def test_the_sort_and_the_saved_list_in_english(client, auth, world):
    auth.login_as(world["seeker"].user)
    client.post(f"/postings/{world['rider'].id}/save")
    client.post("/lang", data={"lang": "en"})
    html = client.get("/postings?sort=pay").get_data(as_text=True)
    assert "Highest monthly pay" in html and "月薪" not in html and "收藏" not in html
    html = client.get("/postings/saved").get_data(as_text=True)
    assert "Saved jobs" in html and "收藏" not in html
