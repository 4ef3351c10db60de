"""employers: rejection reason, resubmission, last dashboard visit (slice: employers)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resubmitted_at', models.base.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('employer_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_dashboard_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('new_since_at', models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('employer_member', schema=None) as batch_op:
        batch_op.drop_column('new_since_at')
        batch_op.drop_column('last_dashboard_at')

    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_column('resubmitted_at')
