"""Each queued line's payload until it is recorded, so a line the broker lost is sent again.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "job_sends" not in set(sa.inspect(op.get_bind()).get_table_names()):
        op.create_table(
            "job_sends",
            sa.Column(
                "job_id",
                sa.String(64),
                sa.ForeignKey("jobs.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("line", sa.Integer, primary_key=True),
            sa.Column("queue", sa.String(200), nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_job_sends_sent_at", "job_sends", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_job_sends_sent_at", table_name="job_sends")
    op.drop_table("job_sends")
