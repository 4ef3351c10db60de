"""Walk every route as every role and check who gets in."""

from __future__ import annotations

import pytest

from tests.helpers.clients import Auth

ROLES = ("anonymous", "seeker", "employer", "staff", "admin")


@pytest.fixture
def world(make):
    """One of everything: a seeker, an employer with a posting, another employer's posting."""
    from datetime import UTC, datetime, timedelta

    import models
    from jobfair.extensions import db

    employer = make.employer()
    member = make.member(employer)
    seeker = make.seeker()
    own_posting = make.posting(employer=employer)
    other_posting = make.posting()
    now = datetime.now(UTC)
    fair = models.Fair(
        name="专场",
        mode="both",
        venue="人力资源市场",
        district_code="150105",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=5),
        status="running",
    )
    db.session.add(fair)
    db.session.flush()
    booth = models.Booth(fair_id=fair.id, employer_id=employer.id, label="A01", status="approved")
    booth.postings = [own_posting]
    db.session.add(booth)
    db.session.flush()
    own_app = models.Application(posting_id=own_posting.id, seeker_id=seeker.id)
    other_app = models.Application(posting_id=other_posting.id, seeker_id=make.seeker().id)
    db.session.add_all([own_app, other_app])
    db.session.flush()
    question = models.Question(booth_id=booth.id, seeker_id=seeker.id, text="有宿舍吗")
    db.session.add(question)
    db.session.commit()
    return {
        "fair": fair,
        "booth": booth,
        "own_app": own_app,
        "other_app": other_app,
        "question": question,
        "seeker": seeker,
        "member": member,
        "own_posting": own_posting,
        "other_posting": other_posting,
        "pending": make.employer(status="pending"),
        "staff": make.staff("staff"),
        "admin": make.staff("admin"),
    }


def login(client, world, role):
    auth = Auth(client)
    if role == "seeker":
        auth.login_as(world["seeker"].user)
    elif role == "employer":
        auth.login_as(world["member"])
    elif role in ("staff", "admin"):
        auth.login_as(world[role])


def test_every_view_declares_its_roles(app):
    missing = [
        name
        for name, view in app.view_functions.items()
        if name != "static" and not hasattr(view, "roles")
    ]
    assert missing == []


# (method, url template, {role: expected status}); "login" = redirect to the login page
def routes(w):
    seeker_id = w["seeker"].id
    own = w["own_posting"].id
    other = w["other_posting"].id
    pending = w["pending"].id
    everyone = dict.fromkeys(ROLES, 200)
    only = lambda *allowed, ok=200: {  # noqa: E731
        r: ok if r in allowed else ("login" if r == "anonymous" else 403) for r in ROLES
    }
    fair, booth = w["fair"].id, w["booth"].id
    own_app, other_app, question = w["own_app"].id, w["other_app"].id, w["question"].id
    signed_in = {r: ("login" if r == "anonymous" else 200) for r in ROLES}
    return [
        ("GET", "/auth/setup/not-a-token", dict.fromkeys(ROLES, 410)),
        ("GET", "/auth/reset/not-a-token", dict.fromkeys(ROLES, 410)),
        ("GET", "/auth/forgot", everyone),
        ("GET", "/auth/forgot/email", everyone),
        ("GET", "/healthz", everyone),
        ("GET", "/readyz", everyone),
        ("GET", "/metrics", everyone),  # the test client is loopback
        ("GET", "/auth/account", signed_in),
        ("GET", "/auth/account/password", signed_in),
        ("GET", "/auth/account/mobile", signed_in),
        ("GET", "/auth/account/tokens/", signed_in),
        ("POST", "/auth/account/tokens/", {**signed_in, **dict.fromkeys(ROLES[1:], 422)}),
        (
            "POST",
            "/auth/account/tokens/999999/revoke",
            {**signed_in, **dict.fromkeys(ROLES[1:], 404)},
        ),
        ("GET", "/api/v1/docs", everyone),
        ("GET", "/kiosk/", only("staff", "admin")),
        ("GET", f"/kiosk/{fair}/", only("staff", "admin")),
        ("POST", f"/kiosk/{fair}/find", only("staff", "admin"), {"q": "巴特尔"}),
        ("GET", f"/kiosk/{fair}/register", only("staff", "admin")),
        ("POST", f"/kiosk/{fair}/register", only("staff", "admin", ok=422), {"step": "1"}),
        ("GET", f"/kiosk/{fair}/consult", only("staff", "admin")),
        ("POST", f"/kiosk/{fair}/consult", only("staff", "admin"), {"topic": "other"}),
        ("POST", f"/kiosk/{fair}/check-in/{seeker_id}", only("staff", "admin", ok=302)),
        ("GET", f"/kiosk/{fair}/slip/{seeker_id}", only("staff", "admin")),
        ("GET", "/staff/fairs", only("staff", "admin")),
        ("GET", "/staff/fairs/new", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/booths", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/plan", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/matches", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/stats", only("staff", "admin")),
        ("GET", "/staff/stats", only("staff", "admin")),
        ("GET", "/fairs/", everyone),
        ("GET", f"/fairs/{fair}", everyone),
        ("GET", f"/fairs/{fair}/booths/{booth}", everyone),
        ("POST", f"/fairs/{fair}/register", only("seeker", ok=302)),
        ("GET", f"/me/fairs/{fair}/cancel", only("seeker")),  # signed up by the line above
        ("POST", f"/me/fairs/{fair}/cancel", only("seeker", ok=302)),
        ("POST", f"/fairs/{fair}/booths/{booth}/question", only("seeker", ok=302)),
        # booth queues (after the seeker signed up above)
        ("GET", f"/fairs/{fair}/hall", everyone),
        ("GET", f"/fairs/{fair}/hall.json", everyone),
        ("GET", f"/fairs/{fair}/route", only("seeker")),
        ("GET", f"/fairs/{fair}/route.json", only("seeker")),
        ("POST", f"/fairs/{fair}/route/join/{booth}", only("seeker", ok=302)),
        ("POST", f"/fairs/{fair}/route/leave/999999", only("seeker", ok=404)),
        ("POST", f"/kiosk/{fair}/queue/{seeker_id}/{booth}", only("staff", "admin", ok=302)),
        ("GET", f"/booth-queue/{fair}", only("employer")),
        ("GET", f"/booth-queue/{fair}/queue.json", only("employer")),
        ("POST", f"/booth-queue/{fair}/next", only("employer", ok=302)),
        ("POST", f"/booth-queue/{fair}/add", only("employer", ok=302), {"number": str(seeker_id)}),
        ("POST", f"/booth-queue/{fair}/entries/999999/done", only("employer", ok=404)),
        ("GET", "/notifications", signed_in),
        ("POST", "/notifications/read", {**signed_in, **{r: 302 for r in ROLES[1:]}}),
        ("GET", "/me/applications", only("seeker")),
        ("POST", f"/me/apply/{own}", only("seeker", ok=302)),
        ("POST", f"/me/applications/{own_app}/withdraw", only("seeker", ok=302)),
        ("GET", "/employer/fairs", only("employer")),
        ("POST", f"/employer/fairs/{fair}/booth", only("employer", ok=302)),
        ("GET", f"/employer/postings/{own}/applicants", only("employer")),
        ("GET", f"/employer/postings/{other}/applicants", only("employer", ok=404)),
        ("POST", f"/employer/postings/{other}/applicants/bulk", only("employer", ok=404)),
        ("GET", f"/employer/applications/{own_app}", only("employer")),
        ("GET", f"/employer/applications/{other_app}", only("employer", ok=404)),
        ("POST", f"/employer/applications/{other_app}/move", only("employer", ok=404)),
        ("POST", f"/employer/questions/{question}/answer", only("employer", ok=302)),
        ("GET", "/", everyone),
        ("GET", "/postings", everyone),
        ("GET", f"/postings/{own}", everyone),
        ("GET", "/postings/saved", only("seeker")),
        ("POST", f"/postings/{own}/save", only("seeker", ok=302)),
        ("POST", f"/postings/{own}/unsave", only("seeker", ok=302)),
        ("GET", f"/postings/{own}/save", dict.fromkeys(ROLES, 302)),
        ("GET", "/privacy", everyone),
        ("GET", "/favicon.ico", dict.fromkeys(ROLES, 301)),
        ("GET", "/auth/signup", everyone),
        ("GET", "/auth/employer-signup", everyone),
        ("GET", "/me/", only("seeker")),
        ("GET", "/me/profile", only("seeker")),
        ("GET", "/me/export", only("seeker")),
        ("GET", "/me/delete", only("seeker")),
        ("GET", "/employer/", only("employer")),
        ("GET", "/employer/postings/new", only("employer")),
        ("GET", f"/employer/postings/{own}", only("employer")),
        ("GET", f"/employer/postings/{other}", only("employer", ok=404)),
        ("GET", f"/employer/postings/{own}/edit", only("employer")),
        ("GET", f"/employer/postings/{other}/edit", only("employer", ok=404)),
        ("GET", "/employer/company", only("employer")),
        ("POST", f"/employer/booths/{booth}/withdraw", only("employer", ok=302)),
        (
            "POST",
            f"/employer/applications/{own_app}/reschedule",
            only("employer", ok=302),
            {"version": "1"},
        ),
        (
            "POST",
            f"/employer/applications/{other_app}/cancel-interview",
            only("employer", ok=404),
            {"version": "1"},
        ),
        ("POST", f"/employer/postings/{other}/status", only("employer", ok=404)),
        ("GET", f"/employer/postings/{own}/candidates", only("employer")),
        ("GET", f"/employer/postings/{other}/candidates", only("employer", ok=404)),
        (
            "POST",
            f"/employer/postings/{own}/candidates/{seeker_id}/invite",
            only("employer", ok=302),
        ),
        (
            "POST",
            f"/employer/postings/{other}/candidates/{seeker_id}/invite",
            only("employer", ok=404),
        ),
        ("GET", "/staff/", only("staff", "admin")),
        ("GET", "/staff/employers/pending", only("staff", "admin")),
        ("GET", "/staff/seekers", only("staff", "admin")),
        ("GET", f"/staff/seekers/{seeker_id}", only("staff", "admin")),
        ("GET", "/staff/audit", only("staff", "admin")),
        ("GET", "/policies/", everyone),
        ("GET", "/policies/999999", dict.fromkeys(ROLES, 404)),  # drafts and unknown ids alike
        ("GET", "/staff/policies", only("staff", "admin")),
        ("GET", "/staff/policies/new", only("staff", "admin")),
        ("GET", "/staff/policies/999999", only("staff", "admin", ok=404)),
        ("POST", "/staff/policies/999999/publish", only("staff", "admin", ok=404)),
        ("GET", "/staff/consultations", only("staff", "admin")),
        (
            "POST",
            "/staff/consultations/999999/answer",
            only("staff", "admin", ok=404),
            {"answer_note": "已答复"},
        ),
        ("GET", "/staff/schemes", only("staff", "admin")),
        ("GET", "/staff/schemes/new", only("staff", "admin")),
        ("POST", "/staff/schemes/new", only("staff", "admin", ok=422), {"name": ""}),
        ("GET", "/staff/schemes/999999", only("staff", "admin", ok=404)),
        ("POST", "/staff/schemes/999999", only("staff", "admin", ok=404), {"name": "x"}),
        ("GET", f"/staff/schemes/fairs/{fair}", only("staff", "admin")),
        ("GET", "/staff/schemes/fairs/999999", only("staff", "admin", ok=404)),
        ("GET", f"/staff/fairs/{fair}/exports", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/exports/applications.csv", only("staff", "admin")),
        ("GET", f"/staff/fairs/{fair}/exports/consultations.xlsx", only("staff", "admin")),
        ("GET", "/staff/accounts", only("admin")),
        # the background jobs page; without REDIS_URL (as here) nothing can be started
        ("GET", "/staff/jobs", only("staff", "admin")),
        ("GET", "/staff/jobs.json", only("staff", "admin")),
        ("POST", "/staff/jobs/rebuild-index", only("staff", "admin", ok=404)),
        ("POST", "/staff/jobs/fair-matches", only("staff", "admin", ok=404), {"fair_id": fair}),
        ("POST", "/staff/jobs/export", only("staff", "admin", ok=404),
         {"fair_id": fair, "table": "summary", "fmt": "csv"}),  # fmt: skip
        ("POST", "/staff/jobs/no-such-job/retry", only("staff", "admin", ok=404)),
        ("GET", "/staff/jobs/no-such-job/download", only("staff", "admin", ok=404)),
        (
            "POST",
            f"/staff/accounts/{w['staff'].id}/export-permission",
            only("admin", ok=302),
            {"can_export": "1"},
        ),
        (
            "POST",
            f"/staff/employers/{pending}/review",
            only("staff", "admin", ok=302),
            {"decision": "reject", "note": "资料不全", "confirm": "yes"},
        ),
        # last: declining the booth takes it off the public pages walked above
        (
            "POST",
            f"/staff/fairs/{fair}/booths/{booth}/review",
            only("staff", "admin", ok=302),
            {"decision": "decline"},
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_what(app, client, world, role):
    login(client, world, role)
    failures = []
    default = {
        "decision": "reject",
        "status": "closed",
        "text": "有宿舍吗",
        "answer": "有",
        "posting_ids": [str(world["own_posting"].id)],
    }
    for method, url, expected, *data in routes(world):
        response = client.open(url, method=method, data=data[0] if data else default)
        want = expected[role]
        if want == "login":
            ok = response.status_code == 302 and "/auth/login" in response.headers["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{role} {method} {url}: got {response.status_code}, want {want}")
    assert failures == []


def test_the_walk_covers_every_route(app, world):
    walked = {route[1].split("?")[0] for route in routes(world)}
    # the JSON API under /api/v1 takes tokens, not sessions: tests/api walks it (schemathesis)
    rules = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.endpoint != "static"
        and (r.rule == "/api/v1/docs" or not r.rule.startswith("/api/v1/"))
    }
    # routes reached only by POST forms that the walk does not need to repeat
    not_walked = {"/auth/login", "/auth/logout", "/lang", "/employer/postings/<int:posting_id>"}
    patterns = {r for r in rules if not any(_matches(r, url) for url in walked)}
    assert patterns <= not_walked, patterns - not_walked


def _matches(rule: str, url: str) -> bool:
    import re

    pattern = re.sub(r"<(?:int:)?[a-z_]+>", r"[^/]+", rule)
    return re.fullmatch(pattern, url) is not None
