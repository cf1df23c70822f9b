"""The ``Briefing`` service: what every edge calls, built once from ``Settings``.

The app factory, the CLI group and each worker process build one ``Briefing``; the edges
turn what they got into ``ArticleRequest``s (``briefing.request``) and call it:

    brief(request)              the brief, stored nowhere
    store(request)              the brief, stored in the archive
    submit(lines)               a job of many: queued for the workers, or run here
    run_line(job, line, ...)    one line of a job (what a worker's task does)
    digest(day)                 a day's digest; send_digest(day, to, once=) mails it
    poll_feeds()                every due feed's new entries, briefed and stored (or queued)

It owns the archive, the job store, the feeds and the task queue, each made on first use
(``briefing brief`` opens no database). Whether work is queued is decided once: a broker
is configured (``BRIEFING_BROKER_URL``) or not; a worker's own service never queues.
The core receives ``settings.limits`` only.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from briefing import metrics
from briefing.brief import compose_brief
from briefing.config import Settings, digest_schedule_parts
from briefing.digest import Digest, build_digest
from briefing.errors import (
    BriefingError,
    FetchError,
    InputTooLargeError,
    OptionsError,
    OverBudgetError,
    StorageError,
)
from briefing.feeds import PollReport, poll
from briefing.fetch import Resolver, fetch_article, vet_host
from briefing.models import FACT_MODELS, Article, ArticleMeta, Brief
from briefing.request import ArticleRequest, BatchLine
from briefing.robots import RobotsRules
from briefing.store.archive import Archive, StoredBrief
from briefing.store.feeds import Entry, Feed, FeedRegistry
from briefing.store.jobs import JobStore, new_job_id
from briefing.summarise.cost import estimated_seconds, sentences_in

if TYPE_CHECKING:  # Celery is imported only when a broker is configured (briefing[queue])
    from briefing.taskqueue import TaskQueue

__all__ = ["UNEXPECTED_LINE_ERROR", "Briefing", "DigestSent", "Job", "digest_day"]

#: what a job records for a line that failed in a way nobody meant (the log has the rest)
UNEXPECTED_LINE_ERROR = "an unexpected error stopped this line; it has been logged"
#: what a synchronous batch records for a line its request had no time left for
NOT_RUN_ERROR = (
    "not run: the request's {budget:g} s (BRIEFING_REQUEST_BUDGET) were spent before this "
    "line; send it again, or use a task queue"
)
#: sentences a fetched page is costed at before it is read (a long news article)
TYPICAL_SENTENCES = 150
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A submitted job: its JSON (``GET /api/v1/jobs/<id>``) and whether workers run it."""

    data: dict[str, Any]
    queued: bool

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass(frozen=True)
class DigestSent:
    """What ``send_digest`` did: the message sent (None: it had been sent already)."""

    day: dt.date
    recipients: tuple[str, ...]
    message: bytes | None

    @property
    def report(self) -> str:
        """One line for a log: sent, or already sent."""
        state = "sent" if self.message is not None else "already sent"
        return f"digest of {self.day.isoformat()} {state} to {', '.join(self.recipients)}"


class Briefing:
    """Every use of briefing, behind one object (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        *,
        queued: bool | None = None,
        resolver: Resolver | None = None,
        budget: float | None = None,
    ) -> None:
        self.settings = settings
        #: the core's limits; ``budget`` bounds the estimated cost of one piece of work (a
        #: web request's BRIEFING_REQUEST_BUDGET, a worker's task time limit; None: none)
        self.limits = replace(settings.limits, budget_seconds=budget)
        #: work goes to the workers (a broker is configured, and this is not a worker)
        self.queued = bool(settings.broker_url) if queued is None else queued
        self._resolver = resolver

    # -- the parts, each made on first use ---------------------------------------------

    @cached_property
    def archive(self) -> Archive:
        """The archive (its tables are made when it opens)."""
        return Archive.from_settings(self.settings)

    @cached_property
    def jobs(self) -> JobStore:
        return JobStore(self.archive.engine, create=self.archive.read_only is None)

    @cached_property
    def feeds(self) -> FeedRegistry:
        return FeedRegistry(self.archive, self.settings)

    @cached_property
    def robots(self) -> RobotsRules:
        """robots.txt verdicts for feeds and their entries, kept for this process."""
        return RobotsRules(self.settings, self._resolver)

    @cached_property
    def queue(self) -> TaskQueue | None:
        """The task queue, when work is queued."""
        if not self.queued:
            return None
        from briefing.taskqueue import TaskQueue

        return TaskQueue(self.settings)

    def close(self) -> None:
        """Release the archive's connections and the broker's (what was opened)."""
        if "queue" in self.__dict__ and self.queue is not None:
            self.queue.close()
        if "archive" in self.__dict__:
            self.archive.close()

    # -- one article ---------------------------------------------------------------------

    def read(self, request: ArticleRequest) -> Article:
        """The request's article, after ingest (fetched safely first when it is an address)."""
        return request.read(self.limits, self._fetch)

    def _fetch(self, url: str, meta: ArticleMeta) -> Article:
        try:
            return fetch_article(url, self.settings, meta=meta, resolver=self._resolver)
        except FetchError as error:
            metrics.fetch_refused(error.code)
            raise

    def brief(self, request: ArticleRequest) -> Brief:
        """The brief of one article, stored nowhere."""
        started = time.perf_counter()
        brief = compose_brief(self.read(request), request.options, self.limits, id=request.id)
        found = {kind: len(brief.facts.of(kind)) for kind in FACT_MODELS}
        metrics.brief_built(brief.summary.method, time.perf_counter() - started, found)
        return brief

    def store(self, request: ArticleRequest, *, day: dt.date | None = None) -> StoredBrief:
        """The brief of one article, stored (under ``day``, else its own date)."""
        self.archive.check_writable()  # before the work, not after it
        return self.archive.save(self.brief(request), day=day)

    # -- many articles: jobs ---------------------------------------------------------------

    def submit(self, lines: Sequence[BatchLine]) -> Job:
        """A job of ``lines``: queued for the workers, or (no broker) run here at once.

        A line with an error is recorded as failed; the others are briefed and stored.

        Raises:
            InputTooLargeError: run here, the job has more lines than
                ``BRIEFING_BATCH_SYNC_MAX_LINES``.
            OverBudgetError: run here, the job is estimated to take longer than the
                request budget (its lines are said not run if it proves slower).
            QueueUnavailableError: the broker does not answer.
        """
        self.archive.check_writable()
        items: list[tuple[int, dict[str, Any] | str]] = [
            (line.number, line.request.to_payload() if line.request else line.error or "")
            for line in lines
        ]
        if self.queue is not None:
            job_id = self.queue.enqueue(self.jobs, items)
            return Job(self.jobs.get(job_id), queued=True)
        limit = self.settings.batch_sync_max_lines
        if len(items) > limit:
            raise InputTooLargeError(
                f"without a task queue a batch runs in the request and holds at most "
                f"{limit:,} lines (BRIEFING_BATCH_SYNC_MAX_LINES); this one has {len(items):,}"
            )
        budget = self.limits.budget_seconds
        costs = {number: self.estimated_seconds(item) for number, item in items}
        if budget is not None and sum(costs.values()) > budget:
            raise OverBudgetError(
                f"this batch would take up to {sum(costs.values()):,.0f} s, more than the "
                f"{budget:g} s a request may take (BRIEFING_REQUEST_BUDGET): send it to a "
                "task queue (BRIEFING_BROKER_URL), or in smaller batches"
            )
        job_id = new_job_id()
        self.jobs.create(job_id, len(items))
        started = time.monotonic()
        for number, item in items:
            spent = time.monotonic() - started
            if budget is not None and spent + costs[number] > budget:
                # slower than estimated: the rest is said not run, never silently lost
                self.jobs.record(job_id, number, error=NOT_RUN_ERROR.format(budget=budget))
                metrics.job_lines("failed")
            elif isinstance(item, str):
                self.jobs.record(job_id, number, error=item)
                metrics.job_lines("failed")
            else:
                try:
                    self.run_line(job_id, number, item)
                except StorageError:
                    raise
                except Exception:
                    # one line's surprise never costs the others, nor leaves the job running
                    logger.exception("line %s of job %s failed unexpectedly", number, job_id)
                    self.jobs.record(job_id, number, error=UNEXPECTED_LINE_ERROR)
                    metrics.job_lines("failed")
        return Job(self.jobs.get(job_id), queued=False)

    def estimated_seconds(self, item: dict[str, Any] | str) -> float:
        """At most how long one batch line should take here (0 for a line in error): its
        fetch (up to BRIEFING_FETCH_TIMEOUT) and its summary, by its size and ranker."""
        if isinstance(item, str):
            return 0.0
        options = item.get("options") or {}
        method = str(options.get("method") or "news")
        if item.get("url"):
            return self.settings.fetch_timeout + estimated_seconds(method, TYPICAL_SENTENCES)
        size = sum(len(str(item.get(name) or "")) for name in ("text", "html"))
        size += len(str(item.get("file_b64") or "")) * 3 // 4
        return estimated_seconds(method, sentences_in(size))

    def run_line(self, job_id: str, line: int, payload: dict[str, Any]) -> str | None:
        """Brief, store and record one line of a job; the brief id, or None if it failed.

        Bad input is recorded as the line's error. A ``StorageError`` is *raised* (the
        archive is down: a worker retries it later); everything here is idempotent, so
        running a line twice stores one brief and records one line.
        """
        try:
            stored = self.store(ArticleRequest.from_payload(payload))
        except StorageError:
            raise
        except BriefingError as error:
            self.jobs.record(job_id, line, error=error.message)
            metrics.job_lines("failed")
            return None
        self.jobs.record(job_id, line, brief_id=stored.brief.id)
        metrics.job_lines("done")
        return stored.brief.id

    # -- the daily brief -----------------------------------------------------------------

    def digest(self, day: dt.date) -> Digest:
        """The digest of ``day``'s stored briefs."""
        return build_digest([stored.brief for stored in self.archive.briefs_for_day(day)], day)

    def digest_email(self, day: dt.date, to: Sequence[str] = ()) -> tuple[Digest, bytes]:
        """The digest of ``day`` and its email, as the ``.eml`` file and SMTP carry it."""
        from briefing.render.mail import message_bytes, render_digest_email

        digest = self.digest(day)
        email = render_digest_email(digest, self.settings.output, to=list(to))
        return digest, message_bytes(email)

    def send_digest(
        self,
        day: dt.date | None = None,
        to: Sequence[str] | None = None,
        *,
        once: bool = False,
        message: bytes | None = None,
    ) -> DigestSent:
        """Mail ``day``'s digest to ``to`` and record the send: the one way a digest goes out.

        Args:
            day: the date; by default the scheduled digest's (``BRIEFING_DIGEST_DAY``).
            to: recipients; by default ``BRIEFING_DIGEST_RECIPIENTS``.
            once: claim ``(day, recipients)`` first and send nothing if it was sent already
                (the scheduled digest; two beat processes send it once).
            message: the email's bytes when the caller has made them (to write the same
                bytes to a file); made here otherwise.

        Raises:
            OptionsError: no recipients.
            DeliveryError, StorageError: sending failed (a claim is given up, so a retry
                sends it).
        """
        from briefing.delivery import send_message

        recipients = list(to or self.settings.digest_recipients)
        if not recipients:
            raise OptionsError("the digest has no recipients (BRIEFING_DIGEST_RECIPIENTS)")
        date = day or digest_day(self.settings)
        if once and not self.jobs.claim_digest(date, recipients):
            return DigestSent(date, tuple(recipients), None)
        try:
            data = message if message is not None else self.digest_email(date, recipients)[1]
            send_message(data, recipients, self.settings)
        except BaseException:
            if once:
                self.jobs.release_digest(date, recipients)
            raise
        if not once:
            self.jobs.record_digest(date, recipients)
        return DigestSent(date, tuple(recipients), data)

    # -- feeds ---------------------------------------------------------------------------

    def add_feed(self, url: str, name: str | None = None) -> Feed:
        """Register a feed after the safe fetcher's checks of its address: http or https,
        a host that resolves, and to public addresses only (``fetch_allow_hosts`` aside).

        Raises:
            OptionsError: not an http or https address.
            PrivateAddressError, FetchError: a host that may not, or cannot, be fetched.
        """
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname or " " in url:
            raise OptionsError(f"{url!r} is not an http or https address")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise OptionsError(f"{url!r} has no valid port") from None
        vet_host(parts.hostname, port, self.settings, self._resolver)
        return self.feeds.add(url, (name or "").strip() or None)

    def poll_feeds(self, *, force: bool = False, feed: str | None = None) -> PollReport:
        """Poll every due feed (all with ``force``; only ``feed``, by id or URL, when
        given): each new entry is briefed and stored here, or queued as one task for the
        workers.

        Raises:
            QueueUnavailableError: the broker does not answer.
            NotFoundError: ``feed`` is not registered.
        """
        self.archive.check_writable()
        queue = self.queue
        only = [self.feeds.get(feed)] if feed is not None else None
        if queue is None:
            report = poll(
                self.feeds,
                self.brief_entry,
                force=force,
                resolver=self._resolver,
                robots=self.robots,
                feeds=only,
            )
        else:
            queue.check()
            report = poll(
                self.feeds,
                queue.enqueue_entry,
                force=force,
                resolver=self._resolver,
                robots=self.robots,
                feeds=only,
            )
        metrics.feed_polled(report.polled, report.failed_feeds)
        return report

    def brief_entry(self, entry: Entry) -> str | None:
        """Fetch, brief and store one feed entry under its entry date; the brief id, or
        None when it is known already (another worker briefed it meanwhile).

        A failure is recorded against the entry (retried on later polls, given up after
        a few attempts) and raised again.
        """
        registry = self.feeds
        if registry.known(entry.feed_id, entry.key, entry.url):
            return None
        try:
            self.robots.check(entry.url)
            stored = self.store(ArticleRequest(url=entry.url), day=entry.day)
        except BriefingError as error:
            registry.record(entry, error=error.message)
            raise
        registry.record(entry, brief_id=stored.brief.id, day=stored.day)
        return stored.brief.id


def digest_day(settings: Settings, now: dt.datetime | None = None) -> dt.date:
    """The date the scheduled digest covers: today or yesterday in the schedule's zone."""
    zone = settings.timezone
    if settings.digest_schedule:
        zone = digest_schedule_parts(settings.digest_schedule)[2]
    today = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(zone)).date()
    return today if settings.digest_day == "today" else today - dt.timedelta(days=1)
