"""statistics: a fair's applications counted per posting and per seeker by state

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 06:10:00.000000
"""

from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the two composite indexes lead with fair_id, so they also serve the foreign key
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(
            'ix_application_fair_posting_status', ['fair_id', 'posting_id', 'status']
        )
        batch_op.create_index(
            'ix_application_fair_seeker_status', ['fair_id', 'seeker_id', 'status']
        )
        batch_op.drop_index('ix_application_fair_id')


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index('ix_application_fair_id', ['fair_id'])
        batch_op.drop_index('ix_application_fair_seeker_status')
        batch_op.drop_index('ix_application_fair_posting_status')
