"""Walk every route as every role and check who gets in."""

from __future__ import annotations

import pytest

from tests.conftest import Auth

ROLES = ("anonymous", "seeker", "employer", "staff", "admin")


@pytest.fixture
def world(make):
    """One of everything: a seeker, an employer with a posting, another employer's posting."""
    employer = make.employer()
    member = make.member(employer)
    return {
        "seeker": make.seeker(),
        "member": member,
        "own_posting": make.posting(employer=employer),
        "other_posting": make.posting(),
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
    return [
        ("GET", "/", everyone),
        ("GET", "/postings", everyone),
        ("GET", f"/postings/{own}", everyone),
        ("GET", "/privacy", everyone),
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
        ("POST", f"/employer/postings/{other}/status", only("employer", ok=404)),
        ("GET", f"/employer/postings/{own}/candidates", only("employer")),
        ("GET", f"/employer/postings/{other}/candidates", only("employer", ok=404)),
        ("POST", f"/employer/postings/{own}/candidates/{seeker_id}/invite", only("employer", ok=302)),
        ("POST", f"/employer/postings/{other}/candidates/{seeker_id}/invite", only("employer", ok=404)),
        ("GET", "/staff/", only("staff", "admin")),
        ("GET", "/staff/employers/pending", only("staff", "admin")),
        ("GET", "/staff/seekers", only("staff", "admin")),
        ("GET", f"/staff/seekers/{seeker_id}", only("staff", "admin")),
        ("GET", "/staff/audit", only("staff", "admin")),
        ("POST", f"/staff/employers/{pending}/review", only("staff", "admin", ok=302)),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_what(app, client, world, role):
    login(client, world, role)
    failures = []
    for method, url, expected in routes(world):
        response = client.open(url, method=method, data={"decision": "reject", "status": "closed"})
        want = expected[role]
        if want == "login":
            ok = response.status_code == 302 and "/auth/login" in response.headers["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{role} {method} {url}: got {response.status_code}, want {want}")
    assert failures == []


def test_the_walk_covers_every_route(app, world):
    walked = {url.split("?")[0] for _m, url, _e in routes(world)}
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    # routes reached only by POST forms that the walk does not need to repeat
    not_walked = {"/auth/login", "/auth/logout", "/lang", "/employer/postings/<int:posting_id>"}
    patterns = {r for r in rules if not any(_matches(r, url) for url in walked)}
    assert patterns <= not_walked, patterns - not_walked


def _matches(rule: str, url: str) -> bool:
    import re

    pattern = re.sub(r"<(?:int:)?[a-z_]+>", r"[^/]+", rule)
    return re.fullmatch(pattern, url) is not None
