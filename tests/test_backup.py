"""flask backup PATH / restore PATH (jobfair/backup.py): SQLite's online backup API;
PostgreSQL gets the pg_dump / pg_restore command lines."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from alembic import command
from sqlalchemy import select, text

import models
from jobfair import create_app
from jobfair.cli import alembic_config
from jobfair.extensions import db
from jobfair.services import unit_of_work
from tests.helpers.builders import Builders
from tests.helpers.config import TEST_CONFIG
from tests.helpers.database import snapshot
from tests.helpers.scenes import build_world


def sqlite_app(folder, schema=True):
    """An app on its own SQLite file in ``folder``: with the schema stamped at Alembic's
    head (as `db-upgrade` leaves it), or with no database file at all."""
    folder.mkdir(exist_ok=True)
    path = folder / "jobfair.sqlite3"
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}", "INSTANCE_PATH": str(folder)}
    )
    if schema:
        with app.app_context():
            models.Base.metadata.create_all(db.engine)
            with db.engine.begin() as connection:
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                command.stamp(cfg, "head")
    return app, path


@pytest.fixture
def apps(tmp_path):
    made = []

    def factory(name, schema=True):
        made.append(sqlite_app(tmp_path / name, schema))
        return made[-1]

    yield factory
    for app, _path in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def world(apps):
    """An instance with a fair, employers, seekers, applications, a question and staff."""
    app, path = apps("source")
    with app.app_context():
        build_world(Builders())
        rows = snapshot()
    return app, path, rows


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_backup_then_restore_into_an_empty_instance_finds_every_row(world, apps, tmp_path):
    app, _path, rows = world
    backup = tmp_path / "nightly.sqlite3"

    result = cli(app, "backup", str(backup))

    assert result.exit_code == 0, result.output
    assert f"to {backup}" in result.output and "schema revision" in result.output
    assert backup.stat().st_mode & 0o077 == 0  # names and phones: readable by its owner only
    empty, empty_path = apps("empty", schema=False)
    assert not empty_path.exists()
    result = cli(empty, "restore", str(backup))
    assert result.exit_code == 0, result.output
    with empty.app_context():
        restored = snapshot()
    assert restored == rows
    filled = [table for table, table_rows in rows.items() if table_rows]
    assert len(filled) >= 10 and "seeker_profile" in filled and "application" in filled


def test_backup_into_a_folder_names_a_dated_file_and_never_overwrites(world, tmp_path):
    app, _path, _rows = world
    folder = tmp_path / "backups"
    folder.mkdir()

    assert cli(app, "backup", str(folder)).exit_code == 0
    (made,) = folder.iterdir()
    assert made.name.startswith("jobfair-") and made.suffix == ".sqlite3"
    refused = cli(app, "backup", str(made))
    assert refused.exit_code == 1 and "--force" in refused.output
    assert cli(app, "backup", "--force", str(made)).exit_code == 0


def test_restore_refuses_a_database_with_rows_unless_forced(world, apps, tmp_path):
    app, _path, rows = world
    backup = tmp_path / "b.sqlite3"
    assert cli(app, "backup", str(backup)).exit_code == 0
    other, _ = apps("other")
    with other.app_context():
        Builders().seeker(name="其木格", phone="13900000123")

    refused = cli(other, "restore", str(backup))

    assert refused.exit_code == 1 and "not empty" in refused.output
    with other.app_context():
        assert [p.name for p in db.session.query(models.SeekerProfile)] == ["其木格"]
    forced = cli(other, "restore", "--force", str(backup))
    assert forced.exit_code == 0, forced.output
    with other.app_context():
        assert snapshot() == rows


def test_restore_checks_the_file_is_a_jobfair_backup(apps, tmp_path):
    app, path = apps("target")
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("not a database")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()

    for bad, why in (
        (text_file, "not a SQLite database"),
        (foreign, "not a jobfair backup"),
        (tmp_path / "missing.sqlite3", "not a file"),
    ):
        result = cli(app, "restore", str(bad))
        assert result.exit_code == 1 and why in result.output, result.output
    with app.app_context():
        assert "alembic_version" in {t for (t,) in db.session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table'"))}  # fmt: skip


def test_backup_while_another_connection_holds_an_open_write(world, tmp_path):
    """The backup neither waits for the writer nor copies its uncommitted change,
    and the writer commits afterwards as if nothing happened."""
    app, path, rows = world
    with app.app_context():
        seeker_id = db.session.scalar(select(models.SeekerProfile.id).limit(1))
    writer = sqlite3.connect(path, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE seeker_profile SET name = '未提交' WHERE id = ?", (seeker_id,))
    writer.execute("DELETE FROM question")
    backup = tmp_path / "during.sqlite3"
    try:
        result = cli(app, "backup", str(backup))
        assert result.exit_code == 0, result.output
        writer.commit()
    finally:
        writer.close()
    restored_app, _ = sqlite_app(tmp_path / "restored", schema=False)
    assert cli(restored_app, "restore", str(backup)).exit_code == 0
    with restored_app.app_context():
        assert snapshot() == rows  # as committed when the backup ran
        db.engine.dispose()
    with app.app_context():
        assert db.session.get(models.SeekerProfile, seeker_id).name == "未提交"


def test_backup_during_a_stream_of_commits_is_consistent(world, tmp_path):
    """Units of work committed while backups run: each copy is the database at one
    moment, intact, with every unit of work whole or absent."""
    app, _path, _rows = world
    stop = threading.Event()

    def keep_writing():
        with app.app_context():
            seeker = db.session.scalar(select(models.SeekerProfile).limit(1))
            booth_id = db.session.scalar(select(models.Booth.id))
            n = 0
            while not stop.is_set():
                n += 1
                with unit_of_work():  # two tables, one commit
                    seeker.intro = str(n)
                    db.session.add(models.Question(booth_id=booth_id, seeker_id=seeker.id,
                                                   text=f"q{n}"))  # fmt: skip

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        backups = [tmp_path / f"b{i}.sqlite3" for i in range(3)]
        for backup in backups:
            time.sleep(0.05)
            assert cli(app, "backup", str(backup)).exit_code == 0
    finally:
        stop.set()
        thread.join()
    writes = []
    for backup in backups:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        intro = max(int(i or 0) for (i,) in conn.execute("SELECT intro FROM seeker_profile"))
        asked = conn.execute("SELECT count(*) FROM question WHERE text LIKE 'q%'").fetchone()[0]
        conn.close()
        assert intro == asked  # the n-th intro came with the n-th question, or neither did
        writes.append(asked)
    assert writes[-1] > 0 and writes == sorted(writes)


def test_on_postgresql_the_commands_print_pg_dump_and_pg_restore(tmp_path):
    url = "postgresql://jobfair:s3cret-pw@db.internal:5432/jobfair"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})

    backup = cli(app, "backup", str(tmp_path / "jobfair.dump"))
    restore = cli(app, "restore", str(tmp_path / "jobfair.dump"))

    assert backup.exit_code == restore.exit_code == 2  # not done: nothing pretends it was
    assert "pg_dump --format=custom" in backup.output
    assert "pg_restore --clean" in restore.output
    for result in (backup, restore):
        assert "postgresql://jobfair:***@db.internal:5432/jobfair" in result.output
        assert "s3cret-pw" not in result.output
    assert not (tmp_path / "jobfair.dump").exists()
