"""Feeds: RSS 2.0 and Atom sources polled into the archive, so the daily brief fills itself.

Two tables, on the archive's SQLAlchemy metadata (one Alembic migration can create them):

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

``poll`` reads each due feed (conditional GET through ``briefing.fetch``), lists its new
entries and hands each to ``process_entry``, the unit a task queue can run one at a time.
"""

from __future__ import annotations

import builtins
import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from briefing.config import Settings
from briefing.errors import BriefingError, NotFoundError, OptionsError, StorageError
from briefing.fetch import FEED_TYPES, FetchError, Resolver, fetch, fetch_article
from briefing.store import Archive, create_tables
from briefing.store import _Base as StoreBase

__all__ = [
    "Entry",
    "Feed",
    "FeedRegistry",
    "PollReport",
    "poll",
    "process_entry",
]

#: An entry that failed this many times is given up (kept as failed, never fetched again).
MAX_ENTRY_ATTEMPTS = 3


class FeedRow(StoreBase):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(sa.Text, unique=True)
    name: Mapped[str] = mapped_column(sa.Text)
    etag: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True
    )
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    failures: Mapped[int] = mapped_column(sa.Integer, default=0)
    retry_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class FeedEntryRow(StoreBase):
    __tablename__ = "feed_entries"
    __table_args__ = (sa.UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_key"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), index=True
    )
    entry_key: Mapped[str] = mapped_column(sa.Text)
    url: Mapped[str] = mapped_column(sa.Text, index=True)
    brief_id: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    day: Mapped[dt.date | None] = mapped_column(sa.Date, nullable=True)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)


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


@dataclass
class PollReport:
    """What one poll did: briefs stored, and one line per feed or entry that failed."""

    stored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class FeedRegistry:
    """The feeds tables of an archive's database."""

    def __init__(self, archive: Archive, settings: Settings) -> None:
        self.archive = archive
        self.settings = settings
        self._zone = ZoneInfo(settings.timezone)
        self._sessions = sessionmaker(archive.engine, expire_on_commit=False)
        # the archive's metadata holds the feeds tables too; existing ones are kept
        create_tables(archive.engine, StoreBase.metadata.create_all, "the feeds tables")

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


# -- polling ---------------------------------------------------------------------------


def _entry_day(entry: Any, zone: ZoneInfo) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
            return moment.astimezone(zone).date()
    return None


def read_feed(
    registry: FeedRegistry, feed: Feed, *, resolver: Resolver | None = None
) -> list[Entry] | None:
    """The new entries of ``feed`` (``None`` when the server says nothing changed).

    Raises:
        FetchError: the feed could not be fetched or is not a feed.
    """
    import feedparser

    settings = registry.settings
    etag, last_modified = registry.validators(feed.id)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = fetch(feed.url, settings, accept=FEED_TYPES, headers=headers, resolver=resolver)
    if page.not_modified:
        return None
    parsed = feedparser.parse(page.body)
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FetchError(f"the feed cannot be read: {reason or 'not RSS or Atom'}")
    if not parsed.get("version") and not parsed.entries:
        raise FetchError("the feed cannot be read: not RSS or Atom")
    zone = ZoneInfo(settings.timezone)
    entries: list[Entry] = []
    for item in parsed.entries[: settings.feed_max_entries]:
        link = str(item.get("link") or "").strip()
        if not link:
            continue
        key = str(item.get("id") or link)
        if registry.known(feed.id, key, link):
            continue
        entries.append(
            Entry(
                feed_id=feed.id,
                key=key,
                url=link,
                title=str(item.get("title") or "").strip() or None,
                day=_entry_day(item, zone),
            )
        )
    registry.polled(
        feed.id,
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
    )
    return entries


def process_entry(registry: FeedRegistry, entry: Entry, *, resolver: Resolver | None = None) -> str:
    """Fetch, brief and store one entry under its entry date; returns the brief id.

    The unit of work a queue worker runs per entry. A failure is recorded against the entry
    (retried on later polls, given up after ``MAX_ENTRY_ATTEMPTS``) and raised again.
    """
    from briefing.brief import build_brief

    settings = registry.settings
    if registry.known(entry.feed_id, entry.key, entry.url):
        raise AlreadyBriefed(entry.url)
    try:
        article = fetch_article(entry.url, settings, resolver=resolver)
        brief = build_brief(article, settings=settings)
        stored = registry.archive.save(brief, day=entry.day)
    except BriefingError as error:
        registry.record(entry, error=error.message)
        raise
    registry.record(entry, brief_id=stored.brief.id, day=stored.day)
    return stored.brief.id


class AlreadyBriefed(BriefingError):
    """Another worker briefed this entry meanwhile."""


def poll(
    registry: FeedRegistry,
    *,
    force: bool = False,
    resolver: Resolver | None = None,
    run_entry: Callable[[FeedRegistry, Entry], str] | None = None,
    feeds: Sequence[Feed] | None = None,
) -> PollReport:
    """Poll every due feed; one failing feed or entry never stops the others."""
    report = PollReport()

    def default_run(reg: FeedRegistry, entry: Entry) -> str:
        return process_entry(reg, entry, resolver=resolver)

    run = run_entry or default_run
    for feed in feeds if feeds is not None else registry.due(force=force):
        try:
            entries = read_feed(registry, feed, resolver=resolver)
        except BriefingError as error:
            registry.polled(feed.id, error=error.message)
            report.errors.append(f"feed {feed.name}: {error.message}")
            continue
        failed = False
        for entry in entries or []:
            try:
                report.stored.append(run(registry, entry))
            except AlreadyBriefed:
                report.skipped.append(entry.url)
            except BriefingError as error:
                failed = True
                report.errors.append(f"feed {feed.name}: {entry.url}: {error.message}")
        if failed:
            registry.clear_validators(feed.id)
    return report
