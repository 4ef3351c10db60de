"""fair-day kiosk: consultations, one-time password links, birth year optional

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TOPICS = (
    'injury_insurance', 'social_insurance', 'training_subsidy', 'startup_loan',
    'career_guidance', 'other',
)


def upgrade() -> None:
    op.create_table(
        'consultation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fair_id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=True),
        sa.Column('topic', sa.String(length=24), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'topic IN (' + ', '.join(f"'{t}'" for t in TOPICS) + ')',
            name=op.f('ck_consultation_topic'),
        ),
        sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_consultation_fair_id_fair'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['seeker_id'], ['seeker_profile.id'], name=op.f('fk_consultation_seeker_id_seeker_profile'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['staff_id'], ['user.id'], name=op.f('fk_consultation_staff_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_seeker_id'), ['seeker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_created_at'), ['created_at'], unique=False)

    op.create_table(
        'password_setup_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_password_setup_token_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_setup_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_setup_token_token_hash')),
    )
    with op.batch_alter_table('password_setup_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_setup_token_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('seeker_profile', schema=None) as batch_op:
        batch_op.alter_column('birth_year', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE seeker_profile SET birth_year = 1900 WHERE birth_year IS NULL")
    with op.batch_alter_table('seeker_profile', schema=None) as batch_op:
        batch_op.alter_column('birth_year', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('password_setup_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_setup_token_user_id'))
    op.drop_table('password_setup_token')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_created_at'))
        batch_op.drop_index(batch_op.f('ix_consultation_staff_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_seeker_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_fair_id'))
    op.drop_table('consultation')
