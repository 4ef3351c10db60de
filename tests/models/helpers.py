"""Schema helpers for the model tests: migrate to a revision, a row in every table."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

import models
from jobfair.cli import alembic_config
from jobfair.extensions import db
from models.base import UTCDateTime


def migrate(revision: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) the current app's database as ``flask db-upgrade`` does."""
    with db.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_differences(connection: Connection) -> list:
    """What alembic's autogenerate would change to make the database match the models."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, models.Base.metadata)


def enum_checks() -> list[tuple[str, str, sa.CheckConstraint]]:
    """``(table, column, constraint)`` for every CHECK made by ``models.base.enum_check``."""
    return sorted(
        (
            (table.name, c.info["column"], c)
            for table in models.Base.metadata.sorted_tables
            for c in table.constraints
            if isinstance(c, sa.CheckConstraint) and "enum" in c.info
        ),
        key=lambda found: found[:2],
    )


def quoted_values(sqltext: str) -> set[str]:
    """The string literals of a CHECK as the database reports it (either backend)."""
    return set(re.findall(r"'([^']*)'", sqltext))


def leading_index_columns(inspector: sa.Inspector, table: str) -> set[str]:
    """Columns that lead an index or a unique constraint of a reflected table."""
    indexes = inspector.get_indexes(table) + inspector.get_unique_constraints(table)
    return {i["column_names"][0] for i in indexes if i["column_names"]}


def a_row_in_every_table(connection: Connection) -> dict[str, int]:
    """One valid row in each table, linked to each other; returns the main ids.

    Writes only columns that revisions 0004 to head share, and the tables of later
    revisions where they exist, so that it serves before and after an upgrade.
    """
    now = datetime.now(UTC)

    def add(model, **values) -> int:
        table = model.__table__ if hasattr(model, "__table__") else model
        result = connection.execute(sa.insert(table).values(**values))
        return result.inserted_primary_key[0]

    def user(role: str, **kw) -> int:
        return add(models.User, role=role, password_hash="x", display_name=role, **kw)

    staff = user("staff", email="staff@bureau.test")
    seeker_user = user("seeker", phone="13900000001")
    hr = user("employer", email="hr@company.test")
    seeker = add(
        models.SeekerProfile,
        user_id=seeker_user,
        name="巴特尔",
        birth_year=1990,
        district_code="150105",
        consent_version="2026-11",
        consent_at=now,
    )
    employer = add(
        models.Employer,
        name="青城即时配送有限公司",
        credit_code="91150105MA0000001X",
        trade="delivery",
        district_code="150105",
        address="赛罕区大学东街1号",
        contact_name="王经理",
        contact_phone="13900000002",
        status="verified",
        reviewed_by_id=staff,
    )
    add(models.EmployerMember, employer_id=employer, user_id=hr)
    posting = add(
        models.Posting,
        employer_id=employer,
        title="外卖骑手",
        occupation_code="D01",
        trade="delivery",
        description="负责赛罕区外卖配送。",
        district_code="150105",
        pay_min=6000,
        pay_max=9000,
        pay_unit="month",
        headcount=5,
        status="open",
    )
    fair = add(
        models.Fair,
        name="新业态招聘会",
        mode="both",
        venue="会展中心",
        district_code="150105",
        starts_at=now,
        ends_at=now + timedelta(hours=6),
        status="running",
        created_by_id=staff,
    )
    booth = add(models.Booth, fair_id=fair, employer_id=employer, label="A01", status="approved")
    add(models.booth_posting, booth_id=booth, posting_id=posting)
    add(models.FairRegistration, fair_id=fair, seeker_id=seeker, checked_in_by_id=staff)
    application = add(
        models.Application,
        posting_id=posting,
        seeker_id=seeker,
        status="interview",
        fair_id=fair,
        interview_booth_id=booth,
        interview_at=now + timedelta(hours=1),
    )
    add(
        models.ApplicationEvent,
        application_id=application,
        from_status="applied",
        to_status="interview",
        actor_user_id=hr,
    )
    add(models.Invitation, posting_id=posting, seeker_id=seeker, invited_by_id=hr)
    add(
        models.AuditEntry,
        actor_user_id=staff,
        actor_role="staff",
        action="employer.verify",
        subject_type="employer",
        subject_id=employer,
    )
    add(models.Notification, user_id=hr, text="新的申请", about_seeker_id=seeker)
    add(models.Question, booth_id=booth, seeker_id=seeker, text="需要健康证吗？")
    add(models.IndexChange, kind="seeker", entity_id=seeker)
    add(models.LoginAttempt, identifier="13900000001", ip="127.0.0.1")
    # written as a table, not a model: at 0004 it still has last_seen_at
    login_session = sa.table(
        "login_session",
        sa.column("id", sa.String),
        sa.column("user_id", sa.Integer),
        sa.column("created_at", UTCDateTime()),
        sa.column("last_seen_at", UTCDateTime()),
        sa.column("ip", sa.String),
    )
    values = {"id": "token", "user_id": seeker_user, "created_at": now, "ip": "127.0.0.1"}
    if "last_seen_at" in {c["name"] for c in sa.inspect(connection).get_columns("login_session")}:
        values["last_seen_at"] = now
    connection.execute(sa.insert(login_session).values(values))
    if sa.inspect(connection).has_table("consultation"):  # from 0006 on
        add(models.Consultation, fair_id=fair, seeker_id=seeker, topic="startup_loan",
            notes="", answered=True, staff_id=staff)  # fmt: skip
        add(models.PasswordSetupToken, token_hash="0" * 64, user_id=seeker_user,
            expires_at=now + timedelta(hours=1))  # fmt: skip
    if sa.inspect(connection).has_table("policy_article"):  # from 0011 on
        article = add(models.PolicyArticle, title="灵活就业人员社保补贴", body="**申请**",
                      status="published", author_id=staff, published_at=now)  # fmt: skip
        add(models.PolicyArticleTag, article_id=article, tag="social_insurance")
    if sa.inspect(connection).has_table("booth_queue_entry"):  # from 0015 on
        add(models.BoothQueueEntry, booth_id=booth, seeker_id=seeker, joined_at=now,
            outcome="not_a_fit", source="kiosk")  # fmt: skip
    if sa.inspect(connection).has_table("saved_posting"):  # from 0009 on
        add(models.SavedPosting, seeker_id=seeker, posting_id=posting, created_at=now)
    return {"user": staff, "employer": employer, "fair": fair, "booth": booth}


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the models that exist at the database's revision."""
    inspector = sa.inspect(connection)
    return {
        table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
        for table in models.Base.metadata.sorted_tables
        if inspector.has_table(table.name)
    }
