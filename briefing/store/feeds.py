"""Feeds in the archive: the ``feeds`` and ``feed_entries`` tables (see ``schema.py``).

``feeds``
    one row per feed: URL (unique), name, the cache validators of its last answer (ETag,
    Last-Modified), when it was last polled, its last error, how many polls in a row failed
    and when it may be polled again (``retry_at``: a failing feed waits
    ``feed_retry_seconds``, doubled per further failure, at most ``feed_retry_max``).
``feed_entries``
    one row per entry seen: its key (the entry's id, else its link), its URL, the brief it
    became, the day it was stored under, and failed attempts. An entry whose key is known in
    its feed, or whose URL is known in any feed, is never fetched or briefed again; two
    entries with the same text share one brief (ids are content hashes).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from briefing.config import Settings
from briefing.errors import NotFoundError, OptionsError, StorageError
from briefing.store.archive import Archive
from briefing.store.keys import check_text
from briefing.store.schema import FeedEntryRow, FeedRow

__all__ = ["MAX_ENTRY_ATTEMPTS", "Entry", "Feed", "FeedRegistry"]

#: An entry that failed this many times is given up (kept as failed, never fetched again).
MAX_ENTRY_ATTEMPTS = 3


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


@dataclass(frozen=True)
class Feed:
    """A feed as listed: where it is and how its last poll went."""

    id: int
    url: str
    name: str
    last_polled_at: dt.datetime | None
    last_error: str | None
    failures: int
    retry_at: dt.datetime | None
    entries_today: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "name": self.name,
            "last_polled_at": self.last_polled_at.isoformat() if self.last_polled_at else None,
            "last_error": self.last_error,
            "failures": self.failures,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
            "entries_today": self.entries_today,
        }


@dataclass(frozen=True)
class Entry:
    """One new entry of a feed, all a worker needs to brief it (plain data: a task payload)."""

    feed_id: int
    key: str
    url: str
    title: str | None
    day: dt.date | None


class FeedRegistry:
    """The feeds tables of an archive's database."""

    def __init__(self, archive: Archive, settings: Settings) -> None:
        self.archive = archive
        self.settings = settings
        self._zone = ZoneInfo(settings.timezone)
        self._sessions = sessionmaker(archive.engine, expire_on_commit=False)
        # the archive made the feeds tables with the rest of the schema

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except exc.IntegrityError:
            raise
        except exc.SQLAlchemyError as error:
            raise StorageError(f"the archive is unavailable: {type(error).__name__}") from error

    # -- feeds ---------------------------------------------------------------------------

    def add(self, url: str, name: str | None = None) -> Feed:
        """Register a feed (an http(s) URL); adding a known URL again renames it."""
        url = url.strip()
        self.archive.check_writable()
        check_text(url, "the feed's address")
        check_text(name, "the feed's name")
        if not url.lower().startswith(("http://", "https://")) or len(url.split()) != 1:
            raise OptionsError(f"{url!r} is not an http or https address")
        now = dt.datetime.now(dt.UTC)
        with self._transaction() as session:
            row = session.scalar(sa.select(FeedRow).where(FeedRow.url == url))
            if row is None:
                row = FeedRow(url=url, name=name or url, failures=0, created_at=now)
                session.add(row)
            elif name:
                row.name = name
            session.flush()
            return self._feed(session, row)

    def remove(self, key: str) -> Feed:
        """Forget a feed, given by id or URL (its briefs stay in the archive)."""
        self.archive.check_writable()
        with self._transaction() as session:
            row = self._find(session, key)
            feed = self._feed(session, row)
            session.execute(sa.delete(FeedEntryRow).where(FeedEntryRow.feed_id == row.id))
            session.delete(row)
            return feed

    def get(self, key: str) -> Feed:
        with self._transaction() as session:
            return self._feed(session, self._find(session, key))

    def list(self) -> builtins.list[Feed]:
        with self._transaction() as session:
            rows = session.scalars(sa.select(FeedRow).order_by(FeedRow.id))
            return [self._feed(session, row) for row in rows]

    def _find(self, session: Session, key: str) -> FeedRow:
        key = str(key).strip()
        check_text(key, "the feed")
        # ids beyond a 64-bit integer cannot exist (and would overflow the driver)
        row = session.get(FeedRow, int(key)) if key.isdigit() and len(key) < 19 else None
        if row is None:
            row = session.scalar(sa.select(FeedRow).where(FeedRow.url == key))
        if row is None:
            raise NotFoundError(f"no feed {key!r}")
        return row

    def _feed(self, session: Session, row: FeedRow) -> Feed:
        start = dt.datetime.combine(dt.datetime.now(self._zone).date(), dt.time(), self._zone)
        today = session.scalar(
            sa.select(sa.func.count())
            .select_from(FeedEntryRow)
            .where(
                FeedEntryRow.feed_id == row.id,
                FeedEntryRow.brief_id.is_not(None),
                FeedEntryRow.seen_at >= start.astimezone(dt.UTC),
            )
        )
        return Feed(
            id=row.id,
            url=row.url,
            name=row.name,
            last_polled_at=_utc(row.last_polled_at),
            last_error=row.last_error,
            failures=row.failures or 0,
            retry_at=_utc(row.retry_at),
            entries_today=int(today or 0),
        )

    # -- polling bookkeeping -------------------------------------------------------------

    def validators(self, feed_id: int) -> tuple[str | None, str | None]:
        with self._transaction() as session:
            row = session.get(FeedRow, feed_id)
            if row is None:
                raise NotFoundError(f"no feed {feed_id}")
            return row.etag, row.last_modified

    def polled(
        self,
        feed_id: int,
        *,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Record one poll: validators on success; on failure the error and the backoff."""
        now = dt.datetime.now(dt.UTC)
        with self._transaction() as session:
            row = session.get(FeedRow, feed_id)
            if row is None:
                return
            row.last_polled_at = now
            if error is None:
                row.last_error = None
                row.failures = 0
                row.retry_at = None
                if etag is not None or last_modified is not None:
                    row.etag, row.last_modified = etag, last_modified
            else:
                row.last_error = error
                row.failures = (row.failures or 0) + 1
                wait = min(
                    self.settings.feed_retry_seconds * 2 ** (row.failures - 1),
                    self.settings.feed_retry_max,
                )
                row.retry_at = now + dt.timedelta(seconds=wait)

    def clear_validators(self, feed_id: int) -> None:
        """Make the next poll fetch the whole feed again (an entry of it is to be retried)."""
        with self._transaction() as session:
            row = session.get(FeedRow, feed_id)
            if row is not None:
                row.etag = row.last_modified = None

    def known(self, feed_id: int, key: str, url: str) -> bool:
        """Whether an entry is done: briefed, given up, or its URL briefed by any feed."""
        with self._transaction() as session:
            row = session.scalar(
                sa.select(FeedEntryRow).where(
                    FeedEntryRow.feed_id == feed_id, FeedEntryRow.entry_key == key
                )
            )
            if row is not None and (row.brief_id or row.attempts >= MAX_ENTRY_ATTEMPTS):
                return True
            same_url = session.scalar(
                sa.select(sa.func.count())
                .select_from(FeedEntryRow)
                .where(FeedEntryRow.url == url, FeedEntryRow.brief_id.is_not(None))
            )
            return bool(same_url)

    def record(
        self,
        entry: Entry,
        *,
        brief_id: str | None = None,
        day: dt.date | None = None,
        error: str | None = None,
    ) -> None:
        now = dt.datetime.now(dt.UTC)
        with self._transaction() as session:
            row = session.scalar(
                sa.select(FeedEntryRow).where(
                    FeedEntryRow.feed_id == entry.feed_id, FeedEntryRow.entry_key == entry.key
                )
            )
            if row is None:
                row = FeedEntryRow(
                    feed_id=entry.feed_id, entry_key=entry.key, url=entry.url, attempts=0
                )
                session.add(row)
            row.seen_at = now
            if brief_id is not None:
                row.brief_id, row.day, row.error = brief_id, day, None
            else:
                row.attempts = (row.attempts or 0) + 1
                row.error = error

    def due(self, now: dt.datetime | None = None, *, force: bool = False) -> builtins.list[Feed]:
        now = now or dt.datetime.now(dt.UTC)
        feeds = self.list()
        if force:
            return feeds
        return [f for f in feeds if f.retry_at is None or f.retry_at <= now]
