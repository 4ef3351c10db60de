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


# -- rebuild-index: `make run` keeps a current snapshot --------------------------------


@pytest.fixture
def index_app(backend, tmp_path, request):
    """An app with matcher snapshots on, on a migrated database with a little demo data."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_schema")
    else:
        url = f"sqlite:///{tmp_path / 'index.sqlite3'}"
    config = {**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path),
              "MATCHER_SNAPSHOTS": True, "MATCHER_FOLDER": str(tmp_path / "index")}  # fmt: skip
    app = create_app(config)
    with app.app_context():
        if backend == "postgres":
            _drop_everything()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db-upgrade"]).exit_code == 0
    result = runner.invoke(args=["seed-demo", "--seekers", "40"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        if backend == "postgres":
            _drop_everything()
            models.Base.metadata.create_all(db.engine)
        db.session.remove()
        db.engine.dispose()


def _snapshot(app):
    """The snapshot file's identity: a refit writes a new file (a rename), a load does not."""
    path = app.extensions["jobfair.index"].snapshot
    return (path.stat().st_ino, path.stat().st_mtime_ns) if path.exists() else None


def _index(app, *flags):
    result = app.test_cli_runner().invoke(args=["rebuild-index", *flags])
    assert result.exit_code == 0, result.output
    return result.output


def test_if_stale_refits_when_there_is_no_snapshot(index_app):
    assert _snapshot(index_app) is None
    output = _index(index_app, "--if-stale")
    assert "Index snapshot missing: refitting." in output and "40 seeker rows" in output
    assert _snapshot(index_app) is not None


def test_if_stale_loads_a_current_snapshot_and_replays_the_change_log(index_app):
    _index(index_app)
    written = _snapshot(index_app)
    with index_app.app_context():
        seeker = db.session.scalar(select(models.SeekerProfile).order_by(models.SeekerProfile.id))
        seeker.district_code = "150603"
        from jobfair.services import live_index

        live_index.seeker_changed(seeker.id)
        db.session.commit()
    output = _index(index_app, "--if-stale")
    assert "Index snapshot is current" in output and "replayed 1 change-log rows" in output
    assert "40 seekers, 120 postings; not refitted" in output
    assert _snapshot(index_app) == written  # not written again
    with index_app.app_context():  # and the loaded index is the one a worker then uses
        index = index_app.extensions["jobfair.index"]
        matcher = index.current()
        assert index.cursor >= 1 and matcher.seekers_.n >= 40


def test_force_refits_a_current_snapshot(index_app):
    _index(index_app)
    written = _snapshot(index_app)
    output = _index(index_app, "--force")
    assert "Index rebuilt" in output and "not refitted" not in output
    assert _snapshot(index_app) != written


def test_if_stale_refits_a_snapshot_of_an_older_format(index_app, monkeypatch):
    from matching import snapshot

    monkeypatch.setattr(snapshot, "FORMAT", snapshot.FORMAT - 1)
    _index(index_app)  # written as the previous format
    monkeypatch.undo()
    output = _index(index_app, "--if-stale")
    assert "Index snapshot older format" in output and "Index rebuilt" in output
    output = _index(index_app, "--if-stale")
    assert "not refitted" in output  # the refit wrote the current format


def test_if_stale_refits_a_snapshot_of_another_database(index_app):
    from matching.matcher import Matcher

    _index(index_app)
    path = index_app.extensions["jobfair.index"].snapshot
    other = Matcher.load(path)  # the same change-log position, other people in it
    for seeker_id in range(1, 6):
        other.remove_seeker(seeker_id)
    other.save(path)
    output = _index(index_app, "--if-stale")
    assert "not of this database (it holds 35 seekers and 120 postings, the database 40" in output
    assert "Index rebuilt" in output and "40 seeker rows" in output


def test_seed_demo_forgets_the_snapshot_of_the_database_it_replaces(index_app, tmp_path):
    _index(index_app)
    assert _snapshot(index_app) is not None
    with index_app.app_context():
        db.session.remove()
        db.engine.dispose()
        if db.engine.dialect.name == "sqlite":
            (tmp_path / "index.sqlite3").unlink()
        else:
            _drop_everything()
    runner = index_app.test_cli_runner()
    assert runner.invoke(args=["db-upgrade"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--seekers", "30"]).exit_code == 0
    assert _snapshot(index_app) is None
    assert "30 seeker rows" in _index(index_app, "--if-stale")
