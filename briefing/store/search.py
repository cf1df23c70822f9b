"""The archive's full-text index: title, text, speakers and source of every brief.

SQLite (the embedded default) gets an FTS5 table with the Porter stemmer, ranked by bm25;
PostgreSQL gets a table with a generated, weighted ``tsvector`` and a GIN index, ranked by
``ts_rank``. Both are one table named ``brief_search`` keyed by the brief's id, filled by
``Archive.save`` and emptied by ``Archive.delete``; the DDL below is the whole schema
change (one migration: create the table and index, then ``reindex``).
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from briefing.models import Brief

TABLE = "brief_search"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "brief_id UNINDEXED, title, body, speakers, source, tokenize='porter unicode61')",
)

POSTGRES_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " brief_id VARCHAR(200) PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,"
    " title TEXT NOT NULL, body TEXT NOT NULL, speakers TEXT NOT NULL, source TEXT NOT NULL,"
    " document tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('english', title), 'A') ||"
    "  setweight(to_tsvector('english', speakers), 'B') ||"
    "  setweight(to_tsvector('english', source), 'B') ||"
    "  setweight(to_tsvector('english', body), 'D')) STORED)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING gin (document)",
)

search = sa.table(
    TABLE,
    sa.column("brief_id", sa.String),
    sa.column("title", sa.Text),
    sa.column("body", sa.Text),
    sa.column("speakers", sa.Text),
    sa.column("source", sa.Text),
)


def create(connection: sa.Connection) -> None:
    """Create the index table (idempotent) for the connection's database."""
    ddl = SQLITE_DDL if connection.dialect.name == "sqlite" else POSTGRES_DDL
    for statement in ddl:
        connection.exec_driver_sql(statement)


def fields(brief: Brief) -> dict[str, str]:
    """What is searchable in a brief."""
    speakers = []
    for reaction in brief.facts.reactions:
        for name in (reaction.speaker, reaction.role):
            if name and name not in speakers:
                speakers.append(name)
    return {
        "brief_id": brief.id,
        "title": brief.article.title,
        "body": brief.article.text,
        "speakers": " ; ".join(speakers),
        "source": brief.article.source or "",
    }


def put(session: Session, brief: Brief) -> None:
    """Index ``brief``, replacing what was indexed under its id."""
    drop(session, brief.id)
    session.execute(sa.insert(search).values(**fields(brief)))


def drop(session: Session, brief_id: str) -> None:
    """Remove a brief from the index."""
    session.execute(sa.delete(search).where(search.c.brief_id == brief_id))


def words(query: str) -> list[str]:
    """The query's words (letters and digits); operators and quotes are not ours to parse."""
    return re.findall(r"\w+", query.lower())[:32]


def match(dialect: str, query: str) -> tuple[Any, Any] | None:
    """(WHERE clause, rank expression ascending = best first) for ``query``, or None."""
    found = words(query)
    if not found:
        return None
    if dialect == "sqlite":
        expression = " ".join(f'"{word}"' for word in found)
        where = sa.text(f"{TABLE} MATCH :fts_query").bindparams(fts_query=expression)
        # weights per column: brief_id, title, body, speakers, source
        rank: Any = sa.literal_column(f"bm25({TABLE}, 0.0, 10.0, 1.0, 5.0, 5.0)")
        return where, rank
    tsquery = sa.func.plainto_tsquery("english", " ".join(found))
    document: Any = sa.literal_column(f"{TABLE}.document")
    return document.op("@@")(tsquery), -sa.func.ts_rank(document, tsquery)
