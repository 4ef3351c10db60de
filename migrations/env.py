"""Alembic environment: the schema is models.Base.metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys_off(connection)
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _sqlite_check_foreign_keys(connection)
    finally:
        if sqlite:
            _sqlite_foreign_keys_on(connection)


def _sqlite_foreign_keys_off(connection) -> None:
    """Turn SQLite's foreign keys off for the migration.

    Batch mode copies a table, drops the original and renames the copy; with
    foreign keys on, dropping ``user`` or ``booth`` would cascade to every row
    that refers to them. The pragma only takes effect outside a transaction, so
    this runs before anything else.
    """
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "SQLite migrations must start outside a transaction "
            "(foreign keys could not be turned off; rows would be lost)"
        )


def _sqlite_check_foreign_keys(connection) -> None:
    """Refuse to finish a migration that left rows pointing at nothing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        listed = ", ".join(sorted({f"{row[0]} -> {row[2]}" for row in broken}))
        raise RuntimeError(f"the migration left rows with broken foreign keys: {listed}")


def _sqlite_foreign_keys_on(connection) -> None:
    """Foreign keys on again; inside the migration's transaction the pragma has no
    effect, and the connection is then closed after use instead of going back to
    the pool, so that no later request runs without foreign keys."""
    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    if not connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        connection.detach()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
