"""/healthz answers while the process lives; /readyz tells which dependency is down."""

from __future__ import annotations

import socket

import pytest

from jobfair import create_app
from jobfair.extensions import db
from tests.helpers.config import TEST_CONFIG


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_on_dead_database(tmp_path):
    """An app whose PostgreSQL is a closed port."""
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/jobfair"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_healthz_says_ok_without_cookie_or_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_with_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_when_the_database_is_down_and_healthz_still_ok(app_on_dead_database):
    client = app_on_dead_database.test_client()
    assert client.get("/healthz").status_code == 200  # alive: no database needed
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "down"}}
    text = response.get_data(as_text=True).lower()
    for leak in ("psycopg", "refused", "127.0.0.1", "postgres", "version"):
        assert leak not in text


def test_readyz_names_redis_when_redis_is_down(app_with):
    app = app_with(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "redis": "down"}
    assert "refused" not in response.get_data(as_text=True).lower()


def test_readyz_pings_a_live_redis(app_with):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    response = app_with(REDIS_URL=url).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}
