"""enum checks, unique constraints named after all their columns, fk indexes

CHECK constraints on the status, mode, trade and role columns; every unique
constraint named by the convention ``uq_<table>_<column_0_N_name>``; indexes on
booth.employer_id and on the foreign keys set null on delete; the never-written
login_session.last_seen_at goes.

The allowed values are written out here, as they were when this revision was
made: a later enum member needs a later revision (tests/models fails until the
database agrees with the models).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


ROLES = ('seeker', 'employer', 'staff', 'admin')
APPLICATION_STATUSES = (
    'applied', 'viewed', 'shortlisted', 'interview', 'offer', 'hired', 'rejected', 'withdrawn'
)
TRADES = ('delivery', 'logistics', 'livestream', 'other')

# (table, column, allowed values); each gets the CHECK ck_<table>_<column>
CHECKS = (
    ('user', 'role', ROLES),
    ('employer', 'status', ('pending', 'verified', 'rejected')),
    ('employer', 'trade', TRADES),
    ('posting', 'status', ('draft', 'open', 'closed')),
    ('posting', 'trade', TRADES),
    ('fair', 'mode', ('online', 'onsite', 'both')),
    ('fair', 'status', ('draft', 'published', 'running', 'closed')),
    ('booth', 'status', ('requested', 'approved', 'declined')),
    ('application', 'status', APPLICATION_STATUSES),
    ('application_event', 'from_status', APPLICATION_STATUSES),
    ('application_event', 'to_status', APPLICATION_STATUSES),
    ('audit_entry', 'actor_role', ROLES),
)

# (table, old name, new name, columns)
UNIQUES = (
    ('booth', 'uq_booth_fair_id', 'uq_booth_fair_id_employer_id', ['fair_id', 'employer_id']),
    ('fair_registration', 'uq_fair_registration_fair_id',
     'uq_fair_registration_fair_id_seeker_id', ['fair_id', 'seeker_id']),
    ('application', 'uq_application_posting_id',
     'uq_application_posting_id_seeker_id', ['posting_id', 'seeker_id']),
    ('application', 'uq_application_booth_slot',
     'uq_application_interview_booth_id_interview_at', ['interview_booth_id', 'interview_at']),
    ('invitation', 'uq_invitation_posting_id',
     'uq_invitation_posting_id_seeker_id', ['posting_id', 'seeker_id']),
)

# (table, column): a new index ix_<table>_<column>; application.interview_booth_id
# leads uq_application_interview_booth_id_interview_at and needs none
INDEXES = (
    ('booth', 'employer_id'),
    ('employer', 'reviewed_by_id'),
    ('fair', 'created_by_id'),
    ('fair_registration', 'checked_in_by_id'),
    ('application', 'fair_id'),
    ('application_event', 'actor_user_id'),
    ('invitation', 'invited_by_id'),
    ('audit_entry', 'actor_user_id'),
)

TABLES = ('user', 'employer', 'posting', 'fair', 'booth', 'fair_registration', 'application',
          'application_event', 'invitation', 'audit_entry')


def _in_list(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in allowed)})"


def refuse_values_outside_checks() -> None:
    """Stop, before any change, when a row holds a value that a new CHECK refuses.

    Names each table, column and value with its number of rows, so the operator
    can correct them and run the upgrade again.
    """
    bind = op.get_bind()
    found = []
    for table, column, allowed in CHECKS:
        t = sa.table(table, sa.column(column))
        c = t.c[column]
        rows = bind.execute(
            sa.select(c, sa.func.count()).where(c.is_not(None), c.not_in(allowed)).group_by(c)
        ).all()
        found += [f'  {table}.{column} = {value!r}: {n} row(s); allowed: {", ".join(allowed)}'
                  for value, n in rows]
    if found:
        raise models.base.UpgradeRefused(
            'Upgrade 0005 stopped before changing anything: these rows hold values that the new '
            'CHECK constraints refuse. Correct them, then upgrade again.\n' + '\n'.join(found)
        )


def upgrade() -> None:
    refuse_values_outside_checks()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, old, new, columns in UNIQUES:
                if t == table:
                    batch_op.drop_constraint(op.f(old), type_='unique')
                    batch_op.create_unique_constraint(op.f(new), columns)
            for t, column in INDEXES:
                if t == table:
                    batch_op.create_index(op.f(f'ix_{table}_{column}'), [column], unique=False)
            for t, column, allowed in CHECKS:
                if t == table:
                    batch_op.create_check_constraint(
                        op.f(f'ck_{table}_{column}'), _in_list(column, allowed)
                    )

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')


def downgrade() -> None:
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', models.base.UTCDateTime(timezone=True), nullable=True))
    op.execute('UPDATE login_session SET last_seen_at = created_at')
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.alter_column('last_seen_at', existing_type=models.base.UTCDateTime(timezone=True),
                              nullable=False)

    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, column, _allowed in CHECKS:
                if t == table:
                    batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
            for t, column in INDEXES:
                if t == table:
                    batch_op.drop_index(op.f(f'ix_{table}_{column}'))
            for t, old, new, columns in UNIQUES:
                if t == table:
                    batch_op.drop_constraint(op.f(new), type_='unique')
                    batch_op.create_unique_constraint(op.f(old), columns)
