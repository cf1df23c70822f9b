"""The archive's full-text index, brief_search (issue 10).

SQLite: an FTS5 virtual table; PostgreSQL: a table with a generated weighted tsvector and
a GIN index (the DDL is ``briefing.store.search``'s, idempotent). Briefs already stored are
indexed the next time the archive opens (``Archive._index_missing``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from briefing.store import search as store_search

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_search.create(op.get_bind())


def downgrade() -> None:
    op.execute(f"DROP TABLE IF EXISTS {store_search.TABLE}")
