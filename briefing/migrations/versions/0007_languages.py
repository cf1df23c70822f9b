"""Briefs in other languages (issue 21): briefs.language, and a full-text index that reads
each brief in its language.

The index is made anew (``briefing.store.search``'s DDL: on PostgreSQL a ``config`` per
brief feeding the generated tsvector; on SQLite a second, language-neutral FTS5 table);
the briefs already stored are indexed again the next time the archive opens
(``Archive._index_missing``), in English, as they were read.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from briefing.store import search as store_search

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("briefs")}
    if "language" not in columns:
        op.add_column(
            "briefs", sa.Column("language", sa.String(8), nullable=False, server_default="en")
        )
    store_search.drop_tables(op.get_bind())
    store_search.create(op.get_bind())


def downgrade() -> None:
    op.drop_column("briefs", "language")
    store_search.drop_tables(op.get_bind())
