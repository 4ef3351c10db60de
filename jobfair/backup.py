"""flask commands backup PATH and restore PATH.

SQLite (the default database in the instance folder): SQLite's online backup API copies a
consistent snapshot page by page while the app keeps serving; writers are not stopped (the
database runs in WAL mode). The copy is one self-contained file, readable only by its owner:
it holds names and phone numbers. ``restore`` checks that the file is a jobfair backup (a
SQLite database with Alembic's version table) and refuses to overwrite a database that has
rows unless ``--force``.

PostgreSQL: the commands print the ``pg_dump`` / ``pg_restore`` command lines for the
configured database (the password hidden) and exit with status 2; they do not pretend.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from .extensions import db

NOT_SQLITE = 2  # exit status of backup/restore on PostgreSQL


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    tables: int
    rows: int
    seconds: float


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _count_rows(conn: sqlite3.Connection, tables: list[str]) -> int:
    return sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)


def _revision(conn: sqlite3.Connection) -> str | None:
    if "alembic_version" not in _user_tables(conn):
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def describe_backup(path: Path) -> BackupInfo:
    """Check that ``path`` is an intact jobfair backup and say what it holds."""
    started = time.perf_counter()
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    try:
        conn = _connect_read_only(path)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is a damaged SQLite database.")
            revision = _revision(conn)
            tables = [t for t in _user_tables(conn) if t != "alembic_version"]
            rows = _count_rows(conn, tables)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{path} is not a SQLite database ({e}).") from e
    if revision is None:
        raise BackupError(f"{path} is not a jobfair backup: it has no alembic_version table.")
    return BackupInfo(path, revision, len(tables), rows, time.perf_counter() - started)


def backup_sqlite(database: Path, target: Path) -> BackupInfo:
    """Copy the live database ``database`` to ``target`` with the online backup API.

    One step copies every page inside one read transaction: the copy is the database as
    it was at one moment, whatever other connections are writing (WAL lets them go on).
    The file is written beside ``target`` first and renamed into place when complete.
    """
    started = time.perf_counter()
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = _connect_read_only(database)
    try:
        copy = sqlite3.connect(partial)
        try:
            partial.chmod(0o600)
            source.backup(copy)
            # a rollback-journal file: the backup stays one file, with no -wal beside it
            copy.execute("PRAGMA journal_mode=DELETE")
            revision = _revision(copy)
            tables = [t for t in _user_tables(copy) if t != "alembic_version"]
            rows = _count_rows(copy, tables)
        finally:
            copy.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    partial.replace(target)
    return BackupInfo(target, revision or "-", len(tables), rows, time.perf_counter() - started)


def database_rows(database: Path) -> int:
    """Rows in every table but Alembic's (0 for a missing or new database)."""
    if not database.is_file():
        return 0
    conn = _connect_read_only(database)
    try:
        return _count_rows(conn, [t for t in _user_tables(conn) if t != "alembic_version"])
    finally:
        conn.close()


def restore_sqlite(backup: Path, database: Path, force: bool = False) -> BackupInfo:
    """Replace the database ``database`` with the backup ``backup`` (checked first).

    Refuses when the database has rows, unless ``force``. The online backup API writes
    the whole database inside one write transaction: other connections see the old
    database or the restored one, never a mixture.
    """
    info = describe_backup(backup)
    started = time.perf_counter()
    if not force:
        rows = database_rows(database)
        if rows:
            raise BackupError(
                f"The database {database} is not empty ({rows} rows); "
                "restore --force replaces it with the backup."
            )
    database.parent.mkdir(parents=True, exist_ok=True)
    source = _connect_read_only(backup)
    try:
        target = sqlite3.connect(database, timeout=15)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    seconds = time.perf_counter() - started
    return BackupInfo(database, info.revision, info.tables, info.rows, seconds)


def pg_commands(url: URL, path: str) -> tuple[str, str]:
    """The pg_dump and pg_restore command lines for ``url``, its password hidden."""
    shown = url.set(drivername="postgresql").render_as_string(hide_password=True)
    dump = f"pg_dump --format=custom --no-owner --file={path} '{shown}'"
    restore = (
        "pg_restore --clean --if-exists --no-owner --single-transaction "
        f"--dbname='{shown}' {path}"
    )
    return dump, restore


def _sqlite_file() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _print_pg(dump_or_restore: str, path: str) -> None:
    dump, restore = pg_commands(db.engine.url, path)
    click.echo(
        f"The database is PostgreSQL: {dump_or_restore} with PostgreSQL's own tool "
        "(the password from PGPASSWORD or ~/.pgpass), not with this command:",
        err=True,
    )
    click.echo(dump if dump_or_restore == "back it up" else restore)
    raise SystemExit(NOT_SQLITE)


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path: Path, force: bool) -> None:
    """Copy the SQLite database to PATH (a file, or a folder for a dated file), safely
    while the app runs. On PostgreSQL: print the pg_dump command."""
    database = _sqlite_file()
    if database is None:
        _print_pg("back it up", str(path))
    if path.is_dir():
        path = path / f"jobfair-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; --force overwrites it.")
    try:
        info = backup_sqlite(database, path)
    except BackupError as e:
        raise click.ClickException(str(e)) from e
    size = path.stat().st_size / 1e6
    click.echo(
        f"Backed up {database} to {info.path} in {info.seconds:.1f} s: {info.tables} tables, "
        f"{info.rows} rows, {size:.1f} MB, schema revision {info.revision}."
    )


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that has rows.")
def restore_command(path: Path, force: bool) -> None:
    """Replace the SQLite database with the backup PATH (checked first). On PostgreSQL:
    print the pg_restore command."""
    database = _sqlite_file()
    if database is None:
        _print_pg("restore it", str(path))
    db.session.remove()
    db.engine.dispose()  # this process's pooled connections hold the old database open
    try:
        info = restore_sqlite(path, database, force=force)
    except BackupError as e:
        raise click.ClickException(str(e)) from e
    from .services.live_index import live_index

    live_index().discard_snapshot()  # an index of the database the backup replaced
    click.echo(
        f"Restored {path} into {database} in {info.seconds:.1f} s: {info.tables} tables, "
        f"{info.rows} rows, schema revision {info.revision}. Run `flask --app jobfair "
        "db-upgrade` if the backup is older than this version, then restart the app."
    )


COMMANDS = (backup_command, restore_command)
