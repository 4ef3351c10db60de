"""Random ids and texts posted to every form route: never a 500, never a partial write.

Each route is posted as the role it is meant for, with form fields drawn from
every name the app's forms use and values drawn from what a hostile or clumsy
client sends: ids too large for the database, Unicode digits (², ①, ١٢), empty
strings, control and zero-width characters, very long texts, valid ids of
someone else's rows. A refused request (4xx) must leave the database as it was;
no request may answer 500.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.clients import Client
from tests.helpers.database import snapshot
from tests.helpers.scenes import build_world

# Failed password tries are recorded on purpose even when the request is refused,
# and so are their audit entries (a failed login, a lockout): only those may be added.
KEPT_ON_REFUSAL = {"login_attempt"}
AUDITED_ON_REFUSAL = {"account.login_failed", "account.lockout"}

FIELDS = [
    "accept_soft", "answer", "application_ids", "availability", "birth_year", "booth_id",
    "company_name", "confirmed_occupations", "consent", "contact_consent", "contact_name",
    "contact_phone", "credit_code", "decision", "description", "desired_text", "district_code",
    "ends_at", "experience", "fair_id", "has_car", "has_ebike", "headcount", "health_certificate",
    "interview_at", "interview_place", "intro", "label", "lang", "licence_classes", "login",
    "message", "min_age", "mode", "name", "needs_health_certificate", "needs_vehicle", "next",
    "note", "occupation_code", "occupation_codes", "page", "password", "pay_amount", "pay_max",
    "pay_min", "pay_unit", "phone", "posting_ids", "q", "requirements", "schedule", "skills",
    "starts_at", "status", "text", "title", "to_status", "trade", "venue", "version",
]  # fmt: skip

WORDS = [
    "approve", "decline", "reject", "applied", "viewed", "shortlisted", "interview", "offer",
    "hired", "rejected", "withdrawn", "open", "closed", "draft", "published", "running",
    "online", "onsite", "both", "month", "day", "hour", "order", "delivery", "logistics",
    "livestream", "D01", "L01", "150105", "999999", "full_time", "nights", "weekends", "B2",
    "A2", "y", "on", "true", "en", "zh_Hans_CN", "2026-12-24T10:00", "9999-12-31T23:59",
    "2026-02-30T10:00", "//evil.example", "/\t/evil", "13800000001", "+86 138 0000 0001",
]  # fmt: skip

ODD_NUMBERS = ["①", "²", "١٢", "９", "1_000", " 7 ", "-1", "0", "1e3", "0x10", "", " ", "\x00"]

texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(["\x00", "\u200b", "\u202e", "\ufeff", "\u3164", "\n", "骑", "手", "%"]),
    ),
    max_size=40,
) | st.sampled_from(["好" * 501, "呼" * 3001, "<script>alert(1)</script>", "' OR 1=1 --"])


def numbers(ids: list[int]):
    return st.one_of(
        st.sampled_from(ids).map(str),
        st.integers(-(2**40), 2**70).map(str),
        st.sampled_from(ODD_NUMBERS),
    )


def form_data(ids: list[int], fields: list[str]):
    value = st.one_of(texts, numbers(ids), st.sampled_from(WORDS))
    return st.dictionaries(
        st.sampled_from(fields), st.one_of(value, st.lists(value, max_size=3)), max_size=8
    )


def ids_by_kind(world: dict) -> dict[str, list[int]]:
    """The world's row ids by kind (``posting``, ``fair``, ...), as URLs name them."""
    kinds: dict[str, set[int]] = {}
    rows = [v for v in world.values() if hasattr(v, "id")] + world["applications"]
    for row in rows:
        kind = {"User": "user", "EmployerMember": "member"}.get(type(row).__name__)
        kind = kind or re.sub(r"(?<!^)([A-Z])", r"_\1", type(row).__name__).lower()
        kinds.setdefault(kind.removesuffix("_profile"), set()).add(row.id)
    return {kind: sorted(found) for kind, found in kinds.items()}


def fields_read_by(app, endpoint: str) -> list[str]:
    """The form fields a view reads: names quoted in its source, and its forms' fields."""
    import inspect

    from jobfair import forms

    view = inspect.unwrap(app.view_functions[endpoint])
    module = inspect.getmodule(view)
    source = inspect.getsource(view)
    helpers = re.findall(r"\b(_\w+)\(", source)  # the module's own helpers it calls
    for name in helpers:
        helper = getattr(module, name, None)
        if callable(helper):
            source += inspect.getsource(helper)
    names = set(re.findall(r'"([a-z_]+)"', source)) & set(FIELDS)
    if "version_arg" in source:
        names.add("version")
    with app.test_request_context():
        for form_name in re.findall(r"\b(\w+Form)\(", source):
            names |= set(getattr(forms, form_name)(meta={"csrf": False})._fields)
    return sorted(names) or FIELDS


def _routes(app) -> list[tuple[str, str]]:
    """(endpoint, role) of every POST route but logging out."""
    found = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        roles = app.view_functions[rule.endpoint].roles
        found.append((rule.endpoint, "anonymous" if roles == ("anyone",) else roles[0]))
    return sorted(found)


def assert_only_refusals_audited(before: list, after: list, url: str, data: dict) -> None:
    """No audit entry changed or vanished; the new ones record a refused login only."""
    action = [c.name for c in models.AuditEntry.__table__.columns].index("action")
    assert after[: len(before)] == before, (url, data, "audit_entry")
    added = {row[action] for row in after[len(before):]}
    assert added <= AUDITED_ON_REFUSAL, (url, data, added)


def _endpoints() -> list[str]:
    from jobfair import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    return [endpoint for endpoint, _ in _routes(app)]


@pytest.mark.parametrize("endpoint", _endpoints())
def test_random_posts_never_fail_and_a_refusal_writes_nothing(app, make, endpoint):
    world = build_world(make)
    role = dict(_routes(app))[endpoint]
    app.test_client_class = Client
    client = app.test_client()
    user = {
        "seeker": world["seeker"].user,
        "employer": world["member"],
        "staff": world["staff"],
    }.get(role)
    if user is not None:
        response = client.post(
            "/auth/login", data={"identifier": user.phone or user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    by_kind = ids_by_kind(world)
    ids = sorted({i for kind in by_kind.values() for i in kind})
    path = {
        name: st.sampled_from(by_kind.get(name.removesuffix("_id"), ids))
        | st.integers(1, 2**31 - 1)
        for name in rule.arguments
    }
    fields = fields_read_by(app, endpoint)

    @settings(
        max_examples=20,  # x ~70 routes x 2 databases; the crawler adds boundary values
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(ids, fields), values=st.fixed_dictionaries(path))
    def post_once(data, values):
        url = re.sub(r"<int:(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
        before = snapshot()
        response = client.post(url, data=data)
        assert response.status_code != 500, (url, data)
        if response.status_code >= 400:
            after = snapshot()
            for table in before:
                if table == "audit_entry":
                    assert_only_refusals_audited(before[table], after[table], url, data)
                elif table not in KEPT_ON_REFUSAL:
                    assert after[table] == before[table], (url, data, table)

    post_once()
    db.session.remove()
