"""A seeker on a phone: 我的申请 (interview booth, what happens next), cancelling a fair
sign-up, the fair's booth floor plan, and the apply-confirm error; axe on every screen."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def _fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


@pytest.fixture
def rider(server, demo):
    """A new seeker, signed up for the running fair, with an interview at one of its booths."""
    from jobfair.extensions import db
    from jobfair.services import applications, fairs, live_index
    from models import Application, ApplicationEvent, Fair, FairRegistration, Posting
    from tests.e2e.test_flows import unused_phone
    from tests.helpers.builders import Builders

    phone = unused_phone(server)
    with server.app.test_request_context():
        fair = db.session.get(Fair, demo.fair_id)
        seeker = Builders().seeker(
            phone=phone, password=DEMO_PASSWORD, name="苏日娜", health_certificate=True,
            has_ebike=True, contact_consent=False,
        )  # fmt: skip
        booth = next(b for b in fairs.booths_of(fair) if b.label and b.postings)
        taken = set(
            db.session.scalars(
                select(Application.interview_at).where(Application.interview_booth_id == booth.id)
            )
        )
        soon = datetime.now(UTC).replace(second=0, microsecond=0)
        soon -= timedelta(minutes=soon.minute % 15)
        at = next(  # a free slot after now, while the fair is open (it has hours left)
            t for k in range(2, 20) if (t := soon + timedelta(minutes=15 * k)) not in taken
        )
        application = Application(
            posting_id=booth.postings[0].id, seeker_id=seeker.id, status="interview",
            interview_at=at, interview_place=f"{fair.name} 展位{booth.label}",
            interview_booth_id=booth.id,
        )  # fmt: skip
        application.events.append(ApplicationEvent(from_status=None, to_status="applied"))
        db.session.add_all([application, FairRegistration(fair_id=fair.id, seeker_id=seeker.id)])
        live_index.seeker_changed(seeker.id)  # ranked like anyone who signed up
        db.session.commit()
        found = {"phone": phone, "booth": booth.label, "title": booth.postings[0].title}
        # a posting asking for something the seeker lacks but may sort out (nights, weekends)
        found["soft_posting_id"] = next(
            (
                p.id
                for p in db.session.scalars(select(Posting).order_by(Posting.id))
                if p.is_public
                and (check := applications.check_application(seeker, p)).soft
                and not check.hard
            ),
            0,
        )
        db.session.remove()
    return found


def test_my_applications_on_a_phone(make_page, log_in, rider):
    page = make_page("phone")
    log_in(page, rider["phone"])
    page.goto("/me/applications")
    card = page.locator("main article", has=page.get_by_role("link", name=rider["title"]))
    expect(card.locator(".badge")).to_have_text("面试")
    label = rider["booth"]
    expect(card).to_contain_text(f"展位 {label}（{label[0]}区）")
    expect(card).to_contain_text("（北京时间）")
    expect(card).to_contain_text(f"接下来：请按时到招聘会现场，在入口签到后去展位{label}面试")
    fairs = page.get_by_role("region", name="我报名的招聘会")
    expect(fairs.get_by_role("link", name="取消报名")).to_have_count(1)
    _fits_the_screen(page)
    assert_accessible(page, "我的申请 on a phone")


def test_cancel_a_fair_sign_up_on_a_phone(make_page, log_in, rider, demo):
    page = make_page("phone")
    log_in(page, rider["phone"])
    page.goto(f"/fairs/{demo.fair_id}")
    signed_up = int(re.search(r"(\d+)人报名", page.locator("main").inner_text()).group(1))
    page.goto("/me/applications")
    with page.expect_navigation():
        page.get_by_role("region", name="我报名的招聘会").get_by_role(
            "link", name="取消报名"
        ).click()
    expect(page.locator("h1")).to_have_text("取消报名")
    _fits_the_screen(page)
    assert_accessible(page, "the cancel sign-up page on a phone")
    with page.expect_navigation():
        page.get_by_role("button", name="确定取消报名").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.locator("main .alert")).to_contain_text("已取消报名")
    expect(page.get_by_role("region", name="我报名的招聘会")).to_contain_text("您还没有报名招聘会")
    page.goto(f"/fairs/{demo.fair_id}")
    expect(page.locator("main")).to_contain_text(f"{signed_up - 1}人报名")
    expect(page.get_by_role("button", name="报名参加")).to_be_visible()  # can sign up again


def test_floor_plan_on_a_phone(make_page, log_in, rider, demo):
    page = make_page("phone")
    log_in(page, rider["phone"])
    page.goto(f"/fairs/{demo.fair_id}")
    plan = page.get_by_role("region", name="参会单位 · 展位图")
    expect(plan.get_by_role("heading", name=re.compile(r"^A区"))).to_be_visible()
    tiles = plan.locator("article")
    assert tiles.count() >= 2
    labels = [t.locator(".badge").first.inner_text() for t in tiles.all()]
    assert all(re.fullmatch(r"[A-Z]\d{2,3}", label) for label in labels), labels
    # the seeker's matches are marked, in text, and the quick links jump to their booths
    marked = plan.locator("article", has_text="★ 匹配")
    assert marked.count() >= 1
    first = plan.locator("a[href^='#booth-']").first
    target = first.get_attribute("href")
    first.click()
    tile = page.locator(target)
    expect(tile).to_be_in_viewport()
    expect(tile).to_contain_text("★ 匹配")
    # two booths side by side, each wholly on the screen
    box = tiles.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    _fits_the_screen(page)
    assert_accessible(page, "the fair's floor plan on a phone")


def test_apply_confirm_error_beside_the_box_on_a_phone(make_page, log_in, rider):
    posting_id = rider["soft_posting_id"]
    assert posting_id, "the demo data has no posting with a soft requirement for a rider"
    page = make_page("phone")
    log_in(page, rider["phone"])
    page.goto(f"/postings/{posting_id}")
    page.locator(f"#note-{posting_id}").fill("下周就能办好")
    with page.expect_navigation():
        page.get_by_role("button", name="申请这个岗位").click()
    box = page.locator("#accept_soft")
    expect(box).not_to_be_checked()
    expect(page.locator("#accept_soft-error")).to_have_count(0)  # asked, not yet wrong
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="确认申请").click()
    error = page.locator("#accept_soft-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("请确认您能在入职前满足")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", re.compile(r"\baccept_soft-error\b"))
    gap = error.bounding_box()["y"] - (box.bounding_box()["y"] + box.bounding_box()["height"])
    assert gap < 60, "the error is not beside the box"
    expect(page.locator("#note")).to_have_value("下周就能办好")
    _fits_the_screen(page)
    assert_accessible(page, "the apply-confirm error on a phone")
