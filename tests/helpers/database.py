"""Reading the test database: counting rows, snapshots of every table and putting them back."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

import models
from jobfair.extensions import db


def count(model, *where) -> int:
    """Rows of ``model`` (that match ``where``)."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    db.session.expire_all()
    rows = {}
    with db.engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            order = ", ".join(c.name for c in table.primary_key.columns) or "1"
            query = text(f'SELECT * FROM "{table.name}" ORDER BY {order}')
            rows[table.name] = [tuple(r) for r in conn.execute(query)]
    return rows


def restore(rows: dict[str, list[tuple]]) -> None:
    """Put the database back to ``rows`` (raw values, as ``snapshot`` read them)."""
    with db.engine.begin() as conn:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        for table in reversed(models.Base.metadata.sorted_tables):
            conn.execute(table.delete())
        for table in models.Base.metadata.sorted_tables:
            if rows[table.name]:
                marks = ", ".join([mark] * len(table.columns))
                values = [  # PostgreSQL's driver decodes JSON columns: encode them again
                    tuple(json.dumps(v) if isinstance(v, list | dict) else v for v in row)
                    for row in rows[table.name]
                ]
                conn.exec_driver_sql(f'INSERT INTO "{table.name}" VALUES ({marks})', values)
