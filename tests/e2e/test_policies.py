"""Policy information in a real browser on a phone: reading the current articles by tag,
an article and an expired one; staff writing one with a preview; staff answering a
question from the fair's policy desk. axe-core on every screen."""

from __future__ import annotations

import pytest

from tests.e2e.test_accessibility import assert_accessible

pytestmark = pytest.mark.e2e


def _expired_article_id(server) -> int:
    from sqlalchemy import select

    from jobfair.extensions import db
    from jobfair.services import policies
    from models import PolicyArticle, PolicyStatus

    with server.app.test_request_context():
        found = db.session.scalar(
            select(PolicyArticle.id).where(
                PolicyArticle.status == PolicyStatus.PUBLISHED,
                PolicyArticle.valid_until < policies.local_today(),
            )
        )
        db.session.remove()
    if found is None:
        pytest.skip("the demo data has no expired article")
    return found


def test_reading_policies_by_tag_on_a_phone(phone_page, server):
    page = phone_page
    page.goto("/policies/")
    assert page.locator("main article").count() >= 3
    assert_accessible(page, "policy list (phone)")
    with page.expect_navigation():
        page.locator("main nav").get_by_role("link", name="创业担保贷款").click()
    titles = page.locator("main article h2").all_inner_texts()
    assert titles and all("创业" in t or "贷款" in t for t in titles), titles
    assert_accessible(page, "policy list filtered by a tag (phone)")
    with page.expect_navigation():
        page.locator("main article h2 a").first.click()
    assert page.locator("main h1").inner_text() == titles[0]
    assert page.locator(".policy-body li").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "policy article (phone)")
    page.goto(f"/policies/{_expired_article_id(server)}")
    assert "本政策已过期" in page.locator("main").inner_text()
    assert_accessible(page, "expired policy article (phone)")


def test_staff_write_preview_and_publish_on_a_phone(make_page, demo):
    page = make_page("phone", as_=demo.staff)
    page.goto("/staff/policies/new")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert page.locator(".field-error").count() >= 3  # title, tags, body
    assert_accessible(page, "policy form with errors (phone)")
    page.locator("#title").fill("网约配送员职业技能培训报名")
    page.get_by_label("培训补贴").check()
    page.locator("#body").fill(
        "## 报名方式\n\n- 到就业服务中心\n- [网上报名](https://www.mohrss.gov.cn)\n\n"
        '<img src=x onerror="window.pwned=1"> [领奖](javascript:window.pwned=2)'
    )
    with page.expect_navigation():
        page.get_by_role("button", name="预览").click()
    preview = page.locator("section.card .policy-body")
    assert preview.locator("h2").inner_text() == "报名方式"
    assert preview.locator("a").count() == 1  # the javascript: link is only text
    assert page.evaluate("window.pwned") is None
    assert_accessible(page, "policy preview (phone)")
    page.locator("#status").select_option("published")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "已保存" in page.locator("main").inner_text()
    assert_accessible(page, "staff policy list (phone)")
    page.goto("/policies/?tag=training_subsidy")
    with page.expect_navigation():
        page.get_by_role("link", name="网约配送员职业技能培训报名").click()
    assert "领奖" in page.locator("main").inner_text()
    assert page.evaluate("window.pwned") is None


def test_staff_answer_a_desk_question_on_a_phone(make_page, demo):
    page = make_page("phone", as_=demo.staff)
    page.goto("/staff/consultations")
    cards = page.locator("main article.consultation")
    if cards.count() == 0:
        pytest.skip("the demo data has no open question")
    before = cards.count()
    assert_accessible(page, "open desk questions (phone)")
    first = cards.first
    with page.expect_navigation():
        first.get_by_role("button", name="答复并关闭").click()
    assert page.locator(".field-error").count() == 1  # an empty answer is refused
    assert_accessible(page, "desk question with an error (phone)")
    first = page.locator("main article.consultation").first
    first.locator("textarea").fill("已电话告知：两个平台的接单记录都可作为灵活就业证明。")
    with page.expect_navigation():
        first.get_by_role("button", name="答复并关闭").click()
    assert "已答复" in page.locator("main .alert").first.inner_text()
    assert page.locator("main article.consultation").count() == before - 1
    page.goto("/staff/consultations?state=answered")
    assert "两个平台的接单记录" in page.locator("main").inner_text()
    assert_accessible(page, "answered desk questions (phone)")
