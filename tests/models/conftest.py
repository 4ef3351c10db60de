"""Fixtures for the schema tests: an app on an empty database of its own.

On PostgreSQL each test gets a scratch database (``jobfair_models_<random>``),
created next to the shared test database and dropped afterwards, so that these
tests neither see nor disturb the tables other tests keep in it.
"""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import create_engine, text

from jobfair import create_app
from jobfair.extensions import db
from tests.helpers.config import PG_SKIP, PG_URL, TEST_CONFIG


@pytest.fixture(scope="session", autouse=True)
def matcher_kernels_compiled():
    """The schema tests rank nothing: no need to compile the matcher's kernels."""


@pytest.fixture
def empty_database_url(backend, tmp_path):
    """The URL of an empty database: a file on SQLite, a new database on PostgreSQL."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'schema.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP)
    server = create_engine(
        "postgresql+psycopg://" + PG_URL.split("://", 1)[1], isolation_level="AUTOCOMMIT"
    )
    name = f"jobfair_models_{secrets.token_hex(6)}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def bare_app(empty_database_url, tmp_path):
    """An app on an empty database (no tables); its engine is the app's own."""
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
