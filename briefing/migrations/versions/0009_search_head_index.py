"""PostgreSQL: a GIN index on each brief's small ranked vector (title, speakers, source).

A search with words only now lists the briefs holding the words in their title, speakers
or source first, then the others, each newest first; the first group is read through this
index (``briefing.store.search.tier_page``). SQLite is unchanged.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

from briefing.store import search as store_search

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(store_search.HEAD_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"DROP INDEX IF EXISTS ix_{store_search.TABLE}_head")
