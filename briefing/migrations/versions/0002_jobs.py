"""Job state and digest sends, for the task queue (issue 11).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "jobs" not in tables:
        op.create_table(
            "jobs",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("total", sa.Integer, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "job_lines" not in tables:
        op.create_table(
            "job_lines",
            sa.Column(
                "job_id",
                sa.String(64),
                sa.ForeignKey("jobs.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("line", sa.Integer, primary_key=True),
            sa.Column("brief_id", sa.String(200), nullable=True),
            sa.Column("error", sa.Text, nullable=True),
            sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "digest_sends" not in tables:
        op.create_table(
            "digest_sends",
            sa.Column("day", sa.Date, primary_key=True),
            sa.Column("recipients_key", sa.String(64), primary_key=True),
            sa.Column("recipients", sa.Text, nullable=False),
            sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("digest_sends")
    op.drop_table("job_lines")
    op.drop_table("jobs")
