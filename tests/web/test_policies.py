"""Policy articles and the policy desk's questions, through the pages: who may do what,
what the public sees, what staff type is kept, what the database holds afterwards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import policies
from tests.helpers.clients import Auth
from tests.helpers.database import count
from tests.helpers.html import checked_values
from tests.helpers.scenes import make_fair

FORM = {
    "title": "创业担保贷款申请指南",
    "tags": ["startup_loan"],
    "body": "## 谁可以申请\n\n- 返乡创业农牧民\n- 高校毕业生",
    "valid_until": "",
    "status": "published",
}


def add_article(staff, **fields) -> models.PolicyArticle:
    """An article written straight into the database (the pages are tested below)."""
    tags = fields.pop("tags", ["social_insurance"])
    values = {
        "title": "灵活就业人员社保补贴",
        "body": "按月申领。",
        "status": "published",
        "author_id": staff.id,
        **fields,
    }
    if values["status"] == "published":
        values.setdefault("published_at", models.utcnow())
    article = models.PolicyArticle(
        **values, tag_rows=[models.PolicyArticleTag(tag=t) for t in tags]
    )
    db.session.add(article)
    db.session.commit()
    return article


def yesterday():
    return policies.local_today() - timedelta(days=1)


@pytest.fixture
def staff(make, auth):
    user = make.staff()
    auth.login_as(user)
    return user


# -- who may use the staff pages -------------------------------------------------------------


def staff_routes(article_id: int, consultation_id: int):
    return [
        ("GET", "/staff/policies", None),
        ("GET", "/staff/policies/new", None),
        ("POST", "/staff/policies/new", FORM),
        ("GET", f"/staff/policies/{article_id}", None),
        ("POST", f"/staff/policies/{article_id}", FORM),
        ("POST", f"/staff/policies/{article_id}/publish", {"publish": "n"}),
        ("GET", "/staff/consultations", None),
        ("POST", f"/staff/consultations/{consultation_id}/answer", {"answer_note": "已答复"}),
    ]


@pytest.mark.parametrize("role", ["anonymous", "seeker", "employer"])
def test_only_staff_reach_the_staff_pages(client, make, role):
    author = make.staff()
    article = add_article(author, status="draft")
    fair = make_fair(make)
    question = models.Consultation(fair_id=fair.id, topic="other", answered=False)
    db.session.add(question)
    db.session.commit()
    if role == "seeker":
        Auth(client).login_as(make.seeker().user)
    elif role == "employer":
        Auth(client).login_as(make.member(make.employer()))
    for method, url, data in staff_routes(article.id, question.id):
        response = client.open(url, method=method, data=data)
        expected = 302 if role == "anonymous" else 403
        assert response.status_code == expected, (method, url, response.status_code)
        if role == "anonymous":
            assert "/auth/login" in response.headers["Location"]
    db.session.expire_all()
    assert count(models.PolicyArticle) == 1
    assert db.session.get(models.PolicyArticle, article.id).status == "draft"
    assert db.session.get(models.Consultation, question.id).answered is False


def test_admins_use_the_staff_pages_too(client, make):
    Auth(client).login_as(make.staff("admin"))
    assert client.get("/staff/policies").status_code == 200
    assert client.get("/staff/consultations").status_code == 200


# -- the public pages --------------------------------------------------------------------------


def test_public_list_shows_current_articles_and_hides_drafts_and_expired(client, make):
    author = make.staff()
    add_article(author, title="职业伤害保障怎么报案")
    add_article(author, title="还在写的草稿", status="draft")
    add_article(author, title="已经过期的春风行动", valid_until=yesterday())
    add_article(author, title="今天最后一天的补贴", valid_until=policies.local_today())
    page = client.get("/policies/").get_data(as_text=True)
    assert "职业伤害保障怎么报案" in page and "今天最后一天的补贴" in page
    assert "还在写的草稿" not in page and "已经过期的春风行动" not in page
    for url in ("/", f"/fairs/{make_fair(make).id}"):
        shown = client.get(url).get_data(as_text=True)
        assert "职业伤害保障怎么报案" in shown, url
        assert "还在写的草稿" not in shown and "已经过期的春风行动" not in shown, url


def test_a_draft_is_not_found_and_an_expired_article_says_so(client, make):
    author = make.staff()
    draft = add_article(author, status="draft", title="草稿标题")
    gone = add_article(author, title="过期的政策", valid_until=yesterday())
    current = add_article(author, title="有效的政策")
    assert client.get(f"/policies/{draft.id}").status_code == 404
    assert client.get("/policies/999999").status_code == 404
    expired = client.get(f"/policies/{gone.id}")
    assert expired.status_code == 200 and "本政策已过期" in expired.get_data(as_text=True)
    fresh = client.get(f"/policies/{current.id}").get_data(as_text=True)
    assert "有效的政策" in fresh and "本政策已过期" not in fresh


def test_tag_filter_and_paging_newest_first(client, make, app):
    author = make.staff()
    base = models.utcnow()
    for n in range(app.config["PAGE_SIZE"] + 2):
        add_article(author, title=f"贷款文章{n:02d}", tags=["startup_loan"],
                    published_at=base - timedelta(hours=n))  # fmt: skip
    add_article(author, title="社保文章", tags=["social_insurance"])
    first = client.get("/policies/?tag=startup_loan").get_data(as_text=True)
    titles = re.findall(r"贷款文章\d\d", first)
    assert titles[:2] == ["贷款文章00", "贷款文章01"] and len(titles) == app.config["PAGE_SIZE"]
    assert "社保文章" not in first and 'aria-current="page">创业担保贷款' in first
    second = client.get("/policies/?tag=startup_loan&page=2").get_data(as_text=True)
    assert re.findall(r"贷款文章\d\d", second) == ["贷款文章20", "贷款文章21"]
    everything = client.get("/policies/?tag=nonsense").get_data(as_text=True)
    assert "社保文章" in everything  # an unknown tag is no filter, not an error


def test_hostile_body_is_shown_escaped_and_without_the_link(client, make):
    author = make.staff()
    body = (
        "<script>alert('x')</script>\n\n[点这里领补贴](javascript:alert(1)) "
        "[官网](https://www.mohrss.gov.cn) ![跟踪](https://evil.example/t.png) "
        "[数据](data:text/html,<script>alert(1)</script>)"
    )
    article = add_article(author, body=body, title="<b>标题</b>")
    page = client.get(f"/policies/{article.id}").get_data(as_text=True)
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script>" not in main and "&lt;script&gt;" in main
    assert "javascript:" not in main and "data:text" not in main
    assert "点这里领补贴" in main and "数据" in main
    assert '<a href="https://www.mohrss.gov.cn" rel="nofollow noopener noreferrer">官网</a>' in main
    assert "evil.example" not in main and "<img" not in main
    assert "&lt;b&gt;标题&lt;/b&gt;" in main


def test_english_policy_pages(client, make):
    add_article(make.staff(), tags=["injury_insurance"])
    client.post("/lang", data={"lang": "en"})
    page = client.get("/policies/").get_data(as_text=True)
    assert "Policy information" in page and "Occupational injury protection" in page


# -- staff: writing ----------------------------------------------------------------------------


def test_staff_write_an_article_and_the_public_reads_it(client, staff):
    response = client.post("/staff/policies/new", data=FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/policies"
    article = db.session.scalar(select(models.PolicyArticle))
    assert article.title == FORM["title"] and article.tags == ["startup_loan"]
    assert article.author_id == staff.id and article.valid_until is None
    page = client.get(f"/policies/{article.id}").get_data(as_text=True)
    assert "<h2>谁可以申请</h2>" in page and "<li>返乡创业农牧民</li>" in page
    entry = db.session.scalar(
        select(models.AuditEntry).where(models.AuditEntry.action == "policy.create")
    )
    assert entry.actor_user_id == staff.id and entry.subject_id == article.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写标题"),
        ({"tags": []}, "请至少选择一个标签"),
        ({"tags": ["lottery"]}, "请选择列表中的标签"),
        ({"body": "正" * 20_001}, "最多20000个字"),
        ({"valid_until": "2020-01-01"}, "有效期不能早于今天"),
        ({"valid_until": "明年"}, "不是有效的日期值"),
    ],
)
def test_bad_article_keeps_what_was_typed_and_saves_nothing(client, staff, changes, message):
    data = {**FORM, "body": "我写的正文内容", **changes}
    response = client.post("/staff/policies/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and 'id="error-summary"' in body
    if "title" not in changes:
        assert FORM["title"] in body
    if "body" not in changes:
        assert "我写的正文内容" in body
    assert count(models.PolicyArticle) == 0
    assert count(models.AuditEntry, models.AuditEntry.subject_type == "policy_article") == 0


def test_preview_shows_the_rendered_body_and_saves_nothing(client, staff):
    data = {**FORM, "body": "**加粗** <script>alert(1)</script>", "action": "preview"}
    response = client.post("/staff/policies/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "预览（尚未保存）" in body and "<strong>加粗</strong> &lt;script&gt;" in body
    assert "**加粗** &lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in body  # kept in the form
    assert count(models.PolicyArticle) == 0


def test_edit_and_unpublish(client, staff):
    article = add_article(staff, tags=["social_insurance", "injury_insurance"])
    form = client.get(f"/staff/policies/{article.id}").get_data(as_text=True)
    assert checked_values(form, "tags") == ["social_insurance", "injury_insurance"]
    edited = {**FORM, "title": "改过的标题", "tags": ["career_guidance"], "status": "published"}
    assert client.post(f"/staff/policies/{article.id}", data=edited).status_code == 302
    db.session.expire_all()
    saved = db.session.get(models.PolicyArticle, article.id)
    assert saved.title == "改过的标题" and saved.tags == ["career_guidance"]
    response = client.post(f"/staff/policies/{article.id}/publish", data={"publish": "n"})
    assert response.status_code == 302
    assert "已撤下" in client.get("/staff/policies").get_data(as_text=True)
    assert client.get(f"/policies/{article.id}").status_code == 404
    assert "改过的标题" not in client.get("/policies/").get_data(as_text=True)
    actions = db.session.scalars(
        select(models.AuditEntry.action).where(models.AuditEntry.subject_type == "policy_article")
    )
    assert sorted(actions) == ["policy.unpublish", "policy.update"]


def test_an_expired_draft_is_not_published(client, staff):
    article = add_article(staff, status="draft", valid_until=yesterday())
    response = client.post(f"/staff/policies/{article.id}/publish", data={"publish": "y"})
    assert response.status_code == 302
    assert "有效期已过" in client.get("/staff/policies").get_data(as_text=True)
    assert db.session.get(models.PolicyArticle, article.id).status == "draft"
    assert client.post("/staff/policies/999999/publish", data={"publish": "y"}).status_code == 404


# -- staff: the desk's questions ---------------------------------------------------------------


@pytest.fixture
def desk(make):
    fair, other = make_fair(make, name="呼和浩特专场"), make_fair(make, name="包头专场")
    seeker = make.seeker(name="乌云", phone="13987654321")
    rows = [
        models.Consultation(
            fair_id=fair.id,
            topic="startup_loan",
            answered=False,
            seeker_id=seeker.id,
            notes="想开快递驿站",
        ),  # fmt: skip
        models.Consultation(
            fair_id=fair.id, topic="injury_insurance", answered=False, notes="送餐摔伤怎么报"
        ),  # fmt: skip
        models.Consultation(
            fair_id=other.id, topic="startup_loan", answered=False, notes="包头的贷款问题"
        ),  # fmt: skip
        models.Consultation(fair_id=fair.id, topic="other", answered=True, notes="当场答了"),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return {"fair": fair, "other": other, "rows": rows, "seeker": seeker}


def test_open_questions_across_fairs_per_fair_and_by_topic(client, staff, desk):
    page = client.get("/staff/consultations").get_data(as_text=True)
    assert all(n in page for n in ("想开快递驿站", "送餐摔伤怎么报", "包头的贷款问题"))
    assert "当场答了" not in page
    assert "乌云" in page and "139****4321" in page and "13987654321" not in page
    fair = desk["fair"].id
    one_fair = client.get(f"/staff/consultations?fair_id={fair}").get_data(as_text=True)
    assert "想开快递驿站" in one_fair and "包头的贷款问题" not in one_fair
    by_topic = client.get("/staff/consultations?topic=startup_loan").get_data(as_text=True)
    assert "想开快递驿站" in by_topic and "包头的贷款问题" in by_topic
    assert "送餐摔伤怎么报" not in by_topic
    answered = client.get("/staff/consultations?state=answered").get_data(as_text=True)
    assert "当场答了" in answered and "想开快递驿站" not in answered
    assert client.get("/staff/consultations?fair_id=999999").status_code == 404
    views = count(models.AuditEntry, models.AuditEntry.action == "staff.list_consultations")
    assert views == 4  # every page that named people was audited (not the refused one)


def test_answering_a_question(client, staff, desk):
    first = desk["rows"][0]
    url = f"/staff/consultations/{first.id}/answer?topic=startup_loan"
    response = client.post(url, data={"answer_note": "已告知：需要营业执照和创业计划。"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/consultations?topic=startup_loan"
    db.session.expire_all()
    saved = db.session.get(models.Consultation, first.id)
    assert saved.answered and saved.answer_note == "已告知：需要营业执照和创业计划。"
    assert saved.answered_by_id == staff.id and saved.answered_at is not None
    still_open = client.get("/staff/consultations").get_data(as_text=True)
    assert "想开快递驿站" not in still_open and "送餐摔伤怎么报" in still_open
    answered = client.get("/staff/consultations?state=answered").get_data(as_text=True)
    assert "已告知：需要营业执照和创业计划。" in answered and staff.display_name in answered


def test_an_empty_answer_keeps_the_form_and_a_second_answer_is_refused(client, staff, desk):
    second = desk["rows"][1]
    url = f"/staff/consultations/{second.id}/answer"
    empty = client.post(url, data={"answer_note": "   "})
    assert empty.status_code == 422 and "请填写答复内容" in empty.get_data(as_text=True)
    too_long = client.post(url, data={"answer_note": "长" * 1001})
    body = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "长" * 1001 in body  # what was typed is kept
    assert db.session.get(models.Consultation, second.id).answered is False
    assert count(models.AuditEntry, models.AuditEntry.subject_type == "consultation") == 0
    assert client.post(url, data={"answer_note": "已答复"}).status_code == 302
    again = client.post(url, data={"answer_note": "我也答复一次"})
    assert again.status_code == 409 and "已经答复过了" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(models.Consultation, second.id).answer_note == "已答复"
    assert (
        client.post("/staff/consultations/999999/answer", data={"answer_note": "x"}).status_code
        == 404
    )


def test_the_staff_desk_counts_open_questions(client, staff, desk):
    page = client.get("/staff/").get_data(as_text=True)
    assert "待答复的政策咨询</a>（3）" in page


def test_the_staff_desk_links_the_scheme_rules_and_the_jobs_page(client, staff):
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/schemes"' in page and "政策匹配规则" in page
    assert 'href="/staff/jobs"' in page and "后台任务" in page
