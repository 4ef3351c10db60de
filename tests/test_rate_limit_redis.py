"""Flask-Limiter's counters on Redis: shared by every process, counted in the process's
memory while Redis is down (jobfair.rate_limit_storage)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

import models
from jobfair import ROOT, create_app
from jobfair.extensions import db
from tests.helpers.config import TEST_CONFIG
from tests.helpers.redis_server import redis_server  # noqa: F401 (fixture)

FORGOT = "/auth/forgot/email"  # 5 POSTs an hour for one e-mail address
EMAIL = {"email": "nobody@example.com"}

# Process B: the same app (same database, same Redis) in another Python process.
OTHER_PROCESS = f"""
import json, sys
from jobfair import create_app
config = json.loads(sys.argv[1])
client = create_app(config).test_client()
print(json.dumps([client.post({FORGOT!r}, data={EMAIL!r}).status_code for _ in range(3)]))
"""


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

    other = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, json.dumps(limited_config)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert other.returncode == 0, other.stderr[-2000:]
    # two more in the other process, then the sixth of the hour is refused there
    assert json.loads(other.stdout.strip().splitlines()[-1]) == [200, 200, 429]
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
