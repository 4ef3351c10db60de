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
    # evaluated through the DevTools protocol, which the page's CSP does not govern
    # (a <script> tag added to the page would be refused: no inline script)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
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


def submit_bad_signup(page, demo) -> None:
    """A seeker sign-up with a wrong phone and no name: errors are shown."""
    page.locator("#phone").fill("12345")
    page.locator("#password").fill("secret-pass-1")
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()
    assert page.locator(".field-error").count() >= 1, "the bad sign-up showed no field error"


def ask_empty_question(page, demo) -> None:
    """The booth's question form sent empty: the error is shown, nothing is saved."""
    form = page.locator("main form", has=page.locator("#q-text"))
    with page.expect_navigation():
        form.get_by_role("button").click()
    assert page.locator("#q-error").count() == 1, "an empty question showed no error"


def apply_needing_confirmation(page, demo) -> None:
    """Apply online to a posting with a soft requirement: the confirmation page."""
    link = page.locator(f"a[href$='/postings/{demo.soft_posting_id}']")
    card = page.locator("main article", has=link)
    with page.expect_navigation():
        card.get_by_role("button", name="在线申请").click()
    assert page.locator("#accept_soft").count() == 1, "no soft requirement to confirm"


def interview_without_time(page, demo) -> None:
    """Press 面试 with neither a time nor a place: errors next to the fields."""
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="面试", exact=True).click()
    assert page.locator(".field-error").count() >= 1, "the interview form showed no error"


def fair_without_dates(page, demo) -> None:
    """Save a new fair with nothing filled in."""
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="保存").click()
    assert page.locator(".field-error").count() >= 1, "the empty fair form showed no error"


def fair_ending_before_it_starts(page, demo) -> None:
    """Edit a fair so that it ends before it starts: refused, errors shown, nothing saved."""
    page.locator("#starts_at").fill("2030-06-02T10:00")
    page.locator("#ends_at").fill("2030-06-01T10:00")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="保存").click()
    assert page.locator(".field-error").count() >= 1, "end before start showed no error"


def approve_with_a_taken_label(page, demo) -> None:
    """Approve a requested booth with the label A01, which is taken: the error is shown."""
    booth = page.locator("#requested").locator("xpath=..").locator("li.list-group-item").first
    booth.locator("input[name=label]").fill("A01")
    with page.expect_navigation():
        booth.get_by_role("button", name="批准", exact=True).click()
    assert page.locator("#error-summary").count() == 1, "a taken booth label showed no error"


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
    # issue 4: fairs, applications, the pipeline
    "fair-list": (None, "/fairs/", None),
    "fair-page": (None, "/fairs/{fair_id}", None),
    "fair-page-as-seeker": ("seeker", "/fairs/{fair_id}", None),
    "booth-as-seeker": ("seeker", "/fairs/{fair_id}/booths/{booth_id}", None),
    "booth-question-error": ("seeker", "/fairs/{fair_id}/booths/{booth_id}", ask_empty_question),
    "apply-confirm": (
        "seeker",
        "/fairs/{fair_id}/booths/{soft_booth_id}",
        apply_needing_confirmation,
    ),
    "my-applications": ("seeker", "/me/applications", None),
    "notifications": ("seeker", "/notifications", None),
    "employer-notifications": ("employer", "/notifications", None),
    "employer-fairs": ("employer", "/employer/fairs", None),
    "employer-applicants": (
        "employer",
        "/employer/postings/{applicants_posting_id}/applicants",
        None,
    ),
    "employer-application": ("employer", "/employer/applications/{application_id}", None),
    "employer-application-errors": (
        "employer",
        "/employer/applications/{application_id}",
        interview_without_time,
    ),
    "employer-candidates": ("employer", "/employer/postings/{booth_posting_id}/candidates", None),
    "staff-fairs": ("staff", "/staff/fairs", None),
    "staff-fair-new": ("staff", "/staff/fairs/new", None),
    "staff-fair-new-errors": ("staff", "/staff/fairs/new", fair_without_dates),
    "staff-fair-edit-errors": ("staff", "/staff/fairs/{fair_id}", fair_ending_before_it_starts),
    "staff-fair-booths": ("staff", "/staff/fairs/{fair_id}/booths", None),
    "staff-fair-booths-error": (
        "staff",
        "/staff/fairs/{fair_id}/booths",
        approve_with_a_taken_label,
    ),
    "staff-fair-plan": ("staff", "/staff/fairs/{fair_id}/plan", None),
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
BOTH_VIEWPORTS = [
    "home",
    "posting-list",
    "posting-detail",
    "signup",
    "signup-errors",
    "fair-page-as-seeker",
    "booth-as-seeker",
    "apply-confirm",
    "my-applications",
    "employer-applicants",
    "employer-application",
    "staff-fair-plan",
]

CASES = []
for name in PAGES:
    for lang in ("zh", "en") if name in ENGLISH else ("zh",):
        for viewport in ("phone", "desktop") if name in BOTH_VIEWPORTS else ("desktop",):
            CASES.append(pytest.param(name, lang, viewport, id=f"{name}-{lang}-{viewport}"))


@pytest.mark.parametrize(("name", "lang", "viewport"), CASES)
def test_page_has_no_serious_axe_violations(make_page, switch_lang, demo, name, lang, viewport):
    role, path, prepare = PAGES[name]
    page = make_page(viewport, as_=getattr(demo, role) if role else None)
    path = path.format(**vars(demo))
    response = page.goto(path)
    assert response.status == (404 if name == "not-found" else 200), (
        f"{path}: HTTP {response.status}"
    )
    if lang == "en":
        switch_lang(page, "English")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith(path), f"language switch left {path} for {page.url}"
    if prepare:
        prepare(page, demo)
    assert_accessible(page, f"{name} [{lang}, {viewport}]")
