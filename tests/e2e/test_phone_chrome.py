"""Staff tables and the header on a 360 px phone (issue 14): every action link inside
the screen, no page wider than it, the unread count beside the collapsed menu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PHONE_360 = {"width": 360, "height": 780}


def outside_viewport(page, selector: str) -> list[str]:
    """Texts of the visible elements matching ``selector`` not wholly inside the width."""
    return page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null)
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.left < 0 || r.right > width + 0.5; })
            .map(el => el.textContent.trim())""",
        [selector, PHONE_360["width"]],
    )


def assert_fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_360["width"], f"{what} is {width} px wide at 360 px"


def test_staff_fair_list_shows_every_action_on_a_phone(make_page, demo):
    page = make_page(PHONE_360, as_=demo.staff)
    page.goto("/staff/fairs")
    rows = page.locator("table.fair-table tbody tr")
    assert rows.count() >= 3
    actions = page.locator("table.fair-table td.card-actions a")
    assert actions.count() >= 3 * rows.count()  # edit, booths, plan for every fair
    assert outside_viewport(page, "main a, main button") == []
    assert_fits(page, "the staff fair list")
    first = rows.first  # a row is a card: each value beside its column's name
    expect(first.locator("td[data-label]").first).to_be_visible()
    label = first.locator("td").nth(1).evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"形式"'
    actions.first.click()
    expect(page).to_have_url(re.compile(r"/staff/fairs/\d+$"))  # the edit form
    page.goto("/staff/fairs")
    assert_accessible(page, "staff fair list at 360 px")


def test_booth_reviews_fit_a_phone(make_page, demo):
    page = make_page(PHONE_360, as_=demo.staff)
    page.goto(f"/staff/fairs/{demo.upcoming_fair_id}/booths")
    approve = page.locator("#requested").locator("xpath=..").get_by_role("button", name="批准")
    assert approve.count() >= 1
    expect(approve.first).to_be_in_viewport()
    assert outside_viewport(page, "main a, main button, main input") == []
    assert_fits(page, "the booth reviews")
    assert_accessible(page, "booth reviews at 360 px")


@pytest.mark.parametrize(
    ("what", "path"),
    [
        ("booth plan", "/staff/fairs/{fair_id}/plan"),
        ("seeker list", "/staff/seekers"),
        ("staff desk", "/staff/"),
    ],
)
def test_other_staff_tables_fit_a_phone(make_page, demo, what, path):
    page = make_page(PHONE_360, as_=demo.staff)
    page.goto(path.format(fair_id=demo.fair_id))
    assert outside_viewport(page, "main a, main button") == []
    assert_fits(page, what)
    assert_accessible(page, f"{what} at 360 px")


def test_unread_count_is_visible_with_the_menu_collapsed(make_page, demo):
    page = make_page(PHONE_360, as_=demo.seeker)
    page.goto("/postings")
    expect(page.locator("#nav")).to_be_hidden()  # the menu is collapsed
    bell = page.locator("header a.nav-unread")
    expect(bell).to_be_visible()
    expect(bell).to_be_in_viewport(ratio=1)
    count = bell.locator(".badge")
    expect(count).to_be_visible()
    unread = int(re.sub(r"\D", "", count.inner_text()))
    assert unread >= 1
    # a screen reader hears what the badge means
    expect(bell).to_have_accessible_name(re.compile(rf"通知\s*{unread}\s*条未读"))
    toggler = page.locator(".navbar-toggler")
    assert bell.bounding_box()["y"] == pytest.approx(toggler.bounding_box()["y"], abs=12)
    assert_accessible(page, "the collapsed header with an unread count")
    with page.expect_navigation():
        bell.click()
    expect(page).to_have_url(re.compile(r"/notifications$"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_fair_list_fits_a_1366_px_desktop(make_page, switch_lang, demo, lang):
    page = make_page({"width": 1366, "height": 900}, as_=demo.staff)
    page.goto("/staff/fairs")
    if lang == "en":
        switch_lang(page, "English")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    if lang == "en":  # English opens the menu out from 1400 px: collapsed here
        expect(page.locator(".navbar-toggler")).to_be_visible()
    for link in page.locator("header .navbar-nav .nav-link").all():  # the menu: one line each
        if link.is_visible():
            assert link.bounding_box()["height"] < 50, link.inner_text()
    main = page.locator("main").bounding_box()
    for box in (a.bounding_box() for a in page.locator("table.fair-table a").all()):
        assert main["x"] <= box["x"] and box["x"] + box["width"] <= main["x"] + main["width"]


@pytest.mark.parametrize("width", [1200, 1366, 1440])
@pytest.mark.parametrize("who", ["seeker", "employer"])
def test_english_header_is_one_row_on_a_desktop(make_page, switch_lang, demo, who, width):
    """English labels are longer: below 1400 px the menu stays collapsed, from 1400 px it
    opens out in one row. Before, at 1200-1399 px the language, notifications and log-out
    buttons stacked into a header 146 px tall."""
    page = make_page({"width": width, "height": 800}, as_=getattr(demo, who))
    page.goto("/")
    switch_lang(page, "English")
    header = page.locator("header nav").bounding_box()
    assert header["height"] < 70, f"the header is {header['height']} px tall at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    toggler = page.locator(".navbar-toggler")
    if width < 1400:
        expect(toggler).to_be_visible()
        expect(page.locator("a.nav-unread")).to_be_visible()  # the bell beside the menu
    else:
        expect(toggler).to_be_hidden()
        expect(page.locator("header").get_by_role("button", name="Log out")).to_be_visible()
