"""Feeds and their entries, for polling RSS and Atom (issue 12).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "feeds" not in tables:  # an archive the app already opened has them (create_all)
        op.create_table(
            "feeds",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("url", sa.Text, nullable=False, unique=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("etag", sa.Text, nullable=True),
            sa.Column("last_modified", sa.Text, nullable=True),
            sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("last_error", sa.Text, nullable=True),
            sa.Column("failures", sa.Integer, nullable=False),
            sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "feed_entries" not in tables:
        op.create_table(
            "feed_entries",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column(
                "feed_id",
                sa.Integer,
                sa.ForeignKey("feeds.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("entry_key", sa.Text, nullable=False),
            sa.Column("url", sa.Text, nullable=False),
            sa.Column("brief_id", sa.String(200), nullable=True),
            sa.Column("day", sa.Date, nullable=True),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("error", sa.Text, nullable=True),
            sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
            sa.UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_key"),
        )
        op.create_index("ix_feed_entries_feed_id", "feed_entries", ["feed_id"])
        op.create_index("ix_feed_entries_url", "feed_entries", ["url"])
        op.create_index("ix_feed_entries_seen_at", "feed_entries", ["seen_at"])


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feeds")
