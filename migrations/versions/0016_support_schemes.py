"""policy matching: support schemes as data, and the seekers' consented policy facts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 07:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'support_scheme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('conditions', sa.JSON(), nullable=False),
        sa.Column('benefit', sa.Text(), nullable=False),
        sa.Column('documents', sa.Text(), nullable=False),
        sa.Column('where_to_apply', sa.String(length=300), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('source_title', sa.String(length=200), nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_support_scheme')),
        sa.UniqueConstraint('name', name=op.f('uq_support_scheme_name')),
    )
    op.create_table(
        'seeker_policy_facts',
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('consent_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('hukou_region', sa.String(length=6), nullable=True),
        sa.Column('registered_unemployed', sa.Boolean(), nullable=True),
        sa.Column('graduation_year', sa.Integer(), nullable=True),
        sa.Column('pilot_platform_worker', sa.Boolean(), nullable=True),
        sa.Column('employment_difficulty', sa.Boolean(), nullable=True),
        sa.Column('flexible_employed', sa.Boolean(), nullable=True),
        sa.Column('starting_business', sa.Boolean(), nullable=True),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['seeker_id'],
            ['seeker_profile.id'],
            name=op.f('fk_seeker_policy_facts_seeker_id_seeker_profile'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('seeker_id', name=op.f('pk_seeker_policy_facts')),
    )


def downgrade() -> None:
    op.drop_table('seeker_policy_facts')
    op.drop_table('support_scheme')
