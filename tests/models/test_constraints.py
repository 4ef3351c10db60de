"""The database refuses what the enums do not allow; constraints are named by convention;
the foreign keys that are set null on delete are indexed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import models
from jobfair.cli import upgrade_database
from jobfair.extensions import db
from matching import taxonomy
from models.base import enum_values
from tests.models.helpers import a_row_in_every_table, enum_checks, leading_index_columns

ENUM_COLUMNS = {
    ("application", "status"): models.ApplicationStatus,
    ("application_event", "from_status"): models.ApplicationStatus,
    ("application_event", "to_status"): models.ApplicationStatus,
    ("audit_entry", "actor_role"): models.Role,
    ("booth", "status"): models.BoothStatus,
    ("booth_queue_entry", "outcome"): models.QueueOutcome,
    ("booth_queue_entry", "source"): models.QueueSource,
    ("consultation", "topic"): models.ConsultationTopic,
    ("employer", "status"): models.EmployerStatus,
    ("employer", "trade"): models.Trade,
    ("fair", "mode"): models.FairMode,
    ("fair", "status"): models.FairStatus,
    ("policy_article", "status"): models.PolicyStatus,
    ("policy_article_tag", "tag"): models.PolicyTag,
    ("posting", "status"): models.PostingStatus,
    ("posting", "trade"): models.Trade,
    ("user", "role"): models.Role,
}


def test_every_status_mode_trade_and_role_column_has_its_enum_check():
    found = {(table, column): c.info["enum"] for table, column, c in enum_checks()}
    assert found == ENUM_COLUMNS
    named_like_one = {
        (table.name, column.name)
        for table in models.Base.metadata.sorted_tables
        for column in table.columns
        if column.name.split("_")[-1] in ("status", "mode", "trade", "role")
    }
    assert named_like_one <= set(ENUM_COLUMNS)  # and topic columns, named otherwise
    for table, column, constraint in enum_checks():
        assert constraint.name == f"ck_{table}_{column}"


def test_trades_are_the_taxonomy_trades():
    assert list(enum_values(models.Trade)) == list(taxonomy.TRADES)


def test_unique_constraints_are_named_after_all_their_columns():
    for table in models.Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, sa.UniqueConstraint):
                columns = "_".join(c.name for c in constraint.columns)
                assert constraint.name == f"uq_{table.name}_{columns}"


def test_foreign_keys_set_null_on_delete_have_an_index_in_the_models():
    for table in models.Base.metadata.sorted_tables:
        indexes = [*table.indexes, *table.constraints]
        leading = {
            i.columns[0].name for i in indexes if isinstance(i, sa.Index | sa.UniqueConstraint)
        }
        for fk in table.foreign_keys:
            if fk.ondelete == "SET NULL":
                assert fk.parent.name in leading, f"{table.name}.{fk.parent.name}"
    assert models.Booth.__table__.c.employer_id.index


@pytest.fixture(params=["models", "migrations"])
def schema_app(request, bare_app):
    """The app with its schema made by ``create_all`` or by the migrations."""
    with bare_app.app_context():
        if request.param == "models":
            models.Base.metadata.create_all(db.engine)
        else:
            upgrade_database()
    return bare_app


def test_database_refuses_values_outside_the_enum(schema_app):
    with schema_app.app_context():
        with db.engine.begin() as conn:
            a_row_in_every_table(conn)
        for table, column, constraint in enum_checks():
            t = models.Base.metadata.tables[table]
            with pytest.raises(IntegrityError) as refused, db.engine.begin() as conn:
                conn.execute(sa.update(t).values({column: "bogus"}))  # fits every column
            assert constraint.name in str(refused.value.orig), refused.value.orig
        # and every member of the enum is accepted
        with db.engine.connect() as conn, conn.begin() as transaction:
            for table, column, constraint in enum_checks():
                t = models.Base.metadata.tables[table]
                for value in enum_values(constraint.info["enum"]):
                    conn.execute(sa.update(t).values({column: value}))
            transaction.rollback()


def test_index_on_every_foreign_key_set_null_on_delete(schema_app):
    with schema_app.app_context():
        inspector = sa.inspect(db.engine)
        for table in models.Base.metadata.sorted_tables:
            leading = leading_index_columns(inspector, table.name)
            for fk in table.foreign_keys:
                if fk.ondelete == "SET NULL":
                    assert fk.parent.name in leading, f"{table.name}.{fk.parent.name}"
        new = {
            "booth": "ix_booth_employer_id",
            "employer": "ix_employer_reviewed_by_id",
            "fair": "ix_fair_created_by_id",
            "fair_registration": "ix_fair_registration_checked_in_by_id",
            "application": "ix_application_fair_posting_status",  # since 0013
            "application_event": "ix_application_event_actor_user_id",
            "invitation": "ix_invitation_invited_by_id",
            "audit_entry": "ix_audit_entry_actor_user_id",
        }
        for table, index in new.items():
            assert index in {i["name"] for i in inspector.get_indexes(table)}, index
