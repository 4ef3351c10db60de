"""Logging in and out: throttling, session rotation, CSRF, cookie flags."""

from __future__ import annotations

from sqlalchemy import func, select

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD
from tests.helpers.clients import signup_code
from tests.helpers.config import TEST_CONFIG


def test_seeker_logs_in_with_mobile_and_lands_on_dashboard(client, make, auth):
    seeker = make.seeker(phone="13812345678")
    response = auth.login("138 1234 5678")
    assert response.status_code == 302
    assert response.headers["Location"] == "/me/"
    page = client.get("/me/").get_data(as_text=True)
    assert seeker.name in page


def test_wrong_password_is_refused_with_message(client, make, auth):
    make.seeker(phone="13812345678")
    response = auth.login("13812345678", "wrong-password")
    assert response.status_code == 401
    assert "账号或密码不正确" in response.get_data(as_text=True)
    assert client.get("/me/").status_code == 302


def test_unknown_account_gets_the_same_message(auth):
    response = auth.login("13900000000", "whatever-123")
    assert response.status_code == 401
    assert "账号或密码不正确" in response.get_data(as_text=True)


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, make, auth):
    make.seeker(phone="13812345678")
    for _ in range(5):
        assert auth.login("13812345678", "wrong-password").status_code == 401
    response = auth.login("13812345678", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert client.get("/me/").status_code == 302


def test_failures_are_counted_per_address_across_accounts(app, client, make, auth):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = 20
    victim = make.seeker(phone="13812345678")
    for i in range(20):
        auth.login(f"1390000{i:04d}", "wrong-password")
    assert auth.login(victim.phone, PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_address_counts_apart(app_with, make):
    seeker = make.seeker(phone="13812345678")
    proxied = app_with(TRUSTED_PROXIES=1, LOGIN_FAILURES_PER_ADDRESS=5)
    client = proxied.test_client()
    for i in range(5):
        client.post("/auth/login", data={"identifier": f"1390000{i:04d}", "password": "x"},
                    headers={"X-Forwarded-For": "10.0.0.7"})  # fmt: skip
    login = {"identifier": seeker.phone, "password": PASSWORD}
    blocked = client.post("/auth/login", data=login, headers={"X-Forwarded-For": "10.0.0.7"})
    other = client.post("/auth/login", data=login, headers={"X-Forwarded-For": "10.0.0.8"})
    assert (blocked.status_code, other.status_code) == (429, 302)
    assert set(db.session.scalars(select(models.LoginAttempt.ip))) == {"10.0.0.7"}


def test_successful_login_clears_the_account_counter(make, auth):
    make.seeker(phone="13812345678")
    for _ in range(4):
        auth.login("13812345678", "wrong-password")
    assert auth.login("13812345678", PASSWORD).status_code == 302
    count = db.session.scalar(select(func.count()).select_from(models.LoginAttempt))
    assert count == 0


def test_session_identifier_changes_at_login_and_logout_kills_it(app, client, make, auth):
    seeker = make.seeker()
    client.get("/auth/login")
    auth.login_as(seeker.user)
    first = db.session.scalars(select(models.LoginSession.id)).all()
    assert len(first) == 1
    stolen_cookie = client.get_cookie("jobfair_session").value
    auth.logout()
    assert db.session.scalar(select(func.count()).select_from(models.LoginSession)) == 0
    # a copy of the old cookie no longer opens the account
    thief = app.test_client()
    thief.set_cookie("jobfair_session", stolen_cookie)
    assert thief.get("/me/").status_code == 302
    auth.login_as(seeker.user)
    second = db.session.scalars(select(models.LoginSession.id)).all()
    assert second and second != first


def test_session_cookie_is_httponly_and_samesite(client, make, auth):
    seeker = make.seeker()
    response = auth.login_as(seeker.user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_login_redirects_only_to_local_next(client, make, auth):
    seeker = make.seeker()
    response = client.post(
        "/auth/login",
        data={"identifier": seeker.phone, "password": PASSWORD, "next": "//evil.example/x"},
    )
    assert response.headers["Location"] == "/me/"


def test_form_without_csrf_token_is_refused_and_writes_nothing(backend, tmp_path, request):
    from jobfair import create_app

    if backend == "postgres":
        url = request.getfixturevalue("pg_schema")
    else:
        url = f"sqlite:///{tmp_path / 'csrf.sqlite3'}"
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": True,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        client = app.test_client()
        response = client.post(
            "/auth/signup",
            data={
                "phone": "13812345678",
                "password": "abcdefgh1",
                "name": "乌云",
                "birth_year": "1990",
                "district_code": "150105",
                "consent": "y",
            },
        )
        assert response.status_code == 400
        assert "安全校验" in response.get_data(as_text=True)
        assert db.session.scalar(select(func.count()).select_from(models.User)) == 0
        db.session.remove()
        db.engine.dispose()


def test_rate_limit_on_login_posts(backend, tmp_path):
    from jobfair import create_app

    if backend == "postgres":
        return  # the limiter is storage-bound, not database-bound: one backend is enough
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
            "RATELIMIT_ENABLED": True,
        }
    )
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        client = app.test_client()
        codes = [
            client.post(
                "/auth/login", data={"identifier": f"u{i}@x.cn", "password": "x"}
            ).status_code
            for i in range(31)
        ]
        assert codes[-1] == 429
        assert set(codes[:20]) == {401}
        db.session.remove()
        db.engine.dispose()


def test_staff_accounts_cannot_be_self_registered(client, ctx):
    # the only sign-up forms create seekers and employers; there is no role field to abuse
    client.post(
        "/auth/signup",
        data={
            "phone": "13812345678",
            "code": signup_code(client, "13812345678"),
            "password": "abcdefgh1",
            "name": "乌云",
            "birth_year": "1990",
            "district_code": "150105",
            "consent": "y",
            "role": "admin",
        },
    )
    user = db.session.scalar(select(models.User))
    assert user is not None and user.role == "seeker"


def test_brute_force_spread_over_workers_is_refused_in_every_worker(app_with, make):
    """Two app processes' worth (two apps on one database, as two gunicorn workers):
    failures counted by either refuse the next try in both, and the audit log has it."""
    make.seeker(phone="13812345678")
    workers = [app_with().test_client(), app_with().test_client()]
    wrong = {"identifier": "13812345678", "password": "wrong-password"}
    for i in range(5):
        assert workers[i % 2].post("/auth/login", data=wrong).status_code == 401
    right = {"identifier": "13812345678", "password": PASSWORD}
    assert [w.post("/auth/login", data=right).status_code for w in workers] == [429, 429]
    actions = list(db.session.scalars(select(models.AuditEntry.action)))
    assert actions.count("account.login_failed") == 5
    assert actions.count("account.lockout") == 2
    assert "account.login" not in actions
