"""Shared fixtures: an app on a fresh database per test (SQLite, and PostgreSQL
where JOBFAIR_TEST_DATABASE_URL is set), a client, and data builders."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

import models
from jobfair import create_app
from jobfair.extensions import db
from jobfair.validation import credit_code_check_char

PG_URL = os.environ.get("JOBFAIR_TEST_DATABASE_URL")
PG_SKIP = "JOBFAIR_TEST_DATABASE_URL is not set: PostgreSQL variant skipped"
PASSWORD = "correct-horse-9"

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    "RATELIMIT_ENABLED": False,
    "MATCHER_SNAPSHOTS": False,  # tests that need snapshots set MATCHER_FOLDER to a temp dir
}


@pytest.fixture(scope="session", autouse=True)
def matcher_kernels_compiled():
    """Compile the matcher's numba kernels once, before any test times a page.

    On a fresh checkout this takes several seconds; afterwards numba's on-disk
    cache makes it a fraction of a second.
    """
    from matching.matcher import warm_up

    warm_up()


@pytest.fixture(scope="session")
def pg_schema():
    """Create the schema once per run on PostgreSQL; tests truncate after themselves."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    url = "postgresql+psycopg://" + PG_URL.split("://", 1)[1]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    models.Base.metadata.create_all(engine)
    yield url
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request):
    return request.param


@pytest.fixture
def app(backend, tmp_path, request):
    if backend == "postgres":
        url = request.getfixturevalue("pg_schema")
    else:
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        if backend == "sqlite":
            models.Base.metadata.create_all(db.engine)
    yield app
    with app.app_context():
        if backend == "postgres":
            # DELETE is much faster than TRUNCATE on a handful of tiny tables
            with db.engine.begin() as conn:
                for table in reversed(models.Base.metadata.sorted_tables):
                    conn.execute(table.delete())
        db.session.remove()
        db.engine.dispose()


class Client(FlaskClient):
    """A test client that behaves as separate requests would in production.

    The test itself may hold an app context (to build data and check the
    database); requests then reuse it, so per-request state that Flask keeps on
    ``g`` (the logged-in user) is dropped before, and the test's own session is
    expired after each request so that it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
        response = super().open(*args, **kwargs)
        if has_app_context():
            g.pop("_login_user", None)
            db.session.expire_all()
        return response


@pytest.fixture
def app_with(app):
    """Another app on the same test database with other settings: ``app_with(TRUSTED_PROXIES=1)``.

    The ``app`` fixture's teardown empties the database afterwards.
    """
    made = []

    def factory(**overrides):
        config = {**TEST_CONFIG, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                  "INSTANCE_PATH": app.instance_path, **overrides}  # fmt: skip
        made.append(create_app(config))
        return made[-1]

    yield factory
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services or query the database."""
    with app.app_context():
        yield


_counter = itertools.count(1)


def unique_phone() -> str:
    return f"139{next(_counter):08d}"


def valid_credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    first17 = f"91150105MA{n:07d}"
    return first17 + credit_code_check_char(first17)


class Builders:
    """Test data with sensible defaults: ``make.seeker(birth_year=1990)``."""

    def user(self, role: str, **kw) -> models.User:
        user = models.User(
            role=role,
            phone=kw.pop("phone", None),
            email=kw.pop("email", None),
            password_hash=_hash(kw.pop("password", PASSWORD)),
            display_name=kw.pop("display_name", role),
        )
        db.session.add(user)
        db.session.commit()
        return user

    def staff(self, role: str = "staff", **kw) -> models.User:
        return self.user(role, email=kw.pop("email", f"{role}{next(_counter)}@bureau.test"), **kw)

    def seeker(self, **kw) -> models.SeekerProfile:
        user = self.user(
            "seeker", phone=kw.pop("phone", unique_phone()), password=kw.pop("password", PASSWORD)
        )
        fields = dict(
            name="巴特尔",
            birth_year=1990,
            district_code="150105",
            occupation_codes=["D01"],
            availability=["full_time"],
            consent_version="2026-11",
            consent_at=datetime.now(UTC),
        )
        fields.update(kw)
        profile = models.SeekerProfile(user_id=user.id, **fields)
        db.session.add(profile)
        db.session.commit()
        return profile

    def employer(self, status: str = "verified", **kw) -> models.Employer:
        fields = dict(
            name=f"测试配送服务有限公司{next(_counter)}",
            credit_code=valid_credit_code(),
            trade="delivery",
            district_code="150105",
            address="赛罕区大学东街1号",
            contact_name="王经理",
            contact_phone=unique_phone(),
            status=status,
        )
        fields.update(kw)
        employer = models.Employer(**fields)
        db.session.add(employer)
        db.session.commit()
        return employer

    def member(self, employer: models.Employer | None = None, **kw) -> models.User:
        employer = employer or self.employer()
        user = self.user(
            "employer", email=kw.pop("email", f"hr{next(_counter)}@company.test"), **kw
        )
        db.session.add(models.EmployerMember(employer_id=employer.id, user_id=user.id))
        db.session.commit()
        return user

    def posting(self, employer: models.Employer | None = None, **kw) -> models.Posting:
        employer = employer or self.employer()
        fields = dict(
            title="外卖骑手",
            occupation_code="D01",
            trade="delivery",
            description="负责赛罕区外卖配送。",
            district_code="150105",
            pay_min=6000,
            pay_max=9000,
            pay_unit="month",
            schedule=["full_time"],
            headcount=5,
            min_age=18,
            status="open",
            published_at=datetime.now(UTC),
        )
        fields.update(kw)
        posting = models.Posting(employer_id=employer.id, **fields)
        db.session.add(posting)
        db.session.commit()
        return posting


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method="pbkdf2:sha256:1")


@pytest.fixture
def make(ctx):
    return Builders()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, identifier: str, password: str = PASSWORD):
        return self.client.post(
            "/auth/login", data={"identifier": identifier, "password": password}
        )

    def login_as(self, user: models.User, password: str = PASSWORD):
        response = self.login(user.phone or user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return Auth(client)
