"""The extensions' wiring: SQLite enforces foreign keys (jobfair/extensions.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, inspect

import models
from jobfair.extensions import db


def test_sqlite_enforces_foreign_keys(app, ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only pragma")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.engine.begin() as conn:
            conn.execute(
                insert(models.EmployerMember).values(
                    employer_id=999, user_id=999, created_at=models.utcnow()
                )
            )
    assert inspect(db.engine).has_table("user")
