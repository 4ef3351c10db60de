"""The Content-Security-Policy in a real browser: the main pages of every role load
with no violation (no inline script or style element, nothing from elsewhere), the
statistics charts still draw and the fair plan's print button still prints."""

from __future__ import annotations

import pytest

# every violation, whether or not the browser also logs it to the console
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
window.__printed = 0;
window.print = function () { window.__printed += 1; };
"""


@pytest.fixture
def watched(make_page):
    """``watched(as_=None)``: a desktop page that records CSP violations and policy errors."""

    def make(as_: str | None = None):
        page = make_page("desktop", as_=as_)
        page.add_init_script(WATCH)
        errors = []
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and ("Content Security Policy" in m.text or "Policy" in m.text)
                else None
            ),
        )
        return page, errors

    return make


def visit(page, errors, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__violations")
    assert violations == [] and errors == [], f"{url}: {violations} {errors}"


def test_public_and_seeker_pages_load_without_violations(watched, demo):
    page, errors = watched()
    for url in ("/", "/postings", f"/postings/{demo.posting_id}", "/auth/login"):
        visit(page, errors, url)
    page, errors = watched(as_=demo.seeker)
    visit(page, errors, "/me/")
    visit(page, errors, f"/postings/{demo.posting_id}")  # with the seeker's match bar


def test_staff_pages_charts_and_kiosk_without_violations(watched, demo):
    if not demo.fair_id:
        pytest.skip("the demo data has no running fair")
    page, errors = watched(as_=demo.staff)
    visit(page, errors, f"/staff/fairs/{demo.fair_id}/stats")
    drawn = page.locator("figure.chart-box:not([hidden]) canvas")
    drawn.first.wait_for(state="visible")  # Chart.js ran from its static file
    assert page.evaluate("window.__violations") == [] and errors == []

    visit(page, errors, f"/staff/fairs/{demo.fair_id}/plan")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1  # app.js, no inline onclick

    visit(page, errors, f"/kiosk/{demo.fair_id}/")
    page.locator("#q").fill(demo.seeker)
    with page.expect_navigation():
        page.locator("#q").press("Enter")
    assert page.evaluate("window.__violations") == [] and errors == []
