"""Every route, every method, every role, odd parameters: no 500, no other employer's data.

The crawler walks ``app.url_map`` (all but static files) as anonymous and logged
in as a seeker, an employer member, a staff member and an admin, with every
method a route allows (reading ones first, on the world as built). URL arguments
are the role's own rows, someone else's (employer B's, the other seeker's) and
boundary values (0, -1, 2**63, "abc", 10,000 characters, a percent-encoded lone
surrogate); GET requests also carry boundary query strings (page=0, page=-1,
page=99999999999, q of 10,000 characters, sort=garbage); POSTs carry nothing,
odd numbers ("①") or long texts. API routes get a bearer token of the role and
JSON bodies with odd values. No answer may be a 5xx; and no page shown to anyone
but employer B's members and staff may hold employer B's private markers: the
title of B's unpublished posting, the name of a seeker (hidden from
recommendations) who applied to B only, B's interview note, B's member's email.
B's published posting and company name are public and may show anywhere.

SQLite only, to keep it fast (the same views run on PostgreSQL in the other tests),
but for the NUL check at the end: PostgreSQL refuses NUL where SQLite does not.
"""

from __future__ import annotations

import json
import random
import re
import time

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

import models
from jobfair.extensions import db
from jobfair.services import api_tokens, unit_of_work
from tests.helpers.builders import PASSWORD
from tests.helpers.clients import Client
from tests.helpers.scenes import build_world

ROLES = ("anonymous", "seeker", "employer", "staff", "admin")

B_PUBLIC = {"company": "乙方标记物流公司", "posting": "乙方公开岗位叉车工"}
B_PRIVATE = {
    "draft": "乙方草稿岗位机密标题",
    "applicant": "乙方独有申请人",
    "note": "乙方面试备注绝密",
    "email": "hr-b-marker@b-only.test",
}

#: pages each role must have seen answered (200) in the crawl: it reached real data
REACHED = {
    "anonymous": {"main.posting_list", "main.posting_detail", "fairs.fair_page",
                  "api_public.posting_list"},
    "seeker": {"seekers.dashboard", "seekers.my_applications", "main.posting_detail",
               "api_seeker.recommendations"},
    "employer": {"employers.dashboard", "employers.posting_applicants",
                 "employers.posting_candidates", "employers.application_detail",
                 "api_employer.candidates"},
    "staff": {"staff.fair_matches", "staff.seeker_detail", "kiosk.start", "staff.audit_log"},
    "admin": {"staff.staff_accounts", "staff.fair_matches", "staff.seeker_detail"},
}  # fmt: skip

OTHERS = "others:"  # ids[OTHERS + "posting_id"]: someone else's rows of that kind
LONG = "x" * 10_000
INT_ODD = ["0", "-1", str(2**63), "abc", "9" * 10_000]
STR_ODD = ["abc", LONG, "%ED%A0%80", "骑手", "..%2F..%2Fetc%2Fpasswd", "a.b", "0"]
QUERIES = [
    {"page": "0"},
    {"page": "-1"},
    {"page": "99999999999", "per_page": "99999999999"},
    {"q": "骑" * 10_000},
    {"sort": "garbage", "order": "'; DROP TABLE posting; --"},
    {"page": "abc", "fair": "-1", "status": "\x00", "district": "1" * 10_000},
]
FORMS = [
    {},
    dict.fromkeys(("fair_id", "posting_id", "seeker_id", "booth_id", "page", "version",
                   "headcount", "birth_year", "pay_min", "application_ids"), "①"),
    {"q": LONG, "page": "-1", "next": "//evil", "text": "长" * 3001, "fair_id": str(2**63)},
]  # fmt: skip
JSON_ODD = [
    '{"title": "\\ud800", "description": "\\u0000", "name": "\\udfff\\u200b"}',
    '{"posting_id": 9223372036854775808, "fair_id": -1, "status": "garbage"}',
    '{"page": 99999999999, "seeker_id": "abc", "note": "' + "长" * 10_000 + '"}',
    "[1, 2, 3]",
    "not json at all",
    "",
]


@pytest.fixture
def backend():
    """SQLite only: the crawl is about the views, not the database."""
    return "sqlite"


def add_employer_b(make, world: dict) -> dict:
    """A second verified employer whose private rows carry marker texts."""
    b = make.employer(name=B_PUBLIC["company"], trade="logistics")
    member = make.member(b, email=B_PRIVATE["email"])
    public = make.posting(employer=b, title=B_PUBLIC["posting"], occupation_code="L08",
                          trade="logistics")  # fmt: skip
    draft = make.posting(employer=b, title=B_PRIVATE["draft"], status="draft", published_at=None)
    applicant = make.seeker(name=B_PRIVATE["applicant"], discoverable=False)
    application = models.Application(
        posting_id=public.id, seeker_id=applicant.id, note=B_PRIVATE["note"],
        interview_place=B_PRIVATE["note"],
    )  # fmt: skip
    application.events.append(models.ApplicationEvent(from_status=None, to_status="applied"))
    db.session.add(application)
    db.session.commit()
    return {
        "employer_b": b, "member_b": member, "posting_b": public, "draft_b": draft,
        "applicant_b": applicant, "application_b": application,
    }  # fmt: skip


def ids_of(world: dict) -> dict[str, list[int]]:
    """Row ids by the name URLs give them (``posting_id`` ...), every owner's."""
    found: dict[str, set[int]] = {}

    def add(name: str, *rows) -> None:
        found.setdefault(name, set()).update(r.id for r in rows)

    add("posting_id", *db.session.scalars(select(models.Posting)))
    add("application_id", *db.session.scalars(select(models.Application)))
    add("fair_id", *db.session.scalars(select(models.Fair)))
    add("booth_id", *db.session.scalars(select(models.Booth)))
    add("seeker_id", *db.session.scalars(select(models.SeekerProfile)))
    add("employer_id", *db.session.scalars(select(models.Employer)))
    add("user_id", *db.session.scalars(select(models.User)))
    add("question_id", *db.session.scalars(select(models.Question)))
    add("token_id", *db.session.scalars(select(models.ApiToken)))
    return {name: sorted(values) for name, values in found.items()}


def routes(app) -> list[tuple[object, str]]:
    """(rule, method) of every route but static files and logging out, GET and HEAD first."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint == "auth.logout":
            continue
        for method in sorted(rule.methods - {"OPTIONS"}):
            found.append((rule, method))
    # reading first, on the world as built; then the requests that may change it
    return sorted(found, key=lambda pair: (pair[1] not in ("GET", "HEAD"), pair[0].rule, pair[1]))


def url_for_values(rule, values: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        return values[match.group(2)]

    return re.sub(r"<(?:(\w+):)?(\w+)>", one, rule.rule)


def argument_values(rule, ids: dict[str, list[int]], home: dict[str, int], rng, n: int):
    """``n`` sets of URL arguments: the world's own rows (employer A's, the fair ...),
    someone else's rows (employer B's, the other seeker's; of another kind now and
    then), odd values; a route without arguments has ``n`` empty ones."""
    if not rule.arguments:
        return [{}] * n
    ints = {n for n, conv in rule._converters.items() if isinstance(conv, IntegerConverter)}
    every_id = sorted({i for values in ids.values() for i in values})
    words = ["abc", "postings", "check_ins", "csv", "xlsx"]
    own = {
        name: str(home.get(name, every_id[0])) if name in ints else rng.choice(words)
        for name in rule.arguments
    }
    anyone = {
        name: str(rng.choice((ids.get(name) or every_id) if rng.random() < 0.85 else every_id))
        if name in ints else rng.choice(words)
        for name in rule.arguments
    }  # fmt: skip
    anyone |= {
        name: str(rng.choice(ids[OTHERS + name])) for name in rule.arguments if OTHERS + name in ids
    }
    odd = {name: rng.choice(INT_ODD if name in ints else STR_ODD) for name in rule.arguments}
    return [own, anyone, odd][:n] if n > 1 else [rng.choice([own, anyone, odd])]


def log_in(client, user) -> None:
    response = client.post(
        "/auth/login", data={"identifier": user.phone or user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, user


def bearer(user) -> dict[str, str]:
    with unit_of_work():
        new = api_tokens.create_token(user, "crawler", list(api_tokens.scopes_for(user)), 7)
    return {"Authorization": f"Bearer {new.secret}"}


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_without_error_and_keeps_other_employers_data(app, make, role):
    world = build_world(make)
    world |= add_employer_b(make, world)
    user = {
        "seeker": world["seeker"].user,
        "employer": world["member"],
        "staff": world["staff"],
        "admin": make.staff("admin"),
    }.get(role)
    app.test_client_class = Client
    client = app.test_client()
    headers = {}
    if user is not None:
        headers = bearer(user)
        log_in(client, user)
    ids = ids_of(world)
    others = {
        "posting_id": [world["posting_b"], world["draft_b"]],
        "application_id": [world["application_b"]],
        "seeker_id": [world["applicant_b"], world["second"]],
        "employer_id": [world["employer_b"]],
        "user_id": [world["member_b"]],
    }
    ids |= {OTHERS + name: [row.id for row in rows] for name, rows in others.items()}
    home = {
        "posting_id": world["rider"].id, "application_id": world["applications"][0].id,
        "fair_id": world["fair"].id, "booth_id": world["booth"].id,
        "seeker_id": world["seeker"].id, "question_id": world["question"].id,
        "employer_id": world["pending"].id, "user_id": world["staff"].id,
    }  # fmt: skip
    rng = random.Random(f"crawl-{role}")
    may_see_b = role in ("staff", "admin")
    started = time.perf_counter()
    visited = 0
    failures = []
    answered: set[str] = set()
    refused: set[str] = set()

    for rule, method in routes(app):
        api = rule.rule.startswith("/api/")
        roles = app.view_functions[rule.endpoint].roles
        meant = role in roles or "anyone" in roles
        # a route meant for the role: its own rows, anyone's, odd ids, odd query strings;
        # HEAD: one try; another role's route (refused before any work): one method, once
        if not meant:
            if rule.endpoint in refused:
                continue
            refused.add(rule.endpoint)
        tries = 3 if meant and method != "HEAD" else 1
        for attempt, values in enumerate(argument_values(rule, ids, home, rng, tries)):
            url = url_for_values(rule, values)
            kwargs: dict = {"method": method, "headers": headers if api else {}}
            if method == "GET" and meant:  # the role's own page plain first, then odd queries
                kwargs["query_string"] = rng.choice(QUERIES) if attempt or tries == 1 else {}
            elif method in ("POST", "PUT", "PATCH", "DELETE") and api:
                kwargs["data"] = rng.choice(JSON_ODD)
                kwargs["content_type"] = "application/json"
            elif method == "POST":  # nothing, odd numbers, long texts
                kwargs["data"] = FORMS[attempt] if tries > 1 else rng.choice(FORMS)
            response = client.open(url, **kwargs)
            visited += 1
            body, status = response.get_data(as_text=True), response.status_code
            if status >= 500:
                failures.append((method, url[:200], kwargs.get("query_string"), status))
            if not may_see_b:
                leaked = [name for name, marker in B_PRIVATE.items() if marker in body]
                if leaked:
                    failures.append((method, url[:200], "shows employer B's", leaked))
            if meant and response.status_code == 200:
                answered.add(rule.endpoint)
    elapsed = time.perf_counter() - started
    assert not failures, failures
    # the crawl reached the role's real pages, and the role stayed logged in throughout
    assert REACHED[role] <= answered, REACHED[role] - answered
    if user is not None:
        assert client.get("/auth/account").status_code == 200
    print(f"{role}: {visited} requests in {elapsed:.1f} s")
    db.session.remove()


def test_the_markers_are_where_their_owner_sees_them(app, make):
    """The crawl's negative check can fail: employer B's own pages show B's markers."""
    world = build_world(make)
    world |= add_employer_b(make, world)
    app.test_client_class = Client
    client = app.test_client()
    log_in(client, world["member_b"])
    draft = client.get(f"/employer/postings/{world['draft_b'].id}").get_data(as_text=True)
    applicants = client.get(f"/employer/postings/{world['posting_b'].id}/applicants")
    application = client.get(f"/employer/applications/{world['application_b'].id}")
    assert B_PRIVATE["draft"] in draft
    assert B_PRIVATE["applicant"] in applicants.get_data(as_text=True)
    assert B_PRIVATE["note"] in application.get_data(as_text=True)
    assert B_PRIVATE["email"] in client.get("/auth/account").get_data(as_text=True)
    db.session.remove()


def test_the_api_answers_a_lone_surrogate_in_json_without_error(app, make):
    """JSON's \\ud800 escape is the one way a lone surrogate reaches the app over HTTP."""
    world = build_world(make)
    app.test_client_class = Client
    client = app.test_client()
    headers = bearer(world["member"])
    body = json.dumps({"title": "\ud800骑手", "description": "\udfff", "occupation_code": "D01"})
    response = client.post("/api/v1/employer/postings", data=body, headers=headers,
                           content_type="application/json")  # fmt: skip
    assert response.status_code in (201, 400, 422), response.get_data(as_text=True)
    assert "\ud800" not in response.get_data(as_text=True)
    db.session.remove()


#: query parameters the app's lists and filters read
QUERY_KEYS = (
    "q", "district", "trade", "schedule", "fair", "status", "sort", "page", "per_page",
    "pay_unit", "min_pay", "action", "user", "start", "end", "kind", "subject", "tag",
)  # fmt: skip


class TestOnEveryBackend:
    """PostgreSQL refuses a string holding NUL with an error where SQLite finds no rows."""

    @pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
    def backend(self, request):
        return request.param

    @pytest.mark.parametrize("role", ["anonymous", "staff"])
    def test_a_nul_in_any_query_parameter_is_no_error(self, app, make, role):
        """``/postings?q=a%00b`` and ``?district=%00`` answered 500 on PostgreSQL."""
        world = build_world(make)
        app.test_client_class = Client
        client = app.test_client()
        if role == "staff":
            log_in(client, world["staff"])
        home = {
            "posting_id": world["rider"].id, "fair_id": world["fair"].id,
            "booth_id": world["booth"].id, "seeker_id": world["seeker"].id,
        }  # fmt: skip
        failed = []
        for rule in app.url_map.iter_rules():
            roles = getattr(app.view_functions[rule.endpoint], "roles", ())
            if "GET" not in rule.methods or not (role in roles or "anyone" in roles):
                continue
            if not set(rule.arguments) <= set(home):
                continue
            url = url_for_values(rule, {n: str(home[n]) for n in rule.arguments})
            status = client.get(url, query_string=dict.fromkeys(QUERY_KEYS, "a\x00b")).status_code
            if status >= 500:
                failed.append((url, status))
        for one in ({"q": "骑手\x00"}, {"district": "\x00"}, {"min_pay": "1", "pay_unit": "\x00"}):
            assert client.get("/postings", query_string=one).status_code == 200, one
        assert not failed, failed
        db.session.remove()
