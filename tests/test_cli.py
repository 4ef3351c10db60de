"""Migrations and the flask commands (jobfair/cli.py)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, insert, select, text

import models
from jobfair import create_app
from jobfair.cli import alembic_config
from jobfair.extensions import db
from tests.helpers.config import TEST_CONFIG


@pytest.fixture
def bare_app(backend, tmp_path, request):
    """An app on an empty database (no tables), for migration and command tests."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_schema")
    else:
        url = f"sqlite:///{tmp_path / 'bare.sqlite3'}"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        if backend == "postgres":
            _drop_everything()
    yield app
    with app.app_context():
        if backend == "postgres":
            _drop_everything()
            models.Base.metadata.create_all(db.engine)  # leave the schema the other tests expect
        db.session.remove()
        db.engine.dispose()


def _drop_everything():
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def test_migrations_build_exactly_the_models_schema(bare_app):
    result = bare_app.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0, result.output
    with bare_app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), models.Base.metadata
        )
        assert diff == []
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head


def test_upgrade_again_keeps_rows(bare_app):
    runner = bare_app.test_cli_runner()
    assert runner.invoke(args=["db-upgrade"]).exit_code == 0
    with bare_app.app_context():
        with db.engine.begin() as conn:
            conn.execute(
                insert(models.User).values(
                    role="staff",
                    email="a@b.cn",
                    password_hash="x",
                    display_name="a",
                    active=True,
                    created_at=models.utcnow(),
                )
            )
        assert runner.invoke(args=["db-upgrade"]).exit_code == 0
        assert db.session.scalar(select(func.count()).select_from(models.User)) == 1


def test_seed_demo_fills_an_empty_database_once(bare_app):
    runner = bare_app.test_cli_runner()
    assert runner.invoke(args=["db-upgrade"]).exit_code == 0
    result = runner.invoke(args=["seed-demo", "--if-empty", "--seekers", "150"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.jobfair.cn" in result.output and "13800000001" in result.output
    with bare_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(models.SeekerProfile)) == 150
        assert db.session.scalar(select(func.count()).select_from(models.Posting)) == 120
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "already has data" in again.output
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "not empty" in refused.output


def test_demo_logins_work(bare_app):
    runner = bare_app.test_cli_runner()
    runner.invoke(args=["db-upgrade"])
    runner.invoke(args=["seed-demo", "--seekers", "50"])
    client = bare_app.test_client()
    for login, home in (
        ("13800000001", "/me/"),
        ("hr01@demo.jobfair.cn", "/employer/"),
        ("staff@demo.jobfair.cn", "/staff/"),
        ("admin@demo.jobfair.cn", "/staff/"),
    ):
        response = client.post("/auth/login", data={"identifier": login, "password": "jobfair2026"})
        assert response.status_code == 302 and response.headers["Location"] == home, login
        assert client.get(home).status_code == 200
        client.post("/auth/logout")


def test_create_staff_command(bare_app):
    runner = bare_app.test_cli_runner()
    runner.invoke(args=["db-upgrade"])
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "Li.Na@Bureau.cn",
            "--name",
            "李娜",
            "--password",
            "long-enough-1",
        ]
    )
    assert result.exit_code == 0, result.output
    with bare_app.app_context():
        user = db.session.scalar(select(models.User))
        assert (user.email, user.role) == ("li.na@bureau.cn", "staff")
    dup = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "li.na@bureau.cn",
            "--name",
            "x",
            "--password",
            "long-enough-1",
        ]
    )
    assert dup.exit_code != 0 and "已存在" in dup.output
    short = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "b@bureau.cn",
            "--name",
            "x",
            "--admin",
            "--password",
            "short",
        ]
    )
    assert short.exit_code != 0 and "密码至少8位" in short.output
