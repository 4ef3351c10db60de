"""axe-core on every main page: no "serious" or "critical" violation.

Chinese everywhere; English on the public entry pages; phone and desktop
viewports for the pages most people land on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                count: v.nodes.length,
                why: [...v.nodes[0].any, ...v.nodes[0].all, ...v.nodes[0].none]
                    .map(c => c.message)[0] || "",
            }));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        more = (
            f" (+{v['count'] - len(v['targets'])} more)" if v["count"] > len(v["targets"]) else ""
        )
        lines.append(
            f"[{v['impact']}] {v['id']}: {v['help']}\n      at {', '.join(v['targets'])}{more}"
            f"\n      first: {v['why']}"
        )
    return "\n  ".join(lines)


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what} ({page.url}) has axe violations:\n  {describe(violations)}"


def submit_bad_signup(page) -> None:
    """A seeker sign-up with a wrong phone and no name: errors are shown."""
    page.locator("#phone").fill("12345")
    page.locator("#password").fill("secret-pass-1")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    assert page.locator(".field-error").count() >= 1, "the bad sign-up showed no field error"


# (role to log in as, path, what to do on the page before the check)
PAGES = {
    "home": (None, "/", None),
    "posting-list": (None, "/postings", None),
    "posting-list-filtered": (None, "/postings?trade=delivery&q=骑手", None),
    "posting-detail": (None, "/postings/{posting_id}", None),
    "login": (None, "/auth/login", None),
    "signup": (None, "/auth/signup", None),
    "signup-errors": (None, "/auth/signup", submit_bad_signup),
    "employer-signup": (None, "/auth/employer-signup", None),
    "privacy": (None, "/privacy", None),
    "not-found": (None, "/no-such-page", None),
    "seeker-dashboard": ("seeker", "/me/", None),
    "seeker-profile": ("seeker", "/me/profile", None),
    "employer-dashboard": ("employer", "/employer/", None),
    "employer-new-posting": ("employer", "/employer/postings/new", None),
    "staff-dashboard": ("staff", "/staff/", None),
    "staff-pending": ("staff", "/staff/employers/pending", None),
    "staff-seekers": ("staff", "/staff/seekers", None),
    "staff-seeker-detail": ("staff", "/staff/seekers/{seeker_id}", None),
    "staff-audit": ("staff", "/staff/audit", None),
}
ENGLISH = [
    "home",
    "posting-list",
    "posting-detail",
    "login",
    "signup",
    "signup-errors",
    "employer-signup",
]
BOTH_VIEWPORTS = ["home", "posting-list", "posting-detail", "signup", "signup-errors"]

CASES = []
for name in PAGES:
    for lang in ("zh", "en") if name in ENGLISH else ("zh",):
        for viewport in ("phone", "desktop") if name in BOTH_VIEWPORTS else ("desktop",):
            CASES.append(pytest.param(name, lang, viewport, id=f"{name}-{lang}-{viewport}"))


@pytest.mark.parametrize(("name", "lang", "viewport"), CASES)
def test_page_has_no_serious_axe_violations(
    make_page, log_in, switch_lang, demo, name, lang, viewport
):
    role, path, prepare = PAGES[name]
    page = make_page(viewport)
    if role:
        log_in(page, getattr(demo, role))
    path = path.format(posting_id=demo.posting_id, seeker_id=demo.seeker_id)
    response = page.goto(path)
    assert response.status == (404 if name == "not-found" else 200), (
        f"{path}: HTTP {response.status}"
    )
    if lang == "en":
        switch_lang(page, "English")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith(path), f"language switch left {path} for {page.url}"
    if prepare:
        prepare(page)
    assert_accessible(page, f"{name} [{lang}, {viewport}]")
