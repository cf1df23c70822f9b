"""The article's text is kept once, in the brief's JSON: articles.text goes (issue 9).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("articles")}
    if "text" in columns:
        # batch mode: SQLite rebuilds the table, PostgreSQL drops the column in place
        with op.batch_alter_table("articles") as batch:
            batch.drop_column("text")


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("text", sa.Text, nullable=False, server_default=""))
