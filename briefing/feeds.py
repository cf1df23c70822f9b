"""Feeds: RSS 2.0 and Atom sources polled into the archive, so the daily brief fills itself.

``poll`` reads each due feed (a conditional GET through ``briefing.fetch``, where the
site's robots.txt allows it), lists its new entries and hands each to ``run_entry``: the
``Briefing`` service briefs and stores it in the process (asking robots.txt again for
the entry's address), or queues it as one task. The feeds' bookkeeping is
``store.feeds``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from briefing import metrics
from briefing.errors import BriefingError, FetchError
from briefing.fetch import FEED_TYPES, Resolver, fetch
from briefing.robots import RobotsRules
from briefing.store.feeds import Entry, Feed, FeedRegistry

__all__ = ["PollReport", "poll", "read_feed"]


@dataclass
class PollReport:
    """What one poll did: briefs stored, and one line per feed or entry that failed."""

    stored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: feeds read, and those of them that could not be (metrics count both)
    polled: int = 0
    failed_feeds: int = 0


def _entry_day(entry: Any, zone: ZoneInfo) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
            return moment.astimezone(zone).date()
    return None


def read_feed(
    registry: FeedRegistry,
    feed: Feed,
    *,
    resolver: Resolver | None = None,
    robots: RobotsRules | None = None,
) -> list[Entry] | None:
    """The new entries of ``feed`` (``None`` when the server says nothing changed).

    Raises:
        RobotsDisallowedError: the site's robots.txt keeps briefing from the feed.
        FetchError: the feed could not be fetched or is not a feed.
    """
    import feedparser

    settings = registry.settings
    if robots is not None:
        robots.check(feed.url)
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


#: what is done with one new entry: its brief id (or task id), or None when another
#: worker briefed it meanwhile
EntryRunner = Callable[[Entry], str | None]


def poll(
    registry: FeedRegistry,
    run_entry: EntryRunner,
    *,
    force: bool = False,
    resolver: Resolver | None = None,
    feeds: Sequence[Feed] | None = None,
    robots: RobotsRules | None = None,
) -> PollReport:
    """Poll every due feed and run each new entry; one failing feed or entry never stops
    the others."""
    report = PollReport()
    for feed in feeds if feeds is not None else registry.due(force=force):
        report.polled += 1
        try:
            entries = read_feed(registry, feed, resolver=resolver, robots=robots)
        except BriefingError as error:
            registry.polled(feed.id, error=error.message)
            report.errors.append(f"feed {feed.name}: {error.message}")
            report.failed_feeds += 1
            if isinstance(error, FetchError):
                metrics.fetch_refused(error.code)
            continue
        failed = False
        for entry in entries or []:
            try:
                done = run_entry(entry)
            except BriefingError as error:
                failed = True
                report.errors.append(f"feed {feed.name}: {entry.url}: {error.message}")
                continue
            if done is None:
                report.skipped.append(entry.url)
            else:
                report.stored.append(done)
        if failed:
            registry.clear_validators(feed.id)
    return report
