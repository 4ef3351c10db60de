"""Flask-Limiter's counters on Redis: shared by every process, counted in the process's
memory while Redis is down (jobfair.rate_limit_storage)."""

from __future__ import annotations

import json
import logging
import os

import pytest

import models
from jobfair import create_app
from jobfair.extensions import db
from tests.helpers.config import TEST_CONFIG
from tests.helpers.redis_server import redis_server  # noqa: F401 (fixture)

FORGOT = "/auth/forgot/email"  # 5 POSTs an hour for one e-mail address
EMAIL = {"email": "nobody@example.com"}

def posts_in_another_process(config: dict, n: int) -> list[int]:
    """Process B: a forked child that makes its own app (so its own limiter storage;
    nothing counted in this process is carried over) and posts ``n`` times."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            client = create_app(config).test_client()
            answer = [client.post(FORGOT, data=EMAIL).status_code for _ in range(n)]
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            answer = repr(e)
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert isinstance(answer, list), answer
    return answer


@pytest.fixture
def limited_config(redis_server, tmp_path):  # noqa: F811
    config = {**TEST_CONFIG, "RATELIMIT_ENABLED": True, "REDIS_URL": redis_server.url,
              "DATABASE_URL": f"sqlite:///{tmp_path / 'limits.sqlite3'}",
              "INSTANCE_PATH": str(tmp_path)}  # fmt: skip
    app = create_app(config)
    with app.app_context():
        models.Base.metadata.create_all(db.engine)
        db.engine.dispose()
    return config


def test_two_processes_share_one_limit(limited_config):
    client = create_app(limited_config).test_client()
    assert [client.post(FORGOT, data=EMAIL).status_code for _ in range(3)] == [200, 200, 200]

    # two more in the other process, then the sixth of the hour is refused there
    assert posts_in_another_process(limited_config, 3) == [200, 200, 429]
    assert client.post(FORGOT, data=EMAIL).status_code == 429


def test_redis_down_pages_answer_and_limits_hold_per_process(
    limited_config, redis_server, caplog  # noqa: F811
):
    client = create_app(limited_config).test_client()
    assert client.post(FORGOT, data=EMAIL).status_code == 200
    redis_server.stop()

    with caplog.at_level(logging.WARNING, logger="jobfair.rate_limit_storage"):
        assert client.get("/auth/login").status_code == 200
        assert client.get("/").status_code == 200
        answers = [client.post(FORGOT, data=EMAIL).status_code for _ in range(6)]
    # counted afresh in memory: five more pass, the sixth is refused
    assert answers == [200] * 5 + [429]
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1, [r.getMessage() for r in caplog.records]
