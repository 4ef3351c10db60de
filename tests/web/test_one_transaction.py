"""One request, one transaction: a request does everything it reports or nothing.

The failure-injection tests run every writing route once to count its write
statements, then again with a failure injected right after its first write (and
before its last), and find the database exactly as it was before the request.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.database import restore, snapshot
from tests.helpers.scenes import build_world

WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFailure(RuntimeError):
    pass


@contextmanager
def writes_counted(fail_at: int | None = None):
    """Count write statements on the app's engine; raise at write number ``fail_at``."""
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement.split()[0:3])
            if fail_at is not None and len(seen) == fail_at:
                raise InjectedFailure(f"injected before write {fail_at}: {statement[:60]}")

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


@pytest.fixture
def world(make):
    return build_world(make)


def _route_cases(w):
    """(name, who logs in, method and url, form data) for every route that writes twice or more."""
    a, b = w["applications"]
    return [
        ("apply", w["second"].user, f"/me/apply/{w['courier'].id}",
         {"accept_soft": "1", "note": "想试试"}),
        ("move", w["member"], f"/employer/applications/{a.id}/move",
         {"to_status": "viewed", "version": "1"}),
        ("bulk", w["member"], f"/employer/postings/{w['rider'].id}/applicants/bulk",
         {"to_status": "shortlisted", "application_ids": [str(a.id), str(b.id)]}),
        ("withdraw", w["seeker"].user, f"/me/applications/{a.id}/withdraw", {"version": "1"}),
        ("review_employer", w["staff"], f"/staff/employers/{w['pending'].id}/review",
         {"decision": "approve"}),
        ("request_booth", w["member"], f"/employer/fairs/{w['other_fair'].id}/booth",
         {"posting_ids": [str(w["rider"].id), str(w["extra"].id)]}),
        ("posting_status", w["member"], f"/employer/postings/{w['extra'].id}/status",
         {"status": "closed"}),
        ("ask", w["second"].user, f"/fairs/{w['fair'].id}/booths/{w['booth'].id}/question",
         {"text": "需要自己的电动车吗？"}),
        ("answer", w["member"], f"/employer/questions/{w['question'].id}/answer",
         {"answer": "包住，四人间。"}),
        ("delete_account", w["second"].user, "/me/delete", {"password": PASSWORD}),
    ]  # fmt: skip


CASES = [
    "apply", "move", "bulk", "withdraw", "review_employer", "request_booth", "posting_status",
    "ask", "answer", "delete_account",
]  # fmt: skip


def _run(client, auth, w, name):
    case = next(c for c in _route_cases(w) if c[0] == name)
    _, user, url, data = case
    auth.login_as(user)
    return url, data


@pytest.mark.parametrize("name", CASES)
def test_a_failure_after_the_first_write_leaves_the_database_unchanged(
    app, client, auth, world, name
):
    url, data = _run(client, auth, world, name)
    cookie = client.get_cookie("jobfair_session").value
    before = snapshot()
    with writes_counted() as writes:  # the route as it is: all of its writes land
        response = client.post(url, data=data)
    assert response.status_code in (200, 302), (name, response.status_code)
    assert len(writes) >= 2, f"{name} wrote {len(writes)} statement(s): not a multi-write route"
    assert snapshot() != before
    for fail_at in sorted({2, len(writes)}):  # right after the first write, and before the last
        restore(before)
        client.set_cookie("jobfair_session", cookie)  # as logged in as before the request
        with writes_counted(fail_at=fail_at) as seen:
            response = client.post(url, data=data)
        assert len(seen) == fail_at
        assert response.status_code == 500, (name, fail_at, response.status_code)
        assert "未被保存" in response.get_data(as_text=True)
        assert snapshot() == before, f"{name}: failing at write {fail_at} left work behind"


# -- the probe's findings, one by one -----------------------------------------------------


def test_bulk_with_an_out_of_range_id_changes_nothing_and_says_why(client, auth, world):
    a, _ = world["applications"]
    auth.login_as(world["member"])
    before = snapshot()
    response = client.post(
        f"/employer/postings/{world['rider'].id}/applicants/bulk",
        data={"to_status": "rejected", "application_ids": [str(a.id), "99999999999999999999"]},
    )
    assert response.status_code == 422
    assert "编号无效" in response.get_data(as_text=True)
    assert snapshot() == before  # application not rejected, nobody notified


@pytest.mark.parametrize("bad", ["99999999999999999999", "①", "²", "١٢", "-3", "0", " "])
def test_booth_request_with_a_malformed_posting_id_is_refused(client, auth, world, bad):
    auth.login_as(world["member"])
    before = snapshot()
    response = client.post(
        f"/employer/fairs/{world['other_fair'].id}/booth", data={"posting_ids": [bad]}
    )
    assert response.status_code == 422, bad
    assert snapshot() == before


@pytest.mark.parametrize("bad", ["99999999999999999999", "①", "abc"])
def test_move_with_a_malformed_booth_id_is_refused(client, auth, world, bad):
    a, _ = world["applications"]
    auth.login_as(world["member"])
    before = snapshot()
    response = client.post(
        f"/employer/applications/{a.id}/move",
        data={"to_status": "viewed", "version": "1", "booth_id": bad},
    )
    assert response.status_code == 422, bad
    assert snapshot() == before


@pytest.mark.parametrize("version", [None, "abc", "", "0", "²", "99999999999999999999"])
def test_a_move_without_a_valid_version_is_refused(client, auth, world, version):
    a, _ = world["applications"]
    auth.login_as(world["member"])
    data = {"to_status": "viewed"}
    if version is not None:
        data["version"] = version
    before = snapshot()
    response = client.post(f"/employer/applications/{a.id}/move", data=data)
    assert response.status_code == 422
    assert "页面已过期" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_seeker_withdrawal_without_a_version_is_refused(client, auth, world):
    a, _ = world["applications"]
    auth.login_as(world["seeker"].user)
    response = client.post(f"/me/applications/{a.id}/withdraw", follow_redirects=True)
    assert "页面已过期" in response.get_data(as_text=True)
    assert db.session.get(models.Application, a.id).status == "applied"


def test_a_request_that_writes_outside_a_unit_of_work_fails_loudly_in_tests(app, client):
    """The guard that keeps views honest: a forgotten ``unit_of_work`` is a test failure."""
    from jobfair.extensions import UncommittedWrites

    @app.get("/_test/forgot-to-commit")
    def forgot():
        db.session.add(models.IndexChange(kind="seeker", entity_id=1))
        db.session.flush()
        return "ok"

    with pytest.raises(UncommittedWrites):
        client.get("/_test/forgot-to-commit")
    with app.app_context():
        assert db.session.scalar(select(models.IndexChange)) is None
