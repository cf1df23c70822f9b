"""The archive's database (SQLite by default, PostgreSQL by URL), on one ``MetaData``.

``schema`` declares every table; ``archive`` stores and finds briefs (``search``: the
full-text index), ``jobs`` keeps queued work and digest sends, ``feeds`` the polled feeds.
One engine serves them all: ``Archive.from_settings`` makes it and the schema.
"""

from __future__ import annotations

from briefing.store.archive import Archive, StoredBrief, engine_url
from briefing.store.feeds import Entry, Feed, FeedRegistry
from briefing.store.jobs import JobStore
from briefing.store.schema import metadata

__all__ = [
    "Archive",
    "Entry",
    "Feed",
    "FeedRegistry",
    "JobStore",
    "StoredBrief",
    "engine_url",
    "metadata",
]
