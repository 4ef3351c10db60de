"""The migrations build the models' schema, go down and up again, and keep every row."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

import models
from jobfair import ROOT
from jobfair.extensions import db
from tests.models.helpers import (
    a_row_in_every_table,
    current_revision,
    enum_checks,
    migrate,
    quoted_values,
    row_counts,
    schema_differences,
)

HEAD = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
NEW_IN_0006 = {  # and later
    "consultation", "password_setup_token", "phone_code", "policy_article", "policy_article_tag",
    "saved_posting", "api_token", "booth_queue_entry", "support_scheme", "seeker_policy_facts",
}


def assert_schema_is_the_models(connection) -> None:
    assert schema_differences(connection) == []
    # autogenerate does not compare CHECK constraints: compare them here, by
    # name and by the values they allow (a new enum member needs a migration)
    inspector = sa.inspect(connection)
    for table in models.Base.metadata.sorted_tables:
        reflected = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table.name)}
        expected = {c.name for c in table.constraints if isinstance(c, sa.CheckConstraint)}
        assert set(reflected) == expected, table.name
    for table, _column, constraint in enum_checks():
        reflected = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints(table)}
        allowed = {member.value for member in constraint.info["enum"]}
        assert quoted_values(reflected[constraint.name]) == allowed, constraint.name


def test_db_upgrade_builds_exactly_the_models_schema(bare_app):
    result = bare_app.test_cli_runner().invoke(args=["db-upgrade"])
    assert result.exit_code == 0, result.output
    with bare_app.app_context(), db.engine.connect() as conn:
        assert current_revision(conn) == HEAD
        assert_schema_is_the_models(conn)


def test_upgrade_downgrade_upgrade(bare_app):
    with bare_app.app_context():
        migrate("head")
        with db.engine.begin() as conn:
            a_row_in_every_table(conn)
            before = row_counts(conn)

        migrate("0004", down=True)
        with db.engine.connect() as conn:
            assert current_revision(conn) == "0004"
            inspector = sa.inspect(conn)
            assert "last_seen_at" in {c["name"] for c in inspector.get_columns("login_session")}
            assert not [c for c in inspector.get_check_constraints("user")]
            assert {u["name"] for u in inspector.get_unique_constraints("booth")} == {
                "uq_booth_fair_id",
                "uq_booth_fair_id_label",
            }
            assert row_counts(conn) == {t: n for t, n in before.items() if t not in NEW_IN_0006}
            assert not sa.inspect(conn).has_table("consultation")

        migrate("head")
        with db.engine.connect() as conn:
            assert current_revision(conn) == HEAD
            assert_schema_is_the_models(conn)
            # the tables of later revisions come back empty; every other row stays
            assert row_counts(conn) == {**before, **dict.fromkeys(NEW_IN_0006, 0)}


def test_upgrade_to_0005_keeps_every_row(bare_app):
    """On SQLite, batch mode copies ``user`` and ``booth``: nothing may cascade."""
    with bare_app.app_context():
        migrate("0004")
        with db.engine.begin() as conn:
            a_row_in_every_table(conn)
            before = row_counts(conn)
        assert all(before.values())
        migrate("head")
        with db.engine.connect() as conn:
            after = row_counts(conn)
            assert {table: after[table] for table in before} == before
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            application = models.Application.__table__
            assert conn.scalar(sa.select(application.c.interview_booth_id)) is not None
        # the app's own connections still enforce foreign keys afterwards
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.insert(models.EmployerMember).values(employer_id=999, user_id=999))


def test_upgrade_names_the_rows_a_new_check_refuses(bare_app):
    with bare_app.app_context():
        migrate("0004")
        with db.engine.begin() as conn:
            ids = a_row_in_every_table(conn)
            conn.execute(
                sa.update(models.Employer)
                .values(trade="catering")
                .where(models.Employer.id == ids["employer"])
            )
            conn.execute(sa.update(models.Booth).values(status="waiting"))
        result = bare_app.test_cli_runner().invoke(args=["db-upgrade"])
        assert result.exit_code == 1
        message = result.output  # the operator reads what to correct, not a traceback
        assert "Error: Upgrade 0005 stopped before changing anything" in message
        assert "Traceback" not in message
        assert "employer.trade = 'catering': 1 row(s)" in message
        assert "booth.status = 'waiting': 1 row(s)" in message
        assert "delivery, logistics, livestream, other" in message
        with db.engine.connect() as conn:
            assert current_revision(conn) == "0004"
            assert {u["name"] for u in sa.inspect(conn).get_unique_constraints("booth")} == {
                "uq_booth_fair_id",
                "uq_booth_fair_id_label",
            }

        # corrected, the upgrade goes through
        with db.engine.begin() as conn:
            conn.execute(sa.update(models.Employer).values(trade="other"))
            conn.execute(sa.update(models.Booth).values(status="requested"))
        result = bare_app.test_cli_runner().invoke(args=["db-upgrade"])
        assert result.exit_code == 0, result.output
