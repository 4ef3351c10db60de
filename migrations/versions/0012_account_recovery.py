"""accounts: password reset and change of mobile (slice: accounts)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base  # noqa: F401


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a one-time link sets a first password (kiosk slip) or a new one (forgotten password)
    with op.batch_alter_table('password_setup_token', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'purpose', sa.String(length=16), server_default='first_password', nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('password_setup_token', schema=None) as batch_op:
        batch_op.drop_column('purpose')
