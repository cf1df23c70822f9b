"""The archive's schema: every table briefing keeps, on one ``MetaData``.

``briefs`` and ``articles`` (the archive), ``feeds`` and ``feed_entries`` (polling),
``jobs``, ``job_lines`` and ``job_sends`` (queued work), ``digest_sends`` (digests sent).
The full-text index ``brief_search`` is raw DDL (FTS5 on SQLite, a generated tsvector on
PostgreSQL), kept in ``search.py`` and outside ``metadata``. Alembic's migrations
(``briefing/migrations``) are compared with ``metadata`` by a test: autogenerate finds
no difference.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ArticleRow",
    "Base",
    "BriefRow",
    "FeedEntryRow",
    "FeedRow",
    "digest_sends_table",
    "job_lines_table",
    "job_sends_table",
    "jobs_table",
    "metadata",
]


class Base(DeclarativeBase):
    """The archive's models; ``metadata`` is theirs."""


class ArticleRow(Base):
    """One distinct article, shared by every brief made from it.

    Keyed by ``content_hash``; its text is not stored here: the brief's JSON (``BriefRow.data``)
    holds the one copy of the clean text every offset points into.
    """

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    title: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    published: Mapped[dt.date | None] = mapped_column(sa.Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class BriefRow(Base):
    """One stored brief: the Brief JSON and the columns the archive is queried by."""

    __tablename__ = "briefs"
    __table_args__ = (
        # the archive's order, with the id: a page's ids are read from the index alone,
        # however deep the page (``Archive.list``)
        sa.Index("ix_briefs_day_ingested_id", "day", "ingested_at", "id"),
        # the list of sources: one index step per source (``Archive.sources``)
        sa.Index("ix_briefs_source", "source"),
    )

    id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("articles.id", ondelete="RESTRICT"), index=True
    )
    day: Mapped[dt.date] = mapped_column(sa.Date)
    title: Mapped[str] = mapped_column(sa.Text, index=True)
    #: the article's source as this brief gives it (None: none given)
    source: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    method: Mapped[str] = mapped_column(sa.String(40))
    #: ISO 639-1 code of the article's language (briefs stored before: "en")
    language: Mapped[str] = mapped_column(sa.String(8), server_default="en")
    ingested_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    data: Mapped[str] = mapped_column(sa.Text)


#: the source filter, case-insensitive, in the archive's order
sa.Index(
    "ix_briefs_source_lower",
    sa.func.lower(BriefRow.source),
    BriefRow.day,
    BriefRow.ingested_at,
    BriefRow.id,
)

metadata = Base.metadata


jobs_table = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

job_lines_table = sa.Table(
    "job_lines",
    metadata,
    sa.Column(
        "job_id", sa.String(64), sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("line", sa.Integer, primary_key=True),
    sa.Column("brief_id", sa.String(200), nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
)

job_sends_table = sa.Table(
    "job_sends",
    metadata,
    sa.Column(
        "job_id", sa.String(64), sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("line", sa.Integer, primary_key=True),
    #: the task queue it was sent to: the workers of that queue send it again
    sa.Column("queue", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

digest_sends_table = sa.Table(
    "digest_sends",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("recipients_key", sa.String(64), primary_key=True),
    sa.Column("recipients", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
)


class FeedRow(Base):
    """One polled feed: its address, name, cache validators and how its polls went."""

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


class FeedEntryRow(Base):
    """One entry seen in a feed: the brief it became, or its failed attempts."""

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
