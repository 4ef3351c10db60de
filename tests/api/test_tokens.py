"""Tokens: scopes limited by role, shown once, revoked or expired -> 401, scope -> 403,
the web page that makes and revokes them, and the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jobfair.extensions import db
from jobfair.services import api_tokens, unit_of_work
from models import ApiToken, AuditEntry
from tests.api.conftest import bearer, token_for


def stored(secret: str) -> ApiToken:
    return db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == api_tokens.hash_token(secret))
    )


def test_a_seeker_cannot_grant_an_employer_scope(client, world):
    seeker_user = world["seeker"].user
    try:
        with unit_of_work():
            api_tokens.create_token(seeker_user, "x", ["candidates:read"], 30)
    except api_tokens.ValidationFailed as e:
        assert set(e.errors) == {"scopes"}
    else:
        raise AssertionError("a seeker's token got an employer scope")


def test_token_without_scope_is_403_revoked_and_expired_are_401(client, world):
    member = world["member"]
    rider = world["rider"].id
    url = f"/api/v1/employer/postings/{rider}/applicants"
    reader = token_for(member, ["postings:read"])
    response = client.get(url, headers=bearer(reader))
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]

    full = token_for(member)
    assert client.get(url, headers=bearer(full)).status_code == 200

    token = stored(full)
    with unit_of_work():
        api_tokens.revoke_token(member, token.id)
    revoked = client.get(url, headers=bearer(full))
    assert revoked.status_code == 401
    assert revoked.headers["WWW-Authenticate"].startswith("Bearer")

    old = token_for(member)
    token = stored(old)
    with unit_of_work():
        token.expires_at = token.created_at - timedelta(seconds=1)
    assert client.get(url, headers=bearer(old)).status_code == 401
    assert client.get(url, headers=bearer("jf_not-a-token")).status_code == 401
    assert client.get(url).status_code == 401


def test_a_session_cookie_does_not_authenticate_the_api(client, auth, world):
    auth.login_as(world["member"])
    assert client.get("/employer/").status_code == 200  # logged in on the web
    response = client.get(f"/api/v1/employer/postings/{world['rider'].id}/applicants")
    assert response.status_code == 401


def test_the_token_page_shows_a_token_once_and_revokes_it(client, auth, world):
    member = world["member"]
    auth.login_as(member)
    page = client.get("/auth/account/tokens/")
    assert page.status_code == 200
    assert "candidates:read" in page.text and "checkins:write" not in page.text
    assert "/auth/account/tokens/" in client.get("/auth/account").text

    bad = client.post("/auth/account/tokens/", data={"name": "", "days": "5"})
    assert bad.status_code == 422
    assert "请填写令牌名称" in bad.text and "请至少选择一项权限" in bad.text
    assert "请选择列表中的有效期" in bad.text

    made = client.post(
        "/auth/account/tokens/",
        data={"name": "HR system", "scopes": ["candidates:read", "postings:read"], "days": "90"},
    )
    assert made.status_code == 200
    secret = made.text.split('id="new-token" value="', 1)[1].split('"', 1)[0]
    assert secret.startswith("jf_")
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == member.id))
    assert stored.token_hash == api_tokens.hash_token(secret) and secret not in stored.token_hash
    assert secret not in client.get("/auth/account/tokens/").text  # shown once

    api = client.application.test_client()  # no session cookie
    ok = api.get("/api/v1/employer/postings", headers=bearer(secret))
    assert ok.status_code == 200
    again = api.get("/api/v1/employer/postings", headers=bearer(secret))
    assert again.status_code == 200

    assert client.post(f"/auth/account/tokens/{stored.id}/revoke").status_code == 302
    assert api.get("/api/v1/employer/postings", headers=bearer(secret)).status_code == 401

    db.session.expire_all()
    actions = [
        e.action
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.subject_type == "api_token").order_by(AuditEntry.id)
        )
    ]
    # created, used (once a day, not per call), revoked
    assert actions == ["api_token.create", "api_token.use", "api_token.revoke"]


def test_someone_elses_token_cannot_be_revoked(client, auth, world):
    secret = token_for(world["member"])
    token = stored(secret)
    auth.login_as(world["seeker"].user)
    assert client.post(f"/auth/account/tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/employer/postings", headers=bearer(secret)).status_code == 200


def test_the_api_needs_no_csrf_token_but_the_token_page_does(app_with, world):
    guarded = app_with(WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    secret = token_for(world["staff"])
    response = client.post(
        f"/api/v1/staff/fairs/{world['fair'].id}/check-ins",
        json={"seeker_id": world["seeker"].id},
        headers=bearer(secret),
    )
    assert response.status_code == 200
    # the web's forms keep their CSRF check (before anything else)
    assert client.post("/auth/account/tokens/", data={"name": "x"}).status_code == 400


def test_the_access_log_names_the_tokens_user_not_the_sessions(app_with, world, capsys):
    import json

    client = app_with(LOG_FORMAT="json").test_client()
    client.post(
        "/auth/login",
        data={"identifier": world["member"].email, "password": "correct-horse-9"},
    )
    assert client.get("/employer/").status_code == 200  # the session is the member's
    secret = token_for(world["staff"])
    capsys.readouterr()
    client.get("/api/v1/staff/employers/pending", headers=bearer(secret))
    anonymous = client.get("/api/v1/fairs")
    assert anonymous.status_code == 200
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "jobfair.access"]
    assert [(a["user_id"], a["role"]) for a in access] == [
        (world["staff"].id, "staff"),
        (None, None),  # the member's session cookie was sent, and does not count
    ]
    assert secret not in json.dumps(lines)
