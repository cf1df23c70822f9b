"""The task queue (an edge, like ``web/`` and ``cli.py``): Celery over Redis.

With ``BRIEFING_BROKER_URL`` set, the web app and the CLI hand articles to workers
(``briefing worker``, on any machine with the same settings) through the broker, and the
workers store the briefs in the shared archive. Without it, nothing here is used: the same
functions of ``briefing.jobs`` run in the request or the command, as before.

Why the tasks are safe to run twice, and when they do:

- **idempotent**: a brief's id is its content hash (or the id the line gives) and the
  archive stores it by upsert; a job's line is recorded by upsert on ``(job, line)``;
- **acks_late + reject_on_worker_lost**: a task is acknowledged only once it has finished,
  so a worker killed mid-task (kill -9, lost machine) leaves it to another worker — at
  once when the pool's child dies, after ``BRIEFING_TASK_VISIBILITY_TIMEOUT`` when the
  whole worker vanishes;
- **lost messages sent again**: the broker is a transport, the archive the record. Redis
  hands a message over before the worker notes it as unacknowledged, so a ``kill -9`` in
  that gap (about a millisecond) loses it, and a Redis without persistence loses every
  queued message when it restarts. A job keeps each line's payload until the line is
  recorded (``job_sends``); every worker looks every few seconds for lines of its queue
  sent more than ``BRIEFING_TASK_VISIBILITY_TIMEOUT`` ago, of jobs that have recorded
  nothing for as long, while nothing waits in the queue, and sends them again
  (``resend_lost_lines``);
- **retries**: an unavailable archive (``StorageError``: PostgreSQL restarting, a dropped
  connection) is retried with exponential backoff up to ``BRIEFING_TASK_RETRIES`` times;
  then the line is recorded as failed, so no job waits forever;
- **time limit**: ``BRIEFING_TASK_TIME_LIMIT`` (soft limit 10 s earlier: the line is
  recorded as failed and the worker moves on).

The digest task claims ``(date, recipients)`` in the archive's ``digest_sends`` table
before sending, so a date's digest goes out once even when two beat processes run.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import random
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from celery import Celery, bootsteps
from celery.exceptions import SoftTimeLimitExceeded
from celery.schedules import crontab

from briefing.config import Settings, digest_schedule_parts
from briefing.errors import DeliveryError, OptionsError, QueueUnavailableError, StorageError
from briefing.jobs import JobStore, new_job_id, run_line

__all__ = ["TaskQueue", "make_celery", "queue_of", "resend_lost_lines"]

logger = logging.getLogger(__name__)

LINE_TASK = "briefing.run_line"
DIGEST_TASK = "briefing.send_digest"
FEED_ENTRY_TASK = "briefing.feed_entry"
#: Seconds a caller waits for the broker before it answers 503.
BROKER_CHECK_SECONDS = 3.0
#: Longest pause between two retries of one task.
RETRY_BACKOFF_MAX = 60.0


def make_celery(settings: Settings) -> Celery:
    """A Celery app for ``settings`` with briefing's tasks (and the digest beat schedule).

    Raises:
        OptionsError: no broker is configured.
    """
    if not settings.broker_url:
        raise OptionsError("no task queue: set BRIEFING_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    app = Celery("briefing", broker=settings.broker_url, set_as_current=False)
    transport = {
        "visibility_timeout": settings.task_visibility_timeout,
        "socket_connect_timeout": BROKER_CHECK_SECONDS,
        # look for a vanished worker's tasks every few seconds (kombu's default is ~100 s)
        "unacked_restore_interval": sweep_interval(settings),
        "unacked_restore_throttle": 1,
        # a worker killed during that sweep holds its lock until it expires (kombu: 300 s)
        "unacked_mutex_expire": max(5, min(300, settings.task_visibility_timeout // 2)),
    }
    app.conf.update(
        result_backend=settings.broker_url if settings.broker_url.startswith("redis") else None,
        result_expires=7 * 24 * 3600,
        task_default_queue=settings.queue,
        task_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_time_limit=settings.task_time_limit,
        task_soft_time_limit=settings.task_time_limit - 10,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_timeout=BROKER_CHECK_SECONDS,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        enable_utc=True,
    )
    if settings.digest_schedule:
        hour, minute, zone = digest_schedule_parts(settings.digest_schedule)
        app.conf.timezone = zone
        app.conf.beat_schedule = {
            "daily-digest": {
                "task": DIGEST_TASK,
                "schedule": crontab(hour=str(hour), minute=str(minute)),
                "options": {"queue": settings.queue},
            }
        }
    resources = _archive_of_this_process(settings)
    _register_tasks(app, settings, resources)
    app.steps["worker"].add(_lost_line_sweep(settings, resources))
    return app


def _archive_of_this_process(settings: Settings) -> Callable[[], tuple[Any, JobStore]]:
    """``resources()``: the archive and job store of the calling process, made on first use,
    shared by its tasks and its sweep for lost lines."""
    state: dict[str, Any] = {}

    def resources() -> tuple[Any, JobStore]:
        if "archive" not in state:
            from briefing.store import Archive

            archive = Archive.from_settings(settings)
            # the prefork pool forks its processes from one that may have made this: a
            # child must not use (or close) the connections it inherits (SQLAlchemy's
            # advice for fork), and opens its own from the same engine
            os.register_at_fork(after_in_child=lambda: archive.engine.dispose(close=False))
            state["archive"] = archive
            state["jobs"] = JobStore(archive.engine)
        return state["archive"], state["jobs"]

    return resources


def sweep_interval(settings: Settings) -> int:
    """Seconds between two looks for lost work: a fifth of the visibility timeout, 1-10 s."""
    return max(1, min(10, settings.task_visibility_timeout // 5))


def resend_lost_lines(queue: TaskQueue, jobs: JobStore) -> int:
    """Send again the lines of jobs the broker lost; how many.

    A line counts as lost when nothing waits in the queue (a line behind a backlog is late,
    not lost), it was sent more than ``BRIEFING_TASK_VISIBILITY_TIMEOUT`` ago, and its job
    has recorded nothing for as long. A line sent twice is stored once (see the module
    docstring), so a wrong guess costs one brief's work, never a duplicate.

    Raises:
        StorageError, QueueUnavailableError: the archive or the broker failed.
    """
    if queue.waiting():
        return 0
    lost = jobs.claim_lost(queue.settings.queue, queue.settings.task_visibility_timeout)
    if lost:
        logger.warning(
            "sending again %d lines the broker lost (jobs %s)",
            len(lost),
            ", ".join(sorted({job_id for job_id, _line, _payload in lost})),
        )
        queue.send_lines(lost)
    return len(lost)


def _lost_line_sweep(
    settings: Settings, resources: Callable[[], tuple[Any, JobStore]]
) -> type[bootsteps.StartStopStep]:
    """A worker step that runs ``resend_lost_lines`` every ``sweep_interval`` seconds."""

    class LostLineSweep(bootsteps.StartStopStep):  # type: ignore[misc]
        requires = ("celery.worker.components:Timer",)

        def __init__(self, worker: Any, **kwargs: Any) -> None:
            super().__init__(worker, **kwargs)
            self.timer_ref: Any = None

        def start(self, worker: Any) -> None:
            queue = TaskQueue(settings, app=worker.app)
            self.timer_ref = worker.timer.call_repeatedly(
                sweep_interval(settings), self.sweep, (queue,), priority=10
            )

        def stop(self, worker: Any) -> None:
            if self.timer_ref is not None:
                self.timer_ref.cancel()
                self.timer_ref = None

        def sweep(self, queue: TaskQueue) -> None:
            try:
                _archive, jobs = resources()
                resend_lost_lines(queue, jobs)
            except Exception:  # the next sweep tries again; the worker goes on either way
                logger.exception("looking for lines the broker lost failed")

    return LostLineSweep


def _register_tasks(
    app: Celery, settings: Settings, resources: Callable[[], tuple[Any, JobStore]]
) -> None:
    #: every task is acknowledged only when done, delivered again if its worker dies, and
    #: retried up to BRIEFING_TASK_RETRIES times
    redelivered: dict[str, Any] = {
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "max_retries": settings.task_retries,
    }

    @app.task(  # type: ignore[untyped-decorator]
        name=LINE_TASK,
        ignore_result=True,
        **redelivered,
    )
    def run_line_task(self: Any, job_id: str, line: int, payload: dict[str, Any]) -> str | None:
        try:
            archive, jobs = resources()
            return run_line(archive, jobs, settings, job_id, line, payload)
        except SoftTimeLimitExceeded:
            message = (
                f"took longer than {settings.task_time_limit - 10} s (BRIEFING_TASK_TIME_LIMIT)"
            )
            _record_failure(resources, job_id, line, message)
            return None
        except StorageError as error:
            if self.request.retries >= settings.task_retries:
                _record_failure(resources, job_id, line, error.message)
                return None
            logger.warning("line %s of job %s: %s; retrying", line, job_id, error.message)
            raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error

    @app.task(  # type: ignore[untyped-decorator]
        name=DIGEST_TASK,
        **redelivered,
    )
    def send_digest_task(
        self: Any, day: str | None = None, recipients: list[str] | None = None
    ) -> str:
        try:
            archive, jobs = resources()
            return send_digest_once(archive, jobs, settings, day, recipients)
        except (StorageError, DeliveryError) as error:
            if self.request.retries >= settings.task_retries:
                raise
            raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error

    @app.task(  # type: ignore[untyped-decorator]
        name=FEED_ENTRY_TASK,
        ignore_result=True,
        **redelivered,
    )
    def feed_entry_task(self: Any, entry: dict[str, Any]) -> str | None:
        """Fetch, brief and store one feed entry (``feeds poll`` with a broker)."""
        from briefing.errors import BriefingError
        from briefing.feeds import AlreadyBriefed, FeedRegistry, process_entry

        archive, _jobs = resources()
        try:
            return process_entry(FeedRegistry(archive, settings), entry_of(entry))
        except AlreadyBriefed:
            return None  # delivered twice, or another poll queued it too: stored once
        except StorageError as error:
            if self.request.retries >= settings.task_retries:
                raise
            raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
        except BriefingError as error:
            # recorded against the entry; the next poll tries it again (bounded attempts)
            logger.warning("feed entry %s: %s", entry.get("url"), error.message)
            return None

    app.briefing_tasks = {
        LINE_TASK: run_line_task,
        DIGEST_TASK: send_digest_task,
        FEED_ENTRY_TASK: feed_entry_task,
    }

    from celery.signals import worker_process_init, worker_ready

    def warm_up(**_kwargs: Any) -> None:
        """Load the splitter's parameters and the rankers before the first task, not in it."""
        from briefing.brief import build_brief

        build_brief("Warm up. The worker is ready.", settings=settings)

    worker_process_init.connect(warm_up, weak=False)
    worker_ready.connect(warm_up, weak=False)


def backoff(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: exponential, jittered, capped."""
    return float(min(RETRY_BACKOFF_MAX, 0.5 * 2**retries) * random.uniform(0.5, 1.0))


def _record_failure(resources: Any, job_id: str, line: int, message: str) -> None:
    try:
        _archive, jobs = resources()
        jobs.record(job_id, line, error=message)
    except StorageError:
        logger.exception("line %s of job %s could not be recorded as failed", line, job_id)


def digest_day(settings: Settings, now: dt.datetime | None = None) -> dt.date:
    """The date the scheduled digest covers: today or yesterday in the schedule's zone."""
    zone = settings.timezone
    if settings.digest_schedule:
        zone = digest_schedule_parts(settings.digest_schedule)[2]
    today = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(zone)).date()
    return today if settings.digest_day == "today" else today - dt.timedelta(days=1)


def send_digest_once(
    archive: Any,
    jobs: JobStore,
    settings: Settings,
    day: str | None = None,
    recipients: list[str] | None = None,
) -> str:
    """Send ``day``'s digest to ``recipients`` unless it was sent already; say which.

    Raises:
        OptionsError: no recipients are configured.
        DeliveryError, StorageError: sending failed (the claim is given up, so a retry
            sends it).
    """
    from briefing.delivery import send_message
    from briefing.digest import build_digest
    from briefing.options import parse_date
    from briefing.render.mail import message_bytes, render_digest_email

    addresses = list(recipients or settings.digest_recipients)
    if not addresses:
        raise OptionsError("the scheduled digest has no recipients (BRIEFING_DIGEST_RECIPIENTS)")
    date = parse_date(day) if day else digest_day(settings)
    if not jobs.claim_digest(date, addresses):
        return f"digest of {date.isoformat()} already sent to {', '.join(addresses)}"
    try:
        briefs = [stored.brief for stored in archive.briefs_for_day(date)]
        result = build_digest(briefs, date)
        data = message_bytes(render_digest_email(result, settings, to=addresses))
        send_message(data, addresses, settings)
    except BaseException:
        jobs.release_digest(date, addresses)
        raise
    return f"digest of {date.isoformat()} sent to {', '.join(addresses)}"


class TaskQueue:
    """The producer side: puts jobs on the queue for workers (the web app, the CLI)."""

    def __init__(self, settings: Settings, *, app: Celery | None = None) -> None:
        self.settings = settings
        self.app = app if app is not None else make_celery(settings)

    def check(self) -> None:
        """Make sure the broker answers.

        Raises:
            QueueUnavailableError: it does not (within a few seconds).
        """
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(
                    max_retries=1, interval_start=0, timeout=BROKER_CHECK_SECONDS
                )
        except Exception as error:  # kombu raises the transport's own errors
            raise QueueUnavailableError(
                f"the task queue does not answer ({type(error).__name__}); "
                "try again later, or send the request without Prefer: respond-async"
            ) from error

    def enqueue(self, jobs: JobStore, items: list[tuple[int, dict[str, Any] | str]]) -> str:
        """A new job of ``items`` (line, payload or error); errors are recorded at once.

        Raises:
            QueueUnavailableError: the broker does not answer.
        """
        self.check()
        job_id = new_job_id()
        sending = [(line, payload) for line, payload in items if not isinstance(payload, str)]
        jobs.create(job_id, len(items), sending, queue=self.settings.queue)
        for line, payload in items:
            if isinstance(payload, str):
                jobs.record(job_id, line, error=payload)
        self.send_lines([(job_id, line, payload) for line, payload in sending])
        return job_id

    def send_lines(self, lines: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Send ``(job_id, line, payload)`` triples to the workers.

        Raises:
            QueueUnavailableError: the broker failed.
        """
        try:
            with self.app.producer_or_acquire() as producer:
                for job_id, line, payload in lines:
                    self.app.send_task(
                        LINE_TASK,
                        args=(job_id, line, payload),
                        queue=self.settings.queue,
                        producer=producer,
                        retry=False,
                    )
        except Exception as error:
            raise QueueUnavailableError(
                f"the task queue failed while sending {len(lines)} lines: {type(error).__name__}"
            ) from error

    def waiting(self) -> int:
        """How many messages wait in the queue (not those a worker holds)."""
        with self.app.connection_for_read() as connection:
            try:
                declared = connection.default_channel.queue_declare(
                    queue=self.settings.queue, passive=True
                )
            except connection.channel_errors:
                return 0  # the broker has no such queue: an empty one is dropped
            return int(declared.message_count)

    def enqueue_entry(self, entry: Any) -> str:
        """Queue one feed entry (a ``briefing.feeds.Entry``); the task id.

        Raises:
            QueueUnavailableError: the broker does not answer.
        """
        try:
            result = self.app.send_task(
                FEED_ENTRY_TASK,
                args=(entry_payload(entry),),
                queue=self.settings.queue,
                retry=False,
            )
        except Exception as error:
            raise QueueUnavailableError(
                f"the task queue failed while queuing a feed entry: {type(error).__name__}"
            ) from error
        return str(result.id)

    def send_digest(self, day: str | None = None, recipients: list[str] | None = None) -> str:
        """Queue one digest send; the task id."""
        self.check()
        result = self.app.send_task(
            DIGEST_TASK, args=(day, recipients), queue=self.settings.queue, retry=False
        )
        return str(result.id)

    def close(self) -> None:
        """Release the broker connections."""
        self.app.close()


def entry_payload(entry: Any) -> dict[str, Any]:
    """A feed entry as a task payload (JSON: the day as YYYY-MM-DD)."""
    return {
        "feed_id": entry.feed_id,
        "key": entry.key,
        "url": entry.url,
        "title": entry.title,
        "day": entry.day.isoformat() if entry.day else None,
    }


def entry_of(payload: dict[str, Any]) -> Any:
    """The ``briefing.feeds.Entry`` a payload of ``entry_payload`` stands for."""
    from briefing.feeds import Entry

    day = payload.get("day")
    return Entry(
        feed_id=int(payload["feed_id"]),
        key=str(payload["key"]),
        url=str(payload["url"]),
        title=payload.get("title"),
        day=dt.date.fromisoformat(day) if day else None,
    )


def upload_payload(data: bytes, filename: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """A multipart upload as a task payload (JSON carries bytes as base64)."""
    payload = dict(fields)
    payload["file_b64"] = base64.b64encode(data).decode("ascii")
    payload["filename"] = filename
    return payload


def queue_of(settings: Settings) -> TaskQueue | None:
    """The task queue the settings name, or None when no broker is configured."""
    return TaskQueue(settings) if settings.broker_url else None
