"""The archive's full-text index: title, text, speakers and source of every brief, read in
the brief's language.

PostgreSQL: one table, ``brief_search``, whose generated, weighted ``tsvector`` is made
with the text search configuration of the brief's language (``config``: french, german,
... and ``simple`` for a language PostgreSQL does not stem), under a GIN index; a query
is stemmed by each configuration and matched against the briefs of that configuration.
A search with words only lists the briefs with every word in their title, speakers or
source first (the small ``head`` vector, under a GIN index of its own), then the others,
each newest first (``tier_page``); with other filters too, matches are ranked by
``ts_rank`` over ``head``. SQLite (the embedded default): FTS5, ranked by bm25, in two
tables, since one FTS5 table has one tokenizer: ``brief_search`` with the Porter stemmer
for English briefs, and ``brief_search_plain``, language-neutral (unicode61, accents
folded), for every other language, where the English Porter stemmer would be wrong.
An FTS5 row's rowid is its brief's rowid in ``briefs``. Filled by ``Archive.save``,
emptied by ``Archive.delete``; the DDL below is the whole
schema of the index (migrations create it, then the archive fills it on open).
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import Session

from briefing.models import Brief

__all__ = [
    "PLAIN_TABLE",
    "TABLE",
    "all_configs",
    "config_groups",
    "create",
    "drop",
    "drop_tables",
    "empty",
    "key",
    "match",
    "put",
    "put_new",
    "tier_page",
]

TABLE = "brief_search"
#: SQLite only: briefs in languages other than English, without a stemmer
PLAIN_TABLE = "brief_search_plain"

#: PostgreSQL's text search configuration for each language briefing may identify; any
#: other language is indexed word for word ("simple")
CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
SIMPLE = "simple"

_FTS5_COLUMNS = "brief_id UNINDEXED, language UNINDEXED, title, body, speakers, source"
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"{_FTS5_COLUMNS}, tokenize='porter unicode61')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {PLAIN_TABLE} USING fts5("
    f"{_FTS5_COLUMNS}, tokenize='unicode61 remove_diacritics 2')",
)
# weights per column: brief_id, language, title, body, speakers, source
_BM25 = "0.0, 0.0, 10.0, 1.0, 5.0, 5.0"

#: PostgreSQL: what a match is ranked by: title, speakers and source, a few dozen bytes
#: kept in the row. Ranking by ``document`` would read every match's whole text out of
#: TOAST (22,000 matches of a common word in 200,000 briefs: half a second); a word
#: found only in the text ranks after those found in a title, speaker or source, and
#: such briefs come newest first.
HEAD_COLUMN = (
    "head tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector(config, title), 'A') ||"
    " setweight(to_tsvector(config, speakers), 'B') ||"
    " setweight(to_tsvector(config, source), 'B')) STORED"
)

#: PostgreSQL: the matches in a title, speaker or source, found without reading the rest
HEAD_INDEX = f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_head ON {TABLE} USING gin (head)"

POSTGRES_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " brief_id VARCHAR(200) PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,"
    " language VARCHAR(8) NOT NULL DEFAULT 'en',"
    " config regconfig NOT NULL DEFAULT 'english',"
    " title TEXT NOT NULL, body TEXT NOT NULL, speakers TEXT NOT NULL, source TEXT NOT NULL,"
    " document tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector(config, title), 'A') ||"
    "  setweight(to_tsvector(config, speakers), 'B') ||"
    "  setweight(to_tsvector(config, source), 'B') ||"
    "  setweight(to_tsvector(config, body), 'D')) STORED,"
    f" {HEAD_COLUMN})",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING gin (document)",
    HEAD_INDEX,
)


def _table(name: str, *extra: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("rowid", sa.Integer),
        sa.column("brief_id", sa.String),
        sa.column("language", sa.String),
        sa.column("title", sa.Text),
        sa.column("body", sa.Text),
        sa.column("speakers", sa.Text),
        sa.column("source", sa.Text),
        *extra,
    )


search = _table(TABLE)
plain = _table(PLAIN_TABLE)
_postgres = _table(TABLE, sa.column("config", REGCONFIG))


def create(connection: sa.Connection) -> None:
    """Create the index tables (idempotent) for the connection's database."""
    ddl = SQLITE_DDL if connection.dialect.name == "sqlite" else POSTGRES_DDL
    for statement in ddl:
        connection.exec_driver_sql(statement)


def drop_tables(connection: sa.Connection) -> None:
    """Drop the index tables (a migration that changes them makes them anew)."""
    for name in (TABLE, PLAIN_TABLE):
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def fields(brief: Brief) -> dict[str, str]:
    """What is searchable in a brief."""
    speakers = []
    for reaction in brief.facts.reactions:
        for name in (reaction.speaker, reaction.role):
            if name and name not in speakers:
                speakers.append(name)
    return {
        "brief_id": brief.id,
        "language": brief.article.language or "en",
        "title": brief.article.title,
        "body": brief.article.text,
        "speakers": " ; ".join(speakers),
        "source": brief.article.source or "",
    }


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def put(session: Session, brief: Brief) -> None:
    """Index ``brief`` (stored and flushed), replacing what was indexed under its id."""
    drop(session, brief.id)
    values: dict[str, Any] = fields(brief)
    if _dialect(session) == "sqlite":
        table = search if values["language"] == "en" else plain
        rowid = session.scalar(_brief_rowid(brief.id))
        session.execute(sa.insert(table).values(rowid=rowid, **values))
        return
    config = CONFIGS.get(values["language"], SIMPLE)
    session.execute(sa.insert(_postgres).values(**values, config=sa.cast(config, REGCONFIG)))


def put_new(session: Session, rows: list[tuple[int | None, Brief]]) -> None:
    """Index briefs not indexed yet, many at once: ``(rowid, brief)`` pairs (the rowid in
    ``briefs`` on SQLite, None on PostgreSQL)."""
    if _dialect(session) == "sqlite":
        for language_table in (search, plain):
            values = [
                {"rowid": rowid, **fields(brief)}
                for rowid, brief in rows
                if ((brief.article.language or "en") == "en") == (language_table is search)
            ]
            if values:
                session.execute(sa.insert(language_table), values)
        return
    values = [
        {**fields(brief), "config": CONFIGS.get(brief.article.language or "en", SIMPLE)}
        for _rowid, brief in rows
    ]
    if values:
        session.execute(sa.insert(_postgres), values)


def drop(session: Session, brief_id: str) -> None:
    """Remove a brief (still stored) from the index."""
    if _dialect(session) != "sqlite":
        session.execute(sa.delete(search).where(search.c.brief_id == brief_id))
        return
    # by rowid: FTS5 finds a row by rowid in its b-tree, by brief_id only by reading all
    rowid = session.scalar(_brief_rowid(brief_id))
    if rowid is not None:
        for table in (search, plain):
            session.execute(sa.delete(table).where(table.c.rowid == rowid))


def _brief_rowid(brief_id: str) -> sa.Select[Any]:
    return (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table("briefs"))
        .where(sa.column("id") == brief_id)
    )


def key(dialect: str) -> Any:
    """The column of ``briefs`` that a match's ``key`` equals: the rowid on SQLite (an FTS5
    row is the brief's row by rowid, so joining them reads no indexed text), else the id."""
    return sa.literal_column("briefs.rowid" if dialect == "sqlite" else "briefs.id")


def empty(session: Session) -> bool:
    """Whether no brief is indexed (reads one row of each index table)."""
    tables = (search, plain) if _dialect(session) == "sqlite" else (search,)
    return all(
        session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is None
        for table in tables
    )


def words(query: str) -> list[str]:
    """The query's words (letters and digits); operators and quotes are not ours to parse."""
    return re.findall(r"\w+", query.lower())[:32]


def match(
    dialect: str, query: str, *, ranked: bool = True, groups: list[list[str]] | None = None
) -> sa.Subquery | None:
    """The briefs ``query`` finds: ``key`` (see ``key``) and ``rank`` (ascending = best
    first; 0 for all when not ``ranked``, for a count); None when the query has no word.
    ``groups``: PostgreSQL's configurations as ``config_groups`` gives them.

    Every word must occur, as the brief's language reads it: stemmed by that language's
    configuration on PostgreSQL; on SQLite by Porter in English briefs and word for word
    (accents folded) in the others.
    """
    found = words(query)
    if not found:
        return None
    if dialect == "sqlite":
        expression = " ".join(f'"{word}"' for word in found)
        parts = [
            sa.select(
                table.c.rowid.label("key"),
                (
                    sa.literal_column(f"bm25({table.name}, {_BM25})") if ranked else sa.literal(0.0)
                ).label("rank"),
            ).where(sa.text(f"{table.name} MATCH :fts_query").bindparams(fts_query=expression))
            for table in (search, plain)
        ]
        return sa.union_all(*parts).subquery("found")
    text = " ".join(found)
    document: Any = sa.literal_column(f"{TABLE}.document")
    head: Any = sa.literal_column(f"{TABLE}.head")
    # one branch per distinct stemmed query (most configurations stem a word alike), each
    # an exact GIN lookup: one OR of every configuration tested every match's document
    # again, reading its whole text, and one branch per configuration read the same
    # matches' rows ten times over
    branches = []
    for configs in groups if groups is not None else [[c] for c in all_configs()]:
        words_of = sa.func.plainto_tsquery(sa.cast(configs[0], REGCONFIG), text)
        rank = -sa.func.ts_rank(head, words_of) if ranked else sa.literal(0.0)
        branches.append(
            sa.select(_postgres.c.brief_id.label("key"), rank.label("rank")).where(
                document.op("@@")(words_of),
                _postgres.c.config.in_([sa.cast(c, REGCONFIG) for c in configs]),
            )
        )
    if not branches:  # every configuration drops every word (stop words only)
        return (
            sa.select(_postgres.c.brief_id.label("key"), sa.literal(0.0).label("rank"))
            .where(sa.false())
            .subquery("found")
        )
    return sa.union_all(*branches).subquery("found")


def all_configs() -> list[str]:
    """PostgreSQL's text search configurations a brief may be indexed with."""
    return sorted({*CONFIGS.values(), SIMPLE})


def config_groups(session: Session, query: str) -> list[list[str]] | None:
    """PostgreSQL: the configurations grouped by the query they make of ``query``'s words,
    those that make an empty one left out (one round trip); None on SQLite."""
    if _dialect(session) == "sqlite":
        return None
    text = " ".join(words(query))
    made: Any = sa.select(
        sa.column("name"),
        sa.func.plainto_tsquery(sa.cast(sa.column("name"), REGCONFIG), text).cast(sa.Text),
    ).select_from(sa.func.unnest(sa.literal(all_configs(), sa.ARRAY(sa.Text))).alias("name"))
    grouped: dict[str, list[str]] = {}
    for name, tsquery in session.execute(made):
        if tsquery:
            grouped.setdefault(tsquery, []).append(name)
    return list(grouped.values())


#: PostgreSQL, a search with words only: how many of the newest briefs a page first looks
#: through, per brief wanted (a word in one brief of 50 fills a page from them), at least
#: ``_WALK_MIN``; rarer words are found through the GIN index and sorted instead
_WALK_PER_WANTED = 50
_WALK_MIN = 2000


def _tier_condition(tier: int, groups: list[list[str]], params: dict[str, Any]) -> str:
    """SQL for the briefs of ``tier`` (0: every word in the title, speakers or source;
    1: every word in the brief, not all of them there), one branch per configuration
    group, each a GIN lookup."""
    branches = []
    for n, configs in enumerate(groups):
        params[f"config_{n}"] = configs[0]
        params[f"configs_{n}"] = configs
        query = f"plainto_tsquery(CAST(:config_{n} AS regconfig), :words)"
        in_group = f"s.config = ANY(CAST(:configs_{n} AS regconfig[]))"
        if tier == 0:
            branches.append(f"({in_group} AND s.head @@ {query})")
        else:
            branches.append(f"({in_group} AND s.document @@ {query} AND NOT s.head @@ {query})")
    return "(" + " OR ".join(branches) + ")"


def tier_page(
    session: Session, groups: list[list[str]], words: str, tier: int, limit: int, offset: int
) -> tuple[list[str], int | None]:
    """PostgreSQL: a page of the briefs of one tier (see ``_tier_condition``), newest
    first, and how many the tier holds when the page runs past its end (else None).

    Ranking every match made a common word cost a second at 200,000 briefs (46,000
    matches ranked, joined and sorted). A word in one brief of fifty fills a page from
    the newest few thousand briefs, read from the order index; a rarer one is looked up
    in the GIN index and its matches sorted. The newest briefs are tried first; only a
    page they cannot fill is read the other way.
    """
    params: dict[str, Any] = {"words": " ".join(words.split()), "lim": limit, "off": offset}
    condition = _tier_condition(tier, groups, params)
    order = "b.day DESC, b.ingested_at DESC, b.id DESC"
    params["walk"] = max(_WALK_MIN, _WALK_PER_WANTED * (offset + limit))
    # the condition as a scalar subquery, tested brief by brief from the newest and
    # stopped at the page's end: as a join the planner, misjudging how many briefs hold
    # all of several words, read every match through the GIN index instead
    newest = sa.text(
        "SELECT b.id FROM (SELECT id, day, ingested_at FROM briefs"
        " ORDER BY day DESC, ingested_at DESC, id DESC LIMIT :walk) b"
        f" WHERE (SELECT {condition} FROM {TABLE} s WHERE s.brief_id = b.id)"
        f" ORDER BY {order} LIMIT :lim OFFSET :off"
    )
    ids = list(session.scalars(newest, params))
    if len(ids) < limit:
        # the newest briefs did not fill the page: every match, through the GIN index
        matches = sa.text(
            f"WITH m AS MATERIALIZED (SELECT s.brief_id FROM {TABLE} s WHERE {condition})"
            f" SELECT b.id FROM m JOIN briefs b ON b.id = m.brief_id"
            f" ORDER BY {order} LIMIT :lim OFFSET :off"
        )
        ids = list(session.scalars(matches, params))
    if len(ids) == limit:
        return ids, None
    if ids or offset == 0:
        return ids, offset + len(ids)
    counted = sa.text(f"SELECT count(*) FROM {TABLE} s WHERE {condition}")
    return ids, int(session.scalar(counted, params) or 0)
