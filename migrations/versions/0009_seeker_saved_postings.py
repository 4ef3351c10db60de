"""seekers: saved postings (slice: seekers)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_posting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('posting_id', sa.Integer(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['posting_id'], ['posting.id'],
            name=op.f('fk_saved_posting_posting_id_posting'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['seeker_id'], ['seeker_profile.id'],
            name=op.f('fk_saved_posting_seeker_id_seeker_profile'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_posting')),
        sa.UniqueConstraint(
            'seeker_id', 'posting_id', name=op.f('uq_saved_posting_seeker_id_posting_id')
        ),
    )
    with op.batch_alter_table('saved_posting', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_saved_posting_posting_id'), ['posting_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('saved_posting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_posting_posting_id'))
    op.drop_table('saved_posting')
