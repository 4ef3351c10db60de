"""policy articles and their tags; consultations answered later by staff (slice: policies and consultations)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TAGS = (
    'social_insurance', 'injury_insurance', 'training_subsidy', 'startup_loan',
    'career_guidance', 'employment_subsidy', 'labour_rights', 'skills_rating',
)


def upgrade() -> None:
    op.create_table(
        'policy_article',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('published_at', models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_policy_article_status')),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_policy_article_author_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_article')),
    )
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_article_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_article_published_at'), ['published_at'], unique=False)

    op.create_table(
        'policy_article_tag',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('tag', sa.String(length=24), nullable=False),
        sa.CheckConstraint(
            'tag IN (' + ', '.join(f"'{t}'" for t in TAGS) + ')',
            name=op.f('ck_policy_article_tag_tag'),
        ),
        sa.ForeignKeyConstraint(['article_id'], ['policy_article.id'], name=op.f('fk_policy_article_tag_article_id_policy_article'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('article_id', 'tag', name=op.f('pk_policy_article_tag')),
    )
    with op.batch_alter_table('policy_article_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_article_tag_tag'), ['tag'], unique=False)

    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_consultation_answered_by_id'), ['answered_by_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_consultation_answered_by_id_user'), 'user', ['answered_by_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consultation_answered_by_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_consultation_answered_by_id'))
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('answer_note')
    with op.batch_alter_table('policy_article_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_article_tag_tag'))
    op.drop_table('policy_article_tag')
    with op.batch_alter_table('policy_article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_article_published_at'))
        batch_op.drop_index(batch_op.f('ix_policy_article_author_id'))
    op.drop_table('policy_article')
