"""On a phone: a seeker sorts the posting list by pay, saves a posting and finds it
under 收藏的岗位; axe-core finds no serious or critical violation on the way."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide on a phone"


def per_month(pay: str) -> int:
    """The monthly pay a card shows: its converted figure, else the top of a 元/月 range."""
    found = re.search(r"折合约([\d,]+)元/月", pay) or re.search(r"([\d,]+) 元/月", pay)
    assert found, f"no monthly pay in {pay!r}"
    return int(found[1].replace(",", ""))


def test_seeker_sorts_by_pay_saves_a_posting_and_finds_it_in_the_saved_list(make_page, demo):
    page = make_page("phone", as_=demo.seeker)
    page.goto("/postings")
    form = page.get_by_role("search")
    form.get_by_label("排序").select_option(label="月薪最高")
    with page.expect_navigation():
        form.get_by_role("button", name="筛选").click()
    assert "sort=pay" in page.url
    assert page.get_by_label("排序").input_value() == "pay"
    assert page.get_by_text("按月薪排序").is_visible()
    cards = page.locator("main article.posting-card")
    assert cards.count() >= 2
    pays = [per_month(cards.nth(i).locator(".pay").inner_text()) for i in range(3)]
    assert pays == sorted(pays, reverse=True), pays
    assert_accessible(page, "posting list sorted by pay, on a phone")
    no_sideways_scroll(page)

    card = cards.nth(1)
    title = card.locator("h3").inner_text().strip()
    save = card.get_by_role("button", name=re.compile("收藏"))
    save.scroll_into_view_if_needed()
    assert save.is_visible()
    with page.expect_navigation():
        save.click()
    assert "sort=pay" in page.url  # back where the seeker was
    card = page.locator("main article.posting-card", has=page.get_by_role("link", name=title))
    assert "已收藏" in card.inner_text()
    assert card.get_by_role("button", name=re.compile("取消收藏")).is_visible()
    assert_accessible(page, "posting list with a saved posting, on a phone")

    toggler = page.locator(".navbar-toggler")
    toggler.click()
    saved_link = page.locator("header").get_by_role("link", name="收藏的岗位")
    saved_link.wait_for(state="visible")
    with page.expect_navigation():
        saved_link.click()
    assert page.get_by_role("heading", name="收藏的岗位").is_visible()
    saved = page.locator("main article.posting-card", has=page.get_by_role("link", name=title))
    assert saved.count() == 1 and saved.is_visible()
    assert_accessible(page, "saved postings, on a phone")
    no_sideways_scroll(page)

    # removed from the list again, so that the shared demo data stays as it was
    with page.expect_navigation():
        saved.get_by_role("button", name=re.compile("取消收藏")).click()
    assert page.locator("main article.posting-card", has=page.get_by_text(title)).count() == 0
    assert page.get_by_text("您还没有收藏岗位").is_visible()
