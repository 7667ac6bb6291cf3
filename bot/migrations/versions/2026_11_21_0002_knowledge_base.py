"""knowledge base: topics, referral targets, answers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_topics",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
    )
    op.create_table(
        "kb_targets",
        sa.Column("id", sa.String(length=100), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("coverage", sa.JSON(), nullable=False),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("opening_hours", sa.JSON(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("verified", sa.Date(), nullable=False),
    )
    op.create_table(
        "kb_answers",
        sa.Column("key", sa.String(length=100), primary_key=True),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("verified", sa.Date(), nullable=False),
        sa.Column("review_by", sa.Date(), nullable=True),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "kb_state",
        sa.Column("id", sa.String(length=16), primary_key=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("kb_state", "kb_answers", "kb_targets", "kb_topics"):
        op.drop_table(table)
