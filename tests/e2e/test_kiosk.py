"""The fair-day kiosk in a real browser: a walk-in from the start screen to the slip,
returning people found by pinyin initials and by a homophone, the idle reset with
Back pressed, and the elder-friendly figures (MIIT 适老化) with axe-core."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from pypinyin import Style, lazy_pinyin

from tests.e2e.conftest import KIOSK_IDLE_SECONDS, PHONE, TABLET, TABLET_PORTRAIT
from tests.e2e.test_accessibility import assert_accessible

MIN_TEXT_PX = 24  # 18 pt
MIN_TARGET_PX = 60
MIN_GAP_PX = 8


@pytest.fixture
def kiosk(make_page, demo):
    """``kiosk(viewport)``: a staff member's browser at the running fair's start screen."""
    if not demo.fair_id:
        pytest.skip("the demo data has no running fair")

    def open_kiosk(viewport=TABLET, clock: bool = False):
        """``clock=True``: the page's timers run on Playwright's clock, which the test
        moves on (``page.clock.run_for``) instead of waiting for them."""
        page = make_page(viewport, as_=demo.staff)
        if clock:
            page.clock.install()
        page.goto(f"/kiosk/{demo.fair_id}/")
        return page

    return open_kiosk


def _seeker_named(server, name: str, phone: str) -> None:
    """A person registered on the web (through the service, so the lookup learns them)."""
    from jobfair.services import phone_codes, seekers, unit_of_work

    with server.app.test_request_context():
        from jobfair.extensions import db

        if seekers.accounts.find_user(phone) is None:
            with unit_of_work():
                phone_codes.send_signup_code(phone)
            texted = server.app.extensions["jobfair.sms"].last_to(phone)
            with unit_of_work():
                seekers.create_seeker_account(
                    phone=phone,
                    password="secret-pass-1",
                    consent=True,
                    profile={"name": name, "birth_year": 1992, "district_code": "150105"},
                    code=re.search(r"(\d{6})", texted).group(1),
                )
        db.session.remove()


def _find(page, query: str) -> None:
    page.locator("#q").fill(query)
    with page.expect_navigation():
        page.locator("#q").press("Enter")  # a reader or a person presses Enter


def test_a_walk_in_from_start_to_slip_in_four_screens(kiosk):
    page = kiosk(TABLET)
    started = time.monotonic()
    screens = []
    with page.expect_navigation():
        page.get_by_role("link", name="第一次来：现场登记").click()
    screens.append(page.locator(".kiosk-step").inner_text())
    page.locator("#mobile").fill("139 5555 0101")
    page.locator("#name").fill("乌云毕力格")
    with page.expect_navigation():
        page.locator("#name").press("Enter")  # Enter goes forward, not back
    screens.append(page.locator(".kiosk-step").inner_text())
    page.locator("label[for=occ-D01]").click()
    page.locator("#desired_text").fill("开大车")
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    screens.append(page.locator(".kiosk-step").inner_text())
    page.locator("label[for=has_ebike]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    screens.append(page.locator(".kiosk-step").inner_text())
    page.locator("label[for=consent]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="登记并签到").click()
    took = time.monotonic() - started
    assert screens == [f"现场登记 · 第{n}步，共4步" for n in (1, 2, 3, 4)]
    assert "乌云毕力格，签到成功" in page.locator("main").inner_text()
    assert page.locator(".slip svg").count() == 1
    assert took < 60, f"a scripted walk-in took {took:.1f} s"


def test_a_returning_seeker_found_by_tail_and_pinyin_initials(kiosk, server):
    _seeker_named(server, "其木格", "13955550202")
    page = kiosk(TABLET)
    initials = "".join(lazy_pinyin("其木格", style=Style.FIRST_LETTER))
    _find(page, f"0202 {initials}")
    first = page.locator(".kiosk-person").first
    assert "其木格" in first.inner_text() and "139****0202" in first.inner_text()
    assert "13955550202" not in page.content()
    with page.expect_navigation():
        first.get_by_role("button").click()
    assert "签到成功" in page.locator("main").inner_text()


def test_a_returning_seeker_found_by_a_homophone(kiosk, server):
    _seeker_named(server, "苏日娜", "13955550303")
    page = kiosk(TABLET)
    _find(page, "苏日纳")
    assert "苏日娜" in page.locator(".kiosk-person").first.inner_text()


def test_idle_reset_leaves_nothing_behind_back(kiosk, server):
    _seeker_named(server, "额尔敦", "13955550404")
    page = kiosk(TABLET, clock=True)
    start = page.url
    _find(page, "13955550404")
    with page.expect_navigation():
        page.locator(".kiosk-person button").first.click()
    assert "额尔敦" in page.content()
    # nobody touches it: a second short of the idle time the person is still shown,
    # at the idle time the start screen comes back
    page.clock.run_for((KIOSK_IDLE_SECONDS - 1) * 1000)
    assert page.url != start and "额尔敦" in page.locator("body").inner_text()
    page.clock.run_for(2000)
    page.wait_for_url(start, timeout=6000)
    page.wait_for_load_state()
    assert "额尔敦" not in page.locator("body").inner_text()
    try:  # Back leads to the search (a POST): the browser will not show it again
        page.go_back()
        page.wait_for_load_state()
    except PlaywrightError as e:
        assert "ERR_CACHE_MISS" in str(e)
    page.wait_for_load_state()
    shown = page.locator("body").inner_text()
    assert "额尔敦" not in shown and "0404" not in shown


def _kiosk_screens(page, demo, mobile: str):
    """Walk every kiosk screen, yielding its name once it is shown."""
    yield "start"
    _find(page, "巴特")
    yield "results"
    page.goto(f"/kiosk/{demo.fair_id}/register")
    yield "register-1"
    page.locator("#mobile").fill("12345")
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    yield "register-1-error"
    page.locator("#mobile").fill(mobile)
    page.locator("#name").fill("阿拉坦仓")
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    yield "register-2"
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    yield "register-3"
    with page.expect_navigation():
        page.get_by_role("button", name="下一步").click()
    yield "register-4"
    page.locator("label[for=consent]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="登记并签到").click()
    yield "slip"
    page.goto(f"/kiosk/{demo.fair_id}/consult")
    yield "consult"


def _too_small_text(page) -> list[str]:
    return page.evaluate(
        """(min) => {
            const bad = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.textContent.trim()) continue;
                const el = node.parentElement;
                if (!el || el.closest('svg, script, .slip-qr-code')) continue;
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden' || style.display === 'none') continue;
                if (parseFloat(style.fontSize) < min) {
                    bad.push(`${el.tagName}.${el.className}: ${style.fontSize} "${node.textContent.trim().slice(0, 20)}"`);
                }
                if (parseFloat(style.lineHeight) / parseFloat(style.fontSize) < 1.3) {
                    bad.push(`${el.tagName}.${el.className}: line-height ${style.lineHeight}`);
                }
            }
            return bad;
        }""",  # noqa: E501
        MIN_TEXT_PX,
    )


def _target_problems(page) -> list[str]:
    return page.evaluate(
        """([min, gap]) => {
            const els = [...document.querySelectorAll(
                'a[href], button, select, textarea, input:not([type=hidden]):not(.kiosk-check), label.kiosk-option')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
            const boxes = els.map(e => [e, e.getBoundingClientRect()]);
            const bad = [];
            for (const [e, r] of boxes) {
                if (r.width < min || r.height < min) {
                    bad.push(`${e.tagName} "${e.innerText.trim().slice(0, 12)}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
                }
            }
            for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                    const [a, ra] = boxes[i], [b, rb] = boxes[j];
                    if (a.contains(b) || b.contains(a)) continue;
                    const dx = Math.max(rb.left - ra.right, ra.left - rb.right);
                    const dy = Math.max(rb.top - ra.bottom, ra.top - rb.bottom);
                    if (Math.max(dx, dy) < gap) {
                        bad.push(`"${a.innerText.trim().slice(0, 8)}" and "${b.innerText.trim().slice(0, 8)}" are ${Math.round(Math.max(dx, dy))} px apart`);
                    }
                }
            }
            return bad;
        }""",  # noqa: E501
        [MIN_TARGET_PX, MIN_GAP_PX],
    )


@pytest.mark.parametrize(
    "viewport", [TABLET, TABLET_PORTRAIT, PHONE], ids=["tablet", "tablet-portrait", "phone"]
)
def test_every_kiosk_screen_meets_the_elder_friendly_figures(kiosk, demo, viewport):
    page = kiosk(viewport)
    mobile = f"1395556{viewport['width']:04d}"  # a new person in each run
    for screen in _kiosk_screens(page, demo, mobile):
        where = f"{screen} at {viewport['width']}x{viewport['height']}"
        assert _too_small_text(page) == [], where
        assert _target_problems(page) == [], where
        assert_accessible(page, f"kiosk {where}")
