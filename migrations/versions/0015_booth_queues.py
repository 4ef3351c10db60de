"""booth queues: live queues at the booths of on-site fairs (slice: booth-queues)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 07:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'booth_queue_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booth_id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('joined_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('called_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('started_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('ended_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=True),
        sa.Column('source', sa.String(length=8), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('interview_booked', 'intention_reached', 'not_a_fit', 'left')",
            name=op.f('ck_booth_queue_entry_outcome'),
        ),
        sa.CheckConstraint(
            "source IN ('slip', 'kiosk', 'booth')", name=op.f('ck_booth_queue_entry_source')
        ),
        sa.ForeignKeyConstraint(
            ['booth_id'], ['booth.id'], name=op.f('fk_booth_queue_entry_booth_id_booth'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['seeker_id'], ['seeker_profile.id'],
            name=op.f('fk_booth_queue_entry_seeker_id_seeker_profile'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_booth_queue_entry')),
    )
    with op.batch_alter_table('booth_queue_entry', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_booth_queue_entry_booth_id'), ['booth_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_booth_queue_entry_seeker_id'), ['seeker_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('booth_queue_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booth_queue_entry_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_booth_queue_entry_booth_id'))
    op.drop_table('booth_queue_entry')
