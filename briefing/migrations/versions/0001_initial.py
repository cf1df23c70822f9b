"""The archive as briefing created it before migrations: articles and briefs.

Revision ID: 0001
Revises: (none)

An archive made by ``Archive`` (``create_all``) already has these tables: they are left as
they are, so existing archives upgrade in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "articles" not in tables:
        op.create_table(
            "articles",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("source", sa.Text, nullable=True),
            sa.Column("published", sa.Date, nullable=True),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
    if "briefs" not in tables:
        op.create_table(
            "briefs",
            sa.Column("id", sa.String(200), primary_key=True),
            sa.Column(
                "article_id",
                sa.String(64),
                sa.ForeignKey("articles.id", ondelete="RESTRICT"),
                nullable=False,
            ),
            sa.Column("day", sa.Date, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("method", sa.String(40), nullable=False),
            sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        )
        op.create_index("ix_briefs_article_id", "briefs", ["article_id"])
        op.create_index("ix_briefs_title", "briefs", ["title"])
        op.create_index("ix_briefs_ingested_at", "briefs", ["ingested_at"])
        op.create_index("ix_briefs_day_ingested", "briefs", ["day", "ingested_at"])


def downgrade() -> None:
    op.drop_table("briefs")
    op.drop_table("articles")
