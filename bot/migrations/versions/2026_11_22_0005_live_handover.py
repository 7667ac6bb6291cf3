"""live hand-over: counselor presence, counselor messages, internal case notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counselors") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("counselor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_messages_counselor", "counselors", ["counselor_id"], ["id"])
    with op.batch_alter_table("handover_cases") as batch:
        batch.add_column(sa.Column("offered_callback_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("handover_cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("counselor_id", sa.Integer(), sa.ForeignKey("counselors.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_notes_case_id", table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("handover_cases") as batch:
        batch.drop_column("offered_callback_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_counselor", type_="foreignkey")
        batch.drop_column("counselor_id")
    with op.batch_alter_table("counselors") as batch:
        batch.drop_column("last_seen_at")
