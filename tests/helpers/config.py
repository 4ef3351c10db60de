"""The test app's settings, and whether PostgreSQL variants run."""

from __future__ import annotations

import os

PG_URL = os.environ.get("JOBFAIR_TEST_DATABASE_URL")
PG_SKIP = "JOBFAIR_TEST_DATABASE_URL is not set: PostgreSQL variant skipped"

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    "RATELIMIT_ENABLED": False,
    "MATCHER_SNAPSHOTS": False,  # tests that need snapshots set MATCHER_FOLDER to a temp dir
}
