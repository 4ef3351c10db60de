"""The API as its clients meet it: ownership (404), roles (403), the same rankings
as the web, problem+json in the asked language, ETags, Link pages, rate limits."""

from __future__ import annotations

import re

from jobfair.services import unit_of_work
from tests.api.conftest import bearer, token_for


def test_an_employer_token_cannot_read_another_employers_candidates_or_applicants(
    client, make, world
):
    stranger = make.member(make.employer())
    secret = token_for(stranger)
    rider = world["rider"].id
    for url in (
        f"/api/v1/employer/postings/{rider}",
        f"/api/v1/employer/postings/{rider}/candidates",
        f"/api/v1/employer/postings/{rider}/applicants",
    ):
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 404, url
        assert response.json["detail"] == "没有找到该岗位。"
    application = world["applications"][0]
    moved = client.post(
        f"/api/v1/employer/applications/{application.id}/move",
        json={"to_status": "viewed", "version": application.version},
        headers=bearer(secret),
    )
    assert moved.status_code == 404
    # the owner's token reads them
    own = token_for(world["member"])
    applicants = client.get(f"/api/v1/employer/postings/{rider}/applicants", headers=bearer(own))
    assert applicants.status_code == 200
    assert {a["application_id"] for a in applicants.json} == {a.id for a in world["applications"]}


def test_a_seeker_token_cannot_move_an_application(client, world):
    application = world["applications"][0]
    secret = token_for(world["seeker"].user)
    response = client.post(
        f"/api/v1/employer/applications/{application.id}/move",
        json={"to_status": "shortlisted", "version": application.version},
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    # but withdraws their own, as the web lets them
    mine = client.get("/api/v1/me/applications", headers=bearer(secret)).json
    assert [a["id"] for a in mine] == [application.id]
    withdrawn = client.post(
        f"/api/v1/me/applications/{application.id}/withdraw",
        json={"version": mine[0]["version"]},
        headers=bearer(secret),
    )
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    # someone else's application is not found
    other = world["applications"][1]
    response = client.post(
        f"/api/v1/me/applications/{other.id}/withdraw",
        json={"version": other.version},
        headers=bearer(secret),
    )
    assert response.status_code == 404


def test_the_employer_moves_an_application_along_the_web_pipeline(client, world):
    application = world["applications"][0]
    secret = token_for(world["member"])
    rows = client.get(
        f"/api/v1/employer/postings/{world['rider'].id}/applicants", headers=bearer(secret)
    ).json
    row = next(r for r in rows if r["application_id"] == application.id)
    assert row["allowed_moves"] == ["viewed", "rejected"]  # as the web offers them
    url = f"/api/v1/employer/applications/{application.id}/move"
    moved = client.post(
        url, json={"to_status": "viewed", "version": row["version"]}, headers=bearer(secret)
    )
    assert moved.status_code == 200 and moved.json["status"] == "viewed"
    assert "shortlisted" in moved.json["allowed_moves"]
    stale = client.post(
        url, json={"to_status": "shortlisted", "version": row["version"]}, headers=bearer(secret)
    )
    assert stale.status_code == 409  # the version read before the move
    assert stale.content_type == "application/problem+json"
    skipped = client.post(
        url, json={"to_status": "hired", "version": moved.json["version"]}, headers=bearer(secret)
    )
    assert skipped.status_code in (400, 422)  # not a move the pipeline allows


def test_api_and_web_rank_a_new_postings_candidates_alike(client, auth, make, world):
    for district in ("150102", "150105", "150203", "150105"):
        make.seeker(district_code=district, health_certificate=True, has_ebike=True)
    member = world["member"]
    secret = token_for(member)
    created = client.post(
        "/api/v1/employer/postings",
        json={
            "title": "赛罕区夜班骑手",
            "occupation_code": "D01",
            "description": "夜间外卖配送，电动车自备。",
            "district_code": "150105",
            "pay_min": 7000,
            "pay_max": 9000,
            "pay_unit": "month",
            "schedule": ["full_time"],
            "headcount": 3,
            "status": "open",
        },
        headers=bearer(secret),
    )
    assert created.status_code == 201, created.json
    posting_id = created.json["id"]
    api_rows = client.get(
        f"/api/v1/employer/postings/{posting_id}/candidates?per_page=20", headers=bearer(secret)
    )
    assert api_rows.status_code == 200
    api_order = [row["seeker_id"] for row in api_rows.json["items"]]
    assert len(api_order) >= 4
    assert [row["rank"] for row in api_rows.json["items"]] == list(range(1, len(api_order) + 1))
    masked = [r for r in api_rows.json["items"] if not r["contact_visible"]]
    assert masked and all("****" in r["phone"] for r in masked)

    auth.login_as(member)
    page = client.get(f"/employer/postings/{posting_id}/candidates")
    web_order = [int(i) for i in re.findall(r'id="cand-(\d+)"', page.text)]
    assert api_order == web_order


def test_a_validation_problem_lists_every_field_in_the_asked_language(client, world):
    secret = token_for(world["member"])
    body = {"title": "", "occupation_code": "X", "description": "", "district_code": "1",
            "schedule": [], "headcount": 0}  # fmt: skip
    zh = client.post("/api/v1/employer/postings", json=body, headers=bearer(secret))
    assert zh.status_code == 422
    assert zh.content_type == "application/problem+json"
    fields = {e["field"] for e in zh.json["errors"]}
    assert {"title", "occupation_code", "description", "district_code", "schedule",
            "headcount"} <= fields  # fmt: skip
    assert zh.json["status"] == 422 and zh.json["type"] and zh.json["title"]
    messages = {e["field"]: e["message"] for e in zh.json["errors"]}
    assert messages["occupation_code"] == "请选择岗位类别。"  # the posting form's words

    en = client.post(
        "/api/v1/employer/postings",
        json=body,
        headers=bearer(secret, **{"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"}),
    )
    assert en.headers["Content-Language"] == "en"
    messages = {e["field"]: e["message"] for e in en.json["errors"]}
    assert messages["occupation_code"] == "Please choose a job category."
    assert en.json["title"] == "The submission does not meet the requirements"

    typed = client.post(
        "/api/v1/employer/postings",
        json={"headcount": "many", "status": "open"},
        headers=bearer(secret, **{"Accept-Language": "en"}),
    )
    assert typed.status_code == 422  # types are checked before the rules, every field at once
    messages = {e["field"]: e["message"] for e in typed.json["errors"]}
    assert messages["headcount"] == "Enter a whole number."
    assert messages["title"] == messages["schedule"] == "This field is required."


def test_detail_has_an_etag_and_answers_304(client, world):
    url = f"/api/v1/postings/{world['rider'].id}"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    secret = token_for(world["member"])
    with unit_of_work():
        world["rider"].headcount = 9
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.json["headcount"] == 9
    assert client.get(url, headers=bearer(secret)).status_code == 200


def test_lists_are_paged_with_link_headers(client, make, world):
    for n in range(4):
        make.posting(employer=world["employer"], title=f"分拣员{n}")
    first = client.get("/api/v1/postings?per_page=2&trade=delivery")
    assert first.status_code == 200
    total = first.json["total"]
    assert total >= 6 and first.headers["X-Total-Count"] == str(total)
    links = dict(
        (rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"])
    )
    assert set(links) == {"first", "next", "last"}
    assert "trade=delivery" in links["next"] and "page=2" in links["next"]
    seen = [p["id"] for p in first.json["items"]]
    url = links["next"]
    while url:
        page = client.get(url)
        seen += [p["id"] for p in page.json["items"]]
        links = dict(
            (rel, u) for u, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', page.headers["Link"])
        )
        assert "prev" in links
        url = links.get("next")
    assert len(seen) == len(set(seen)) == total


def test_rate_limit_per_token_with_headers(app_with, world):
    limited = app_with(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    secret = token_for(world["member"])
    other = token_for(world["staff"])
    statuses = []
    for _ in range(4):
        response = client.get("/api/v1/employer/postings", headers=bearer(secret))
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    assert response.content_type == "application/problem+json"
    assert response.headers["RateLimit-Limit"] == "3"
    assert response.headers["RateLimit-Remaining"] == "0"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    # another token has its own allowance
    fresh = client.get("/api/v1/staff/employers/pending", headers=bearer(other))
    assert fresh.status_code == 200 and fresh.headers["RateLimit-Remaining"] == "2"


def test_staff_check_in_is_idempotent(client, world):
    secret = token_for(world["staff"])
    fair, seeker = world["fair"].id, world["seeker"].id
    url = f"/api/v1/staff/fairs/{fair}/check-ins"
    one = client.post(url, json={"seeker_id": seeker}, headers=bearer(secret))
    two = client.post(url, json={"seeker_id": seeker}, headers=bearer(secret))
    assert one.status_code == two.status_code == 200
    assert one.json["checked_in_at"] == two.json["checked_in_at"]
    listed = client.get(url, headers=bearer(secret)).json
    assert [c["seeker_id"] for c in listed["items"]] == [seeker]
    employer_token = token_for(world["member"])
    assert client.get(url, headers=bearer(employer_token)).status_code == 403


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text  # no inline script: the CSP allows only files
    assert "vendor/swagger-ui-dist/swagger-ui-bundle.js" in page.text
    assert "js/api-docs.js" in page.text
    with client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js") as bundle:
        assert bundle.status_code == 200


def test_a_seekers_match_order_is_the_web_lists(client, auth, make, world):
    for n, occupation in enumerate(("L01", "D01", "L02", "D01")):
        make.posting(employer=world["employer"], title=f"岗位{n}", occupation_code=occupation)
    seeker = world["seeker"]
    secret = token_for(seeker.user, ["recommendations:read"])
    api = client.get("/api/v1/postings?sort=match&per_page=20", headers=bearer(secret))
    api_order = [p["id"] for p in api.json["items"]]
    auth.login_as(seeker.user)
    page = client.get("/postings?sort=match").text
    web_order = list(dict.fromkeys(int(i) for i in re.findall(r'href="/postings/(\d+)"', page)))
    assert len(api_order) >= 5
    assert api_order == web_order[: len(api_order)]
    newest = client.get("/api/v1/postings?sort=match&per_page=20").json["items"]
    assert [p["id"] for p in newest] != api_order  # without the seeker: newest first


def test_staff_review_keeps_the_webs_rule_and_audit(client, world):
    from sqlalchemy import select

    from jobfair.extensions import db
    from models import AuditEntry

    secret = token_for(world["staff"])
    pending = world["pending"].id
    listed = client.get("/api/v1/staff/employers/pending", headers=bearer(secret))
    assert [e["id"] for e in listed.json] == [pending]
    url = f"/api/v1/staff/employers/{pending}/review"
    refused = client.post(url, json={"decision": "reject"}, headers=bearer(secret))
    assert refused.status_code == 422  # a rejection needs a reason, as on the web
    assert refused.json["errors"][0]["field"] == "note"
    assert "驳回时请填写理由" in refused.json["errors"][0]["message"]
    done = client.post(url, json={"decision": "approve"}, headers=bearer(secret))
    assert done.status_code == 200 and done.json["status"] == "verified"
    again = client.post(url, json={"decision": "approve"}, headers=bearer(secret))
    assert again.status_code >= 400 and again.content_type == "application/problem+json"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"staff.list_pending_employers", "employer.verify", "api_token.use"} <= actions


def test_unknown_paths_and_methods_are_problems(client):
    missing = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    assert missing.json["detail"] == "The resource you asked for does not exist."
    wrong = client.delete("/api/v1/postings")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET"
    assert wrong.content_type == "application/problem+json"


def test_the_seeker_changes_the_profile_under_the_forms_rules(client, world):
    secret = token_for(world["seeker"].user)
    first = client.get("/api/v1/me/profile", headers=bearer(secret))
    tag = first.headers["ETag"]
    assert client.get("/api/v1/me/profile", headers=bearer(secret, **{"If-None-Match": tag}))\
        .status_code == 304  # fmt: skip
    bad = client.patch(
        "/api/v1/me/profile",
        json={"experience_years": 99, "district_code": "999999"},
        headers=bearer(secret),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"experience_years", "district_code"}
    assert "工作年限应在0到60年之间" in bad.text
    ok = client.patch("/api/v1/me/profile", json={"skills": "叉车"}, headers=bearer(secret))
    assert ok.status_code == 200 and ok.json["skills"] == "叉车"
    assert ok.json["name"] == first.json["name"]  # fields left out stay
    changed = client.get("/api/v1/me/profile", headers=bearer(secret, **{"If-None-Match": tag}))
    assert changed.status_code == 200


def test_a_seeker_applies_and_signs_up_as_on_the_web(client, world):
    secret = token_for(world["seeker"].user)
    courier = world["courier"].id
    made = client.post(
        "/api/v1/me/applications",
        json={"posting_id": courier, "accept_soft": True},
        headers=bearer(secret),
    )
    assert made.status_code == 201, made.json
    assert made.json["status"] == "applied" and made.json["posting_id"] == courier
    again = client.post(
        "/api/v1/me/applications",
        json={"posting_id": courier, "accept_soft": True},
        headers=bearer(secret),
    )
    assert 400 <= again.status_code < 500 and again.json["detail"]
    mine = client.get("/api/v1/me/applications", headers=bearer(secret)).json
    assert sorted(a["posting_id"] for a in mine) == sorted([world["rider"].id, courier])

    fair = world["other_fair"].id
    url = "/api/v1/me/fair-sign-ups"
    one = client.post(url, json={"fair_id": fair}, headers=bearer(secret))
    two = client.post(url, json={"fair_id": fair}, headers=bearer(secret))
    assert one.status_code == two.status_code == 201
    assert one.json["registered_at"] == two.json["registered_at"]  # the same sign-up
    assert [s["fair_id"] for s in client.get(url, headers=bearer(secret)).json] == [fair]
    assert client.delete(f"{url}/{fair}", headers=bearer(secret)).status_code == 204
    assert client.get(url, headers=bearer(secret)).json == []
