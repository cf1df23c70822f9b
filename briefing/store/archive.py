"""The archive: stored briefs, in SQLite by default or PostgreSQL by URL (SQLAlchemy 2).

Two tables (declared with the others in ``schema.py``):

``articles``
    one row per distinct article (clean text, title, source, publication date), keyed by a
    hash of title and text, so the same article stored under several brief ids is kept once;
``briefs``
    one row per brief: the Brief JSON (``briefing.brief/1``) plus the columns the archive is
    queried by: ``day`` (the brief's date), ``title``, ``ingested_at``.

Saving is an *upsert keyed by the brief id*. Brief ids are the caller's, and default to
a hash of headline and text, so storing the same article twice keeps one row: the brief
JSON is replaced by the newer one (say, built with other options), the first
``ingested_at`` is kept, and the ``day`` is the one given explicitly, else the article's
publication date, else the day already stored. A brief is written in one transaction, so
it is either stored whole or not at all.

A brief's ``day`` is the article's publication date when known, else the ingest date in
``Settings.timezone``.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from briefing.config import Settings
from briefing.errors import NotFoundError, OptionsError, ReadOnlyArchiveError, StorageError
from briefing.models import Brief, content_hash
from briefing.store import search as store_search
from briefing.store.keys import MAX_BRIEF_ID, check_id, check_text
from briefing.store.schema import ArticleRow, BriefRow, metadata

__all__ = ["Archive", "StoredBrief", "create_tables", "engine_url", "sqlite_engine"]

#: From this offset on, ``list`` counts the briefs to know from which end to skip.
DEEP_OFFSET = 1000
#: Longest search text accepted by ``list``/``count``; longer ones cannot match a title anyway.
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class StoredBrief:
    """A brief as the archive holds it: the brief, when it was stored and its date."""

    brief: Brief
    #: when the brief was first stored, timezone-aware UTC
    ingested_at: dt.datetime
    #: the brief's date: the article's publication date if known, else the ingest date
    day: dt.date
    #: this save stored a new brief (rather than replacing one under the same id); what
    #: happened, not what is stored, so it takes no part in equality
    created: bool = field(default=False, compare=False)


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL for a configured database URL.

    ``postgres://`` and ``postgresql://`` (as hosting platforms set ``DATABASE_URL``) use
    psycopg 3, the driver briefing installs, rather than SQLAlchemy's default psycopg2.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise OptionsError(f"DATABASE_URL is not a database URL: {url!r}") from error
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


class Archive:
    """Stored briefs: save, fetch, list by day or title search.

    Build one per process with ``Archive.from_settings`` and share it: it holds a pool of
    connections and is safe to use from several threads.
    """

    def __init__(self, engine: Engine, *, zone: ZoneInfo | None = None) -> None:
        self._zone = zone or ZoneInfo("UTC")
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Writes on SQLite take the write lock when they begin (BEGIN IMMEDIATE): a deferred
        # transaction that reads and then writes can otherwise fail at once with "database
        # is locked" when another process writes, whatever the busy timeout.
        self._write_sessions = sessionmaker(
            engine.execution_options(briefing_write=True), expire_on_commit=False
        )
        #: why writes are refused, when the database would not let the schema be made
        #: but holds it already (a read-only file, user or replica): reads still work
        self.read_only: str | None = None
        self._create_schema()

    @classmethod
    def from_settings(cls, settings: Settings) -> Archive:
        """The archive named by ``settings`` (SQLite in the instance folder by default)."""
        url = engine_url(settings.resolved_database_url)
        if url.get_backend_name() == "sqlite":
            engine = sqlite_engine(url)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
        return cls(engine, zone=settings.zone)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # -- writing -------------------------------------------------------------------------

    def save(
        self,
        brief: Brief,
        *,
        ingested_at: dt.datetime | None = None,
        day: dt.date | None = None,
    ) -> StoredBrief:
        """Store ``brief`` (replacing a brief of the same id) in one transaction.

        Args:
            brief: the brief to store.
            ingested_at: when it arrived; now by default. A naive value is taken as UTC.
            day: its date; by default the article's publication date, else the day
                already stored for this id, else the ingest date in the configured zone.

        Returns:
            The brief as stored, with its first ingest time and its day.

        Raises:
            StorageError: the database refused the write.
        """
        self.check_writable()
        now = _utc(ingested_at) if ingested_at is not None else dt.datetime.now(dt.UTC)
        data = json.dumps(brief.to_dict(), ensure_ascii=False)
        for attempt in range(3):
            try:
                with self._transaction(write=True) as session:
                    return self._upsert(session, brief, data, now, day)
            except exc.IntegrityError:
                # Another worker stored the same id or article between our read and our
                # insert: the next attempt sees its row and updates it.
                if attempt == 2:
                    raise StorageError(f"could not store brief {brief.id!r}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _upsert(
        self,
        session: Session,
        brief: Brief,
        data: str,
        now: dt.datetime,
        day: dt.date | None,
    ) -> StoredBrief:
        article = brief.article
        key = content_hash(article.title, article.text)
        if session.get(ArticleRow, key) is None:
            session.add(
                ArticleRow(
                    id=key,
                    title=article.title,
                    source=article.source,
                    published=article.published,
                    created_at=now,
                )
            )
            session.flush()
        row = session.get(BriefRow, brief.id, with_for_update=True)
        created = row is None
        if row is None:
            chosen = day or article.published or now.astimezone(self._zone).date()
            row = BriefRow(
                id=brief.id,
                article_id=key,
                day=chosen,
                title=article.title,
                source=article.source or None,
                method=brief.summary.method,
                language=article.language or "en",
                ingested_at=now,
                updated_at=now,
                data=data,
            )
            session.add(row)
        else:
            row.article_id = key
            row.day = day or article.published or row.day
            row.title = article.title
            row.source = article.source or None
            row.method = brief.summary.method
            row.language = article.language or "en"
            row.updated_at = now
            row.data = data
        session.flush()
        store_search.put(session, brief)
        return StoredBrief(
            brief=brief, ingested_at=_utc(row.ingested_at), day=row.day, created=created
        )

    # -- reading -------------------------------------------------------------------------

    def ping(self) -> None:
        """Check that the database answers.

        Raises:
            StorageError: it does not.
        """
        with self._transaction() as session:
            session.execute(sa.text("select 1"))

    def exists(self, brief_id: str) -> bool:
        """Whether a brief is stored under ``brief_id``."""
        if "\x00" in brief_id or len(brief_id) > MAX_BRIEF_ID:
            return False
        with self._transaction() as session:
            return session.get(BriefRow, brief_id) is not None

    def get(self, brief_id: str) -> StoredBrief:
        """The brief stored under ``brief_id``.

        Raises:
            NotFoundError: nothing is stored under that id.
        """
        check_id(brief_id, MAX_BRIEF_ID, "brief")
        with self._transaction() as session:
            row = session.get(BriefRow, brief_id)
            if row is None:
                raise NotFoundError(f"no brief with id {brief_id!r}")
            return _stored(row)

    def list(
        self,
        *,
        day: dt.date | None = None,
        query: str | None = None,
        limit: int = 20,
        offset: int = 0,
        since: dt.date | None = None,
        until: dt.date | None = None,
        source: str | None = None,
    ) -> list[StoredBrief]:
        """Stored briefs, filtered and paged: best match first when searching, else newest.

        Args:
            day: only briefs of that date.
            query: words to find in the title, text, speakers or source (full-text
                index, stemmed: "deploys" finds "deployed"); every word must occur.
            since, until: only briefs dated in this range (both ends included).
            source: only briefs from this source (case-insensitive, whole name).
            limit, offset: the page (``limit`` at least 1, ``offset`` at least 0).
        """
        if limit < 1 or offset < 0:
            raise OptionsError("limit must be at least 1 and offset at least 0")
        check_text(query, "the search")
        check_text(source, "the source filter")
        conditions = _conditions(day, since, until, source)
        words = (query or "").strip()[:MAX_QUERY_CHARS]
        best = None
        if words and not conditions:
            best = (
                self._newest_matches(words, limit, offset)
                if self.engine.dialect.name == "postgresql"
                else self._best_ids(words, limit, offset)
            )
        if best is not None:
            return self._rows(best)
        statement = sa.select(BriefRow.id).where(*conditions)
        if words:
            # the words and other filters (or many ties): each match joined to its brief
            # (a rowid or key lookup), ranked and cut; asking the index only for the
            # filters' briefs made SQLite run the full-text query once per brief kept
            found = self._match(words)
            if found is None:
                return []  # punctuation only: nothing can match
            key = store_search.key(self.engine.dialect.name)
            statement = (
                statement.join(found, found.c.key == key)
                .order_by(found.c.rank, BriefRow.day.desc(), BriefRow.ingested_at.desc(),
                          BriefRow.id.desc())
                .limit(limit)
                .offset(offset)
            )  # fmt: skip
            with self._search() as session:
                return self._rows(builtins.list(session.scalars(statement)))
        newest = (BriefRow.day.desc(), BriefRow.ingested_at.desc(), BriefRow.id.desc())
        oldest = (BriefRow.day, BriefRow.ingested_at, BriefRow.id)
        backwards = False
        # a page past the middle is read from the oldest end: a skip through at most half
        # the briefs, whatever the page
        if offset >= DEEP_OFFSET:
            total = self.count(day=day, since=since, until=until, source=source)
            backwards = total // 2 < offset < total
        if backwards:
            skip = max(0, total - offset - limit)
            statement = statement.order_by(*oldest).limit(total - offset - skip).offset(skip)
        else:
            statement = statement.order_by(*newest).limit(limit).offset(offset)
        # the page's ids first (from the indexes alone: skipping 100,000 rows reads no
        # brief's JSON), then those rows
        with self._transaction() as session:
            ids = builtins.list(session.scalars(statement))
        if backwards:
            ids.reverse()
        return self._rows(ids)

    def _rows(self, ids: builtins.list[str]) -> builtins.list[StoredBrief]:
        """The briefs stored under ``ids``, in that order."""
        with self._transaction() as session:
            found = {row.id: row for row in session.scalars(
                sa.select(BriefRow).where(BriefRow.id.in_(ids)))}  # fmt: skip
            return [_stored(found[brief_id]) for brief_id in ids if brief_id in found]

    def _newest_matches(self, words: str, limit: int, offset: int) -> builtins.list[str]:
        """PostgreSQL, a search whose words are its only filter: the briefs with every
        word in their title, speakers or source first, then those with them in the text,
        each newest first (``store_search.tier_page``)."""
        if not store_search.words(words):
            return []  # punctuation only: nothing can match
        text = " ".join(store_search.words(words))
        with self._search() as session:
            groups = store_search.config_groups(session, text) or []
            if not groups:
                return []  # stop words only
            ids, in_first = store_search.tier_page(session, groups, text, 0, limit, offset)
            if in_first is not None:
                more, _ = store_search.tier_page(
                    session, groups, text, 1, limit - len(ids), max(0, offset - in_first)
                )
                ids += more
        return ids

    def _best_ids(self, words: str, limit: int, offset: int) -> builtins.list[str] | None:
        """The ids of a page of a search whose words are its only filter: best match
        first, then newest; None when too many matches tie with the page's last.

        The best ``offset + limit`` matches, and any tied with the last, are taken from
        the full-text index by rank alone; only those are looked up in ``briefs`` and put
        in order. Joining every match to ``briefs`` read 22,000 rows for a common word in
        200,000 briefs. Ties beyond twice the page (copies of one story) are ordered by
        that join instead. SQLite only: PostgreSQL pages by ``_newest_matches``.
        """
        found = self._match(words)
        if found is None:
            return []  # punctuation only: nothing can match
        dialect = self.engine.dialect.name
        key = store_search.key(dialect)
        wanted, fetch = offset + limit, 2 * (offset + limit)
        by_rank = sa.select(found.c.key, found.c.rank).order_by(found.c.rank)
        with self._search() as session:
            top = session.execute(by_rank.limit(fetch)).all()
            if len(top) == fetch and top[-1].rank <= top[wanted - 1].rank:
                return None  # ties run past what was read
            cut = top[wanted - 1].rank if len(top) >= wanted else None
            ranks = {row.key: row.rank for row in top if cut is None or row.rank <= cut}
            rows = session.execute(
                sa.select(key.label("key"), BriefRow.id, BriefRow.day, BriefRow.ingested_at).where(
                    key.in_(builtins.list(ranks))
                )
            ).all()
        newest = sorted(rows, key=lambda row: (row.day, row.ingested_at, row.id), reverse=True)
        best = sorted(newest, key=lambda row: ranks[row.key])  # stable: newest first on ties
        return [row.id for row in best[offset : offset + limit]]

    def count(
        self,
        *,
        day: dt.date | None = None,
        query: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        source: str | None = None,
    ) -> int:
        """How many stored briefs ``list`` would page through with the same filters."""
        check_text(query, "the search")
        check_text(source, "the source filter")
        conditions = _conditions(day, since, until, source)
        words = (query or "").strip()[:MAX_QUERY_CHARS]
        statement = sa.select(sa.func.count()).select_from(BriefRow).where(*conditions)
        if words:
            found = self._match(words, ranked=False)
            if found is None:
                return 0  # punctuation only: nothing can match
            # every indexed brief is stored (one transaction writes both): the index,
            # narrowed by the other filters' indexes, never a join row by row
            statement = sa.select(sa.func.count()).select_from(found)
            if conditions:
                key = store_search.key(self.engine.dialect.name)
                kept = sa.select(key).select_from(BriefRow).where(*conditions)
                statement = statement.where(found.c.key.in_(kept))
        with self._search() if words else self._transaction() as session:
            return int(session.scalar(statement) or 0)

    def latest_day(self) -> dt.date | None:
        """The most recent date that has briefs (None: the archive is empty)."""
        with self._transaction() as session:
            return session.scalar(sa.select(sa.func.max(BriefRow.day)))

    def neighbour_days(self, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The nearest dates before and after ``day`` that have briefs (None: there is none)."""
        with self._transaction() as session:
            before = session.scalar(sa.select(sa.func.max(BriefRow.day)).where(BriefRow.day < day))
            after = session.scalar(sa.select(sa.func.min(BriefRow.day)).where(BriefRow.day > day))
        return before, after

    def day_counts(self, first: dt.date, last: dt.date) -> dict[dt.date, int]:
        """How many briefs each date from ``first`` to ``last`` holds (dates with none are
        left out): the digest's calendar."""
        statement = (
            sa.select(BriefRow.day, sa.func.count())
            .where(BriefRow.day >= first, BriefRow.day <= last)
            .group_by(BriefRow.day)
        )
        with self._transaction() as session:
            return {day: int(count) for day, count in session.execute(statement)}

    def sources(self) -> builtins.list[str]:
        """Every source the archive holds briefs from, alphabetically (for a filter)."""
        # a loose index scan: one step of ix_briefs_source per source, not one per brief
        statement = sa.text(
            "WITH RECURSIVE found(source) AS ("
            " SELECT min(source) FROM briefs WHERE source > ''"
            " UNION ALL"
            " SELECT (SELECT min(source) FROM briefs WHERE source > found.source)"
            " FROM found WHERE found.source IS NOT NULL)"
            " SELECT source FROM found WHERE source IS NOT NULL"
        )
        with self._transaction() as session:
            return [str(value) for value in session.scalars(statement)]

    def delete(self, brief_id: str) -> None:
        """Delete the brief stored under ``brief_id`` (and its article when no brief is left).

        Raises:
            NotFoundError: nothing is stored under that id.
        """
        check_id(brief_id, MAX_BRIEF_ID, "brief")
        self.check_writable()
        with self._transaction(write=True) as session:
            row = session.get(BriefRow, brief_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"no brief with id {brief_id!r}")
            article_id = row.article_id
            store_search.drop(session, brief_id)
            session.delete(row)
            session.flush()
            others = session.scalar(
                sa.select(sa.func.count())
                .select_from(BriefRow)
                .where(BriefRow.article_id == article_id)
            )
            if not others:
                article = session.get(ArticleRow, article_id)
                if article is not None:
                    session.delete(article)

    def briefs_for_day(self, day: dt.date) -> builtins.list[StoredBrief]:
        """Every brief of ``day``, in the order they were stored (oldest first)."""
        statement = (
            sa.select(BriefRow)
            .where(BriefRow.day == day)
            .order_by(BriefRow.ingested_at, BriefRow.id)
        )
        with self._transaction() as session:
            return [_stored(row) for row in session.scalars(statement)]

    # -- plumbing ------------------------------------------------------------------------

    def _match(self, words: str, *, ranked: bool = True) -> sa.Subquery | None:
        """``store_search.match`` for this database (on PostgreSQL after asking it how
        each configuration stems the words)."""
        if not store_search.words(words):
            return None
        with self._transaction() as session:
            groups = store_search.config_groups(session, words)
        return store_search.match(self.engine.dialect.name, words, ranked=ranked, groups=groups)

    @contextmanager
    def _search(self) -> Iterator[Session]:
        """A transaction for full-text queries. On PostgreSQL without sequential scans:
        for a word in most briefs the planner prefers reading the table to the GIN index,
        not counting that testing a row's document reads its whole text back from TOAST
        (6 s at 200,000 briefs, against the index's tenth of that)."""
        with self._transaction() as session:
            if self.engine.dialect.name == "postgresql":
                session.execute(sa.text("SET LOCAL enable_seqscan = off"))
            yield session

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[Session]:
        """A session in one transaction; database failures become ``StorageError``."""
        sessions = self._write_sessions if write else self._sessions
        try:
            with sessions.begin() as session:
                yield session
        except exc.IntegrityError:
            raise
        except exc.SQLAlchemyError as error:
            reason = _read_only_reason(error) if write else None
            if reason is not None:  # it became (or was opened) read-only: say so
                self.read_only = reason
                self.check_writable()
            raise StorageError(f"the archive is unavailable: {type(error).__name__}") from error

    def check_writable(self) -> None:
        """Raise ReadOnlyArchiveError when the archive was opened read-only."""
        if self.read_only is not None:
            raise ReadOnlyArchiveError(
                f"the archive is read-only ({self.read_only}): briefs can be read, not "
                "stored or deleted; give briefing write access to it and restart"
            )

    def _create_schema(self) -> None:
        def create(connection: sa.Connection) -> None:
            metadata.create_all(connection)
            store_search.create(connection)

        try:
            self._upgrade_older_schema()
            # every table of the schema: the job store and the feeds share this engine
            create_tables(self.engine, create, "the archive's tables")
            self._index_missing()
        except StorageError as error:
            reason = _read_only_reason(error)
            if reason is None:
                raise
            if not self._has_schema():
                raise StorageError(
                    f"the archive is read-only ({reason}) and has no tables yet: give "
                    "briefing write access to it (for SQLite, the file and its folder) "
                    "and start it again, or make the tables once with `briefing db "
                    "upgrade` run with write access; an archive that has its tables is "
                    "then served read-only"
                ) from error
            self.read_only = reason
            logger.warning("the archive is read-only (%s): serving it read-only", reason)

    def _has_schema(self) -> bool:
        try:
            present = set(sa.inspect(self.engine).get_table_names())
        except exc.SQLAlchemyError:
            return False
        return set(metadata.tables) <= present

    def _upgrade_older_schema(self) -> None:
        """An archive an older version made lacks columns this one reads (briefs.language).

        The embedded SQLite archive is migrated here (Alembic, as ``briefing db upgrade``
        does); a shared PostgreSQL archive is migrated by its release step, so it is only
        named in a clear error.

        Raises:
            StorageError: a PostgreSQL archive that needs ``briefing db upgrade``.
        """
        try:
            inspector = sa.inspect(self.engine)
            if "briefs" not in inspector.get_table_names():
                return
            columns = {column["name"] for column in inspector.get_columns("briefs")}
        except exc.SQLAlchemyError:
            return  # unreachable: making the tables says so, with its own message
        if {"language", "source"} <= columns:
            return
        if self.engine.dialect.name != "sqlite":
            raise StorageError(
                "the archive was made by an older version of briefing: run `briefing db "
                "upgrade` (the Procfile's release step does)"
            )
        from briefing.store.upgrade import upgrade_engine

        try:
            upgrade_engine(self.engine)
        except exc.SQLAlchemyError as error:
            raise StorageError(
                f"the archive could not be brought up to date: {type(error).__name__}"
            ) from error

    def _index_missing(self) -> None:
        """Index the briefs of an archive whose full-text index is empty: one made before
        the index existed, or whose index a migration made anew.

        A brief and its index entry are written in one transaction, and so is this, so an
        index is either empty or whole; the check reads one row of each table, so opening
        an archive of 200,000 briefs (each gunicorn worker does) costs no scan.
        """
        with self._transaction() as session:
            if (
                not store_search.empty(session)
                or session.scalar(sa.select(BriefRow.id).limit(1)) is None
            ):
                return
        with self._transaction(write=True) as session:
            if not store_search.empty(session):
                return  # another process has just done it
            sqlite = self.engine.dialect.name == "sqlite"
            rowid = sa.literal_column("briefs.rowid") if sqlite else sa.null()
            batch: builtins.list[tuple[int | None, Brief]] = []
            everything = sa.select(rowid, BriefRow.data).execution_options(yield_per=500)
            for key, data in session.execute(everything):
                batch.append((key, Brief.from_dict(json.loads(data))))
                if len(batch) == 500:
                    store_search.put_new(session, batch)
                    batch.clear()
            store_search.put_new(session, batch)


#: what databases say when they will not write (SQLite, PostgreSQL)
_READ_ONLY_SIGNS = (
    "readonly database",
    "read-only transaction",
    "read-only file system",
    "permission denied",
    "insufficientprivilege",
    "readonlysqltransaction",
)


def _read_only_reason(error: BaseException) -> str | None:
    """Why the database refused to write, when it says it is read-only; else None."""
    seen: BaseException | None = error
    while seen is not None:
        text = f"{type(seen).__name__}: {seen}".lower()
        for sign in _READ_ONLY_SIGNS:
            if sign in text:
                return {
                    "insufficientprivilege": "permission denied",
                    "readonlysqltransaction": "read-only transaction",
                }.get(sign, sign)
        seen = seen.__cause__ or seen.__context__
    return None


def create_tables(engine: Engine, create: Callable[[sa.Connection], None], what: str) -> None:
    """Run ``create`` (CREATE TABLE ... where missing) safely when processes start at once.

    gunicorn starts its workers together and each makes the tables it needs. On SQLite the
    check and the CREATEs run in one write transaction (BEGIN IMMEDIATE waits for the lock
    up to the busy timeout), so a second process waits and then finds the tables; in a
    deferred transaction it would read the schema, then fail at once with "database is
    locked" when it tried to write, and the worker would exit, taking gunicorn down with
    it. On PostgreSQL a concurrent CREATE can still fail on the catalog's unique index: a
    retry, after a pause, finds the tables.

    Raises:
        StorageError: the tables could not be made (``what`` names them).
    """
    writer = engine.execution_options(briefing_write=True)
    attempts = 5
    for attempt in range(attempts):
        try:
            with writer.begin() as connection:
                create(connection)
            return
        except exc.SQLAlchemyError as error:
            if attempt == attempts - 1:
                raise StorageError(
                    f"cannot create {what}: {type(error).__name__}: {error}"
                ) from error
            time.sleep(0.05 * (attempt + 1) + random.random() / 10)


def _conditions(
    day: dt.date | None,
    since: dt.date | None,
    until: dt.date | None,
    source: str | None,
) -> list[Any]:
    """The filters other than the words, as conditions on ``briefs``."""
    conditions: list[Any] = []
    if day is not None:
        conditions.append(BriefRow.day == day)
    if since is not None:
        conditions.append(BriefRow.day >= since)
    if until is not None:
        conditions.append(BriefRow.day <= until)
    wanted_source = (source or "").strip()
    if wanted_source:
        conditions.append(sa.func.lower(BriefRow.source) == wanted_source.lower())
    return conditions


def _stored(row: BriefRow) -> StoredBrief:
    try:
        brief = Brief.from_dict(json.loads(row.data))
    except (ValueError, KeyError, TypeError) as error:
        raise StorageError(f"stored brief {row.id!r} is unreadable: {error}") from error
    return StoredBrief(brief=brief, ingested_at=_utc(row.ingested_at), day=row.day)


logger = logging.getLogger(__name__)
_SQLITE_LOCK = threading.Lock()


def sqlite_engine(url: sa.URL) -> Engine:
    """A SQLite engine in WAL mode (readers never block the writer), folder created."""
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        with _SQLITE_LOCK:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, say when transactions begin (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("briefing_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
