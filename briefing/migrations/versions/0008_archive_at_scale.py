"""An archive that stays fast at 200,000 briefs (issue 20): ``briefs.source`` with its
indexes, the archive's order index carrying the id, and on PostgreSQL a small ranked
vector beside each brief's full-text document.

The source filter and the list of sources read the full-text index before, a scan of
every brief's text; now they read ``briefs.source`` (filled here from each brief's JSON)
through an index. A page's ids come from ``ix_briefs_day_ingested_id`` alone, however
deep the page.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

from briefing.store import search as store_search

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    columns = {c["name"] for c in inspector.get_columns("briefs")}
    with warnings.catch_warnings():  # "skipped reflection of expression-based index"
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        indexes = {i["name"] for i in inspector.get_indexes("briefs")}
    if "source" not in columns:
        op.add_column("briefs", sa.Column("source", sa.Text, nullable=True))
        source = (
            "json_extract(data, '$.source')"
            if bind.dialect.name == "sqlite"
            else "(data::json ->> 'source')"
        )
        op.execute(f"UPDATE briefs SET source = NULLIF({source}, '')")
    if "ix_briefs_day_ingested" in indexes:
        op.drop_index("ix_briefs_day_ingested", table_name="briefs")
    if "ix_briefs_day_ingested_id" not in indexes:
        op.create_index("ix_briefs_day_ingested_id", "briefs", ["day", "ingested_at", "id"])
    if "ix_briefs_source" not in indexes:
        op.create_index("ix_briefs_source", "briefs", ["source"])
    if bind.dialect.name != "sqlite":
        # what a search ranks by, kept in the row (``briefing.store.search.HEAD_COLUMN``)
        op.execute(f"ALTER TABLE brief_search ADD COLUMN IF NOT EXISTS {store_search.HEAD_COLUMN}")
    # an index on an expression is not reflected: IF NOT EXISTS (both databases know it)
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_briefs_source_lower"
        " ON briefs (lower(source), day, ingested_at, id)"
    )
    if bind.dialect.name == "sqlite":
        # an FTS5 row's rowid becomes its brief's rowid: the tables are made anew, and the
        # archive indexes its briefs again when it next opens (Archive._index_missing)
        store_search.drop_tables(bind)
        store_search.create(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("ALTER TABLE brief_search DROP COLUMN IF EXISTS head")
    op.drop_index("ix_briefs_source_lower", table_name="briefs")
    op.drop_index("ix_briefs_source", table_name="briefs")
    op.drop_index("ix_briefs_day_ingested_id", table_name="briefs")
    op.create_index("ix_briefs_day_ingested", "briefs", ["day", "ingested_at"])
    op.drop_column("briefs", "source")
