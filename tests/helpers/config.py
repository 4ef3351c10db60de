"""The test app's settings, and whether PostgreSQL variants run.

Under pytest-xdist every worker gets a PostgreSQL database of its own
(``<name>_gw0``, ``<name>_gw1``, ... beside JOBFAIR_TEST_DATABASE_URL's), so that
one worker's schema reset never meets another's tables.
"""

from __future__ import annotations

import os


def _worker_database_url(url: str | None) -> str | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url("postgresql+psycopg://" + url.split("://", 1)[1])
    name = f"{base.database}_{worker}"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
                # a test database need not survive a crash: commits without waiting for disk
                conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    finally:
        server.dispose()
    return url.rsplit("/", 1)[0] + "/" + name


PG_URL = _worker_database_url(os.environ.get("JOBFAIR_TEST_DATABASE_URL"))
PG_SKIP = "JOBFAIR_TEST_DATABASE_URL is not set: PostgreSQL variant skipped"

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    "RATELIMIT_ENABLED": False,
    "MATCHER_SNAPSHOTS": False,  # tests that need snapshots set MATCHER_FOLDER to a temp dir
}
