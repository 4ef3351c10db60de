"""Policy articles and desk questions, through the services: rendering hostile Markdown,
validity, the public lists, publishing, answering."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.errors import Conflict, DomainError, NotFound, ValidationFailed
from jobfair.extensions import db
from jobfair.services import consultations, desk, policies, unit_of_work
from tests.helpers.database import count
from tests.helpers.scenes import make_fair

ARTICLE = {
    "title": "灵活就业人员社保补贴",
    "body": "**申请条件**\n\n- 灵活就业\n- 以个人身份缴费",
    "tags": ["social_insurance"],
    "valid_until": None,
    "status": "published",
}


def write(staff, **changes) -> models.PolicyArticle:
    with unit_of_work():
        return policies.create_article(staff, {**ARTICLE, **changes})


def expire(article, days_ago: int = 1) -> None:
    """Move an article's last valid day into the past (as time passing would)."""
    article.valid_until = policies.local_today() - timedelta(days=days_ago)
    db.session.commit()


# -- rendering: no raw HTML, links only to http(s), no images --------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
    "[点我](javascript:alert(1))",
    "[点我](JavaScript:alert(1))",
    "[点我](  javascript:alert(1))",
    "[点我](java&#x09;script:alert(1))",
    "[点我](&#106;avascript:alert(1))",
    "[点我](%6Aavascript:alert(1))",
    "[点我](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[点我][ref]\n\n[ref]: javascript:alert(1)",
    "[点我](vbscript:msgbox(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![图](https://evil.example/track.png)",
    "[![图](https://evil.example/x.png)](javascript:alert(1))",
    "[[内层](javascript:alert(1))](https://ok.example)",
    '[标题](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62;",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "<div onclick=alert(1)>**粗**</div>",
    "[点我](//evil.example/x)",
    "[点我](/relative/path)",
    "[点我](file:///etc/passwd)",
]


def tags_of(html: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)}


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_markdown_renders_without_html_scripts_images_or_bad_links(body):
    html = str(policies.render_body(body))
    assert tags_of(html) <= {"p", "a", "code", "pre", "strong", "em"}, html
    assert "<script" not in html.lower() and "<img" not in html.lower()
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs), html
    # no attribute outside the two we write, so no on*= handler can get in
    attributes = set(re.findall(r"\s([a-zA-Z-]+)=\"", html))
    assert attributes <= {"href", "rel", "title"}, html


def test_a_refused_link_keeps_its_text_and_a_good_one_stays_a_link():
    html = str(
        policies.render_body("[申请入口](javascript:alert(1)) 和 [官网](https://www.mohrss.gov.cn)")
    )
    assert "申请入口" in html and "javascript" not in html
    assert '<a href="https://www.mohrss.gov.cn" rel="nofollow noopener noreferrer">官网</a>' in html


def test_script_tags_and_entities_are_shown_as_text():
    html = str(policies.render_body("注意 <script>alert(1)</script> 与 &lt;b&gt;"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_an_image_is_shown_as_its_description():
    assert str(policies.render_body("![办事流程图](https://evil.example/x.png)")).strip() == (
        "<p>办事流程图</p>"
    )


def test_body_headings_sit_below_the_page_title():
    html = str(policies.render_body("# 申请条件\n\n## 材料"))
    assert "<h2>申请条件</h2>" in html and "<h3>材料</h3>" in html and "<h1" not in html
    html = str(policies.render_body("## 申请条件\n\n#### 材料\n\n###### 附"))
    assert "<h2>申请条件</h2>" in html and "<h4>材料</h4>" in html and "<h6>附</h6>" in html


def test_summary_is_plain_text():
    summary = policies.plain_summary("# 标题\n\n**加粗**和[链接](javascript:x)" + "字" * 200, 20)
    assert summary.startswith("标题 加粗和链接") and summary.endswith("…") and "*" not in summary


# -- writing ---------------------------------------------------------------------------------


def test_create_keeps_tags_author_and_publication_time(make):
    staff = make.staff()
    article = write(staff, tags=["startup_loan", "career_guidance", "startup_loan"])
    db.session.expire_all()
    saved = db.session.get(models.PolicyArticle, article.id)
    assert saved.tags == ["career_guidance", "startup_loan"]
    assert saved.author_id == staff.id and saved.published_at is not None
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "policy.create")
    )
    assert entry.actor_user_id == staff.id and entry.subject_id == article.id


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "  "}, "title"),
        ({"title": "标" * 101}, "title"),
        ({"body": "\u200b"}, "body"),
        ({"tags": []}, "tags"),
        ({"tags": ["lottery"]}, "tags"),
        ({"status": "archived"}, "status"),
        ({"valid_until": "past"}, "valid_until"),
        ({"valid_until": "far"}, "valid_until"),
    ],
)
def test_bad_articles_are_refused_field_by_field(make, changes, field):
    staff = make.staff()
    today = policies.local_today()
    if changes.get("valid_until") == "past":
        changes["valid_until"] = today - timedelta(days=1)
    elif changes.get("valid_until") == "far":
        changes["valid_until"] = today + timedelta(days=366 * 11)
    with pytest.raises(ValidationFailed) as refused:
        write(staff, **changes)
    assert field in refused.value.errors
    assert count(models.PolicyArticle) == 0 and count(models.AuditEntry) == 0


def test_update_replaces_tags_and_an_unchanged_past_date_is_kept(make):
    staff = make.staff()
    article = write(staff, tags=["social_insurance", "injury_insurance"])
    expire(article, days_ago=3)
    past = article.valid_until
    with unit_of_work():
        policies.update_article(
            staff, article.id, {**ARTICLE, "tags": ["injury_insurance"], "valid_until": past}
        )
    db.session.expire_all()
    saved = db.session.get(models.PolicyArticle, article.id)
    assert saved.tags == ["injury_insurance"] and saved.valid_until == past
    assert count(models.PolicyArticleTag) == 1


def test_unpublish_and_publish_again(make):
    staff = make.staff()
    article = write(staff)
    first = article.published_at
    with unit_of_work():
        policies.set_published(staff, article.id, False)
    assert policies.current_articles() == []
    with unit_of_work():
        policies.set_published(staff, article.id, True)
    assert [a.id for a in policies.current_articles()] == [article.id]
    assert db.session.get(models.PolicyArticle, article.id).published_at == first
    actions = db.session.scalars(select(models.AuditEntry.action).order_by(models.AuditEntry.id))
    assert list(actions) == ["policy.create", "policy.unpublish", "policy.publish"]


def test_an_expired_draft_cannot_be_published(make):
    staff = make.staff()
    article = write(staff, status="draft")
    expire(article)
    with pytest.raises(DomainError), unit_of_work():
        policies.set_published(staff, article.id, True)
    assert db.session.get(models.PolicyArticle, article.id).status == "draft"


# -- reading ---------------------------------------------------------------------------------


def test_public_lists_hold_current_published_articles_newest_first(make):
    staff = make.staff()
    older = write(staff, title="旧文章")
    newer = write(staff, title="新文章")
    older.published_at = newer.published_at - timedelta(days=2)
    draft = write(staff, title="草稿", status="draft")
    gone = write(staff, title="过期")
    last_day = write(staff, title="今天是最后一天", valid_until=policies.local_today())
    db.session.commit()
    expire(gone)
    page = policies.public_articles_page(None, 1, 10)
    assert [a.id for a in page.items] == [last_day.id, newer.id, older.id]
    assert draft.id not in [a.id for a in policies.current_articles()]
    assert len(policies.current_articles(limit=2)) == 2
    with pytest.raises(NotFound):
        policies.public_article(draft.id)
    assert policies.public_article(gone.id).is_expired(policies.local_today())


def test_tag_filter(make):
    staff = make.staff()
    loan = write(staff, tags=["startup_loan", "employment_subsidy"])
    write(staff, tags=["social_insurance"])
    assert [a.id for a in policies.public_articles_page("startup_loan", 1, 10).items] == [loan.id]
    assert policies.public_articles_page("training_subsidy", 1, 10).total == 0
    assert policies.tag_arg("startup_loan") == "startup_loan"
    assert policies.tag_arg("'; DROP TABLE policy_article; --") is None


# -- the desk's open questions -----------------------------------------------------------------


@pytest.fixture
def desk_questions(make):
    staff = make.staff()
    fair, other_fair = make_fair(make), make_fair(make, name="包头专场")
    seeker = make.seeker(name="其木格", phone="13912345678")
    rows = [
        models.Consultation(
            fair_id=fair.id,
            topic="startup_loan",
            answered=False,
            staff_id=staff.id,
            seeker_id=seeker.id,
            notes="想开网店",
        ),
        models.Consultation(fair_id=fair.id, topic="social_insurance", answered=False),
        models.Consultation(fair_id=fair.id, topic="startup_loan", answered=True),
        models.Consultation(fair_id=other_fair.id, topic="startup_loan", answered=False),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return {"staff": staff, "fair": fair, "other_fair": other_fair, "rows": rows}


def listed(staff, **filters):
    with unit_of_work():
        page = consultations.consultations_page(
            staff, consultations.ConsultationFilters.from_args(**filters), 1, 20
        )
    return [c.id for c in page.items]


def test_open_questions_per_fair_across_fairs_and_by_topic(desk_questions):
    staff, fair = desk_questions["staff"], desk_questions["fair"]
    other = desk_questions["other_fair"]
    a, b, answered, elsewhere = (r.id for r in desk_questions["rows"])
    assert listed(staff, state="open", fair_id=None, topic=None) == [a, b, elsewhere]
    assert listed(staff, state="open", fair_id=fair.id, topic=None) == [a, b]
    assert listed(staff, state="open", fair_id=None, topic="startup_loan") == [a, elsewhere]
    assert listed(staff, state="open", fair_id=other.id, topic="social_insurance") == []
    assert listed(staff, state="answered", fair_id=None, topic=None) == [answered]
    assert listed(staff, state="bogus", fair_id=None, topic="bogus") == [a, b, elsewhere]
    assert consultations.open_count() == 3 and consultations.open_count(fair.id) == 2
    assert desk.desk_counts().open_consultations == 3
    views = count(models.AuditEntry, models.AuditEntry.action == "staff.list_consultations")
    assert views == 6
    with pytest.raises(NotFound), unit_of_work():
        consultations.consultations_page(
            staff, consultations.ConsultationFilters(fair_id=999_999), 1, 20
        )


def test_answering_keeps_the_note_who_and_when_and_leaves_the_open_list(desk_questions):
    staff, first = desk_questions["staff"], desk_questions["rows"][0]
    with unit_of_work():
        consultations.answer_consultation(staff, first.id, "  已电话告知：需要营业执照。 ")
    db.session.expire_all()
    saved = db.session.get(models.Consultation, first.id)
    assert saved.answered is True and saved.answer_note == "已电话告知：需要营业执照。"
    assert saved.answered_by_id == staff.id and saved.answered_at is not None
    assert saved.notes == "想开网店" and saved.staff_id == staff.id  # what the desk wrote stays
    assert first.id not in listed(staff, state="open", fair_id=None, topic=None)
    assert listed(staff, state="answered", fair_id=None, topic=None)[0] == first.id
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "consultation.answer")
    )
    assert entry.subject_id == first.id and entry.actor_user_id == staff.id


def test_an_empty_answer_is_refused_and_a_second_answer_conflicts(desk_questions, make):
    staff, first = desk_questions["staff"], desk_questions["rows"][0]
    with pytest.raises(ValidationFailed) as refused, unit_of_work():
        consultations.answer_consultation(staff, first.id, " \u200b ")
    assert "answer_note" in refused.value.errors
    assert db.session.get(models.Consultation, first.id).answered is False
    with unit_of_work():
        consultations.answer_consultation(staff, first.id, "已答复")
    other = make.staff()
    with pytest.raises(Conflict), unit_of_work():
        consultations.answer_consultation(other, first.id, "我也答复")
    db.session.expire_all()
    saved = db.session.get(models.Consultation, first.id)
    assert saved.answer_note == "已答复" and saved.answered_by_id == staff.id
    with pytest.raises(NotFound), unit_of_work():
        consultations.answer_consultation(staff, 999_999, "有内容")
