"""hand-over: centers, counselors, cases, callback requests, audit log; conversation owner

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=16), nullable=False, server_default="bot"))
    op.create_table(
        "centers",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("office_hours", sa.JSON(), nullable=False),
        sa.Column("is_default", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "counselors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(length=64), nullable=False, unique=True),
        sa.Column("first_name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "counselor_centers",
        sa.Column(
            "counselor_id", sa.Integer(), sa.ForeignKey("counselors.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "center_id",
            sa.String(length=64),
            sa.ForeignKey("centers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_table(
        "handover_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("center_id", sa.String(length=64), sa.ForeignKey("centers.id"), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("summary_de", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.Integer(), sa.ForeignKey("counselors.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_handover_cases_conversation_id", "handover_cases", ["conversation_id"])
    op.create_index("ix_handover_cases_center_id", "handover_cases", ["center_id"])
    op.create_index("ix_handover_cases_status", "handover_cases", ["status"])
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("center_id", sa.String(length=64), sa.ForeignKey("centers.id"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("preferred_language", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Integer(), sa.ForeignKey("counselors.id"), nullable=True),
    )
    op.create_index("ix_callback_requests_center_id", "callback_requests", ["center_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("counselor_id", sa.Integer(), sa.ForeignKey("counselors.id"), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "audit_log",
        "callback_requests",
        "handover_cases",
        "counselor_centers",
        "counselors",
        "centers",
    ):
        op.drop_table(table)
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("owner")
