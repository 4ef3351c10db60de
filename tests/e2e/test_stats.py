"""Fair statistics in a real browser: the fair dashboard and the region view on a phone
(charts drawn by the vendored Chart.js, nothing wider than the screen, axe-core
clean), a refused date range, and the page read without JavaScript."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_fair_dashboard_on_a_phone(make_page, demo):
    if not demo.fair_id:
        pytest.skip("the demo data has no running fair")
    page = make_page("phone", as_=demo.staff)
    page.goto("/staff/fairs")
    with page.expect_navigation():
        page.locator(f"a[href='/staff/fairs/{demo.fair_id}/stats']").first.click()
    assert page.locator("h1").inner_text().endswith("统计")
    drawn = page.locator("figure.chart-box:not([hidden]) canvas")
    drawn.first.wait_for(state="visible")
    assert drawn.count() >= 4  # funnel, trades, cities, check-ins ...
    for i in range(drawn.count()):
        box = drawn.nth(i).bounding_box()
        assert box["width"] <= PHONE["width"] and box["height"] > 100
    assert _page_width(page) <= PHONE["width"], "the page scrolls sideways on a phone"
    # the numbers are in tables too; the wide ones scroll inside their own region
    assert page.locator("table.stats-table").count() >= 5
    assert page.locator(".table-scroll[role=region]").count() >= 2
    assert_accessible(page, "fair statistics (phone)")


def test_fair_funnel_table_is_whole_beside_its_chart_on_a_desktop(make_page, demo):
    """One step a row: the six steps side by side were cut at the column's edge on a
    1366 px screen (the table scrolled inside a column of five twelfths)."""
    if not demo.fair_id:
        pytest.skip("the demo data has no running fair")
    page = make_page({"width": 1366, "height": 900}, as_=demo.staff)
    page.goto(f"/staff/fairs/{demo.fair_id}/stats")
    table = page.locator("table.stats-funnel")
    steps = table.locator("tbody th[scope=row]")
    assert steps.all_inner_texts() == [
        "提前报名", "签到入场", "投递申请", "面试", "达成就业意向", "已录用",
    ]  # fmt: skip
    wrapper = table.locator("xpath=..")
    assert wrapper.evaluate("el => el.scrollWidth <= el.clientWidth"), "the funnel table scrolls"
    chart = page.locator("figure.chart-box").first.bounding_box()
    box = table.bounding_box()
    assert box["x"] > chart["x"] + chart["width"] - 1  # beside the chart, not below it


def test_region_view_refuses_a_backwards_range_and_keeps_it(make_page, demo):
    page = make_page("phone", as_=demo.staff)
    page.goto("/staff/stats")
    page.locator("#start").fill("2026-12-31")
    page.locator("#end").fill("2026-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="查看统计").click()
    assert "结束日期不能早于开始日期" in page.locator("#end-error").inner_text()
    assert page.locator("#start").input_value() == "2026-12-31"
    assert page.locator("#end").input_value() == "2026-01-01"
    assert_accessible(page, "region statistics with an error (phone)")

    page.locator("#start").fill("2026-01-01")
    page.locator("#end").fill("2026-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="查看统计").click()
    page.locator("canvas[data-chart=months]").wait_for(state="visible")
    assert _page_width(page) <= PHONE["width"]
    assert_accessible(page, "region statistics (phone)")


def test_the_dashboard_reads_without_javascript(browser, server, login_state, demo):
    if not demo.fair_id:
        pytest.skip("the demo data has no running fair")
    context = browser.new_context(
        viewport=PHONE, base_url=server.url, java_script_enabled=False,
        storage_state=login_state(demo.staff),
    )  # fmt: skip
    try:
        page = context.new_page()
        page.goto(f"/staff/fairs/{demo.fair_id}/stats")
        assert page.locator("figure.chart-box:visible").count() == 0  # no empty chart boxes
        assert page.locator("table.stats-table:visible").count() >= 5
        assert "签到入场" in page.locator("main").inner_text()
    finally:
        context.close()
