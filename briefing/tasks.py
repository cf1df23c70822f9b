"""The workers (an edge, like ``web/`` and ``cli.py``): Celery tasks that call ``Briefing``.

``make_celery`` gives the app ``briefing worker`` runs: the configuration of
``briefing.taskqueue``, three tasks and a sweep. Each worker process builds one
``Briefing`` from the settings (running everything in that process) and every task is a
call to it: a job's line is ``run_line``, the scheduled digest ``send_digest(once=True)``,
a feed entry ``brief_entry``.

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

import logging
import os
import random
from collections.abc import Callable
from typing import Any

from celery import Celery, bootsteps
from celery.exceptions import SoftTimeLimitExceeded

from briefing import logs, metrics
from briefing.config import Settings
from briefing.errors import BriefingError, DeliveryError, StorageError
from briefing.options import parse_date
from briefing.service import UNEXPECTED_LINE_ERROR, Briefing
from briefing.store.jobs import JobStore
from briefing.taskqueue import (
    DIGEST_TASK,
    FEED_ENTRY_TASK,
    LINE_TASK,
    TaskQueue,
    celery_app,
    entry_of,
    sweep_interval,
)

__all__ = ["make_celery", "resend_lost_lines"]

logger = logging.getLogger(__name__)

#: Longest pause between two retries of one task.
RETRY_BACKOFF_MAX = 60.0


def make_celery(settings: Settings) -> Celery:
    """The workers' Celery app: configured for ``settings``, with briefing's tasks and the
    sweep for lines the broker lost.

    Raises:
        OptionsError: no broker is configured.
    """
    app = celery_app(settings)
    service = _service_of_this_process(settings)
    _register_tasks(app, settings, service)
    app.steps["worker"].add(_lost_line_sweep(settings, service))
    _log_with_context()
    return app


def _log_with_context() -> None:
    """Celery logs through briefing's setup (``briefing.logs``, made by the command), and
    every line logged while a job's line runs carries the job id and the line."""
    from celery.signals import setup_logging, task_postrun, task_prerun

    def keep_our_logging(**_kwargs: Any) -> None:
        """A receiver here tells Celery to leave logging as the command set it up."""

    def task_started(task: Any = None, args: Any = None, **_kwargs: Any) -> None:
        if task is not None and task.name == LINE_TASK and args and len(args) >= 2:
            logs.set_job(str(args[0]), int(args[1]))

    def task_ended(**_kwargs: Any) -> None:
        logs.set_job(None)

    setup_logging.connect(keep_our_logging, weak=False, dispatch_uid="briefing-logging")
    task_prerun.connect(task_started, weak=False, dispatch_uid="briefing-job-start")
    task_postrun.connect(task_ended, weak=False, dispatch_uid="briefing-job-end")


def _service_of_this_process(settings: Settings) -> Callable[[], Briefing]:
    """``service()``: the calling process's ``Briefing``, made on first use and shared by
    its tasks and its sweep; it runs every job in this process (a worker queues nothing)."""
    state: dict[str, Briefing] = {}

    def service() -> Briefing:
        if "briefing" not in state:
            # a task's work may cost up to its soft time limit
            briefing = Briefing(settings, queued=False, budget=settings.task_time_limit - 10)
            archive = briefing.archive
            # the prefork pool forks its processes from one that may have made this: a
            # child must not use (or close) the connections it inherits (SQLAlchemy's
            # advice for fork), and opens its own from the same engine
            os.register_at_fork(after_in_child=lambda: archive.engine.dispose(close=False))
            state["briefing"] = briefing
        return state["briefing"]

    return service


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
    settings: Settings, service: Callable[[], Briefing]
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
                resend_lost_lines(queue, service().jobs)
            except Exception:  # the next sweep tries again; the worker goes on either way
                logger.exception("looking for lines the broker lost failed")

    return LostLineSweep


def _register_tasks(app: Celery, settings: Settings, service: Callable[[], Briefing]) -> None:
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
            brief_id = service().run_line(job_id, line, payload)
            if brief_id:
                logger.info("stored brief %s", brief_id)
            else:
                logger.info("recorded as failed (the article was refused)")
            return brief_id
        except SoftTimeLimitExceeded:
            message = (
                f"took longer than {settings.task_time_limit - 10} s (BRIEFING_TASK_TIME_LIMIT)"
            )
            _record_failure(service, job_id, line, message)
            return None
        except StorageError as error:
            if self.request.retries >= settings.task_retries:
                _record_failure(service, job_id, line, error.message)
                return None
            logger.warning("line %s of job %s: %s; retrying", line, job_id, error.message)
            raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
        except Exception:
            # a bug or a library's surprise: the line still ends, so its job does
            logger.exception("line %s of job %s failed unexpectedly", line, job_id)
            _record_failure(service, job_id, line, UNEXPECTED_LINE_ERROR)
            return None

    @app.task(  # type: ignore[untyped-decorator]
        name=DIGEST_TASK,
        **redelivered,
    )
    def send_digest_task(
        self: Any, day: str | None = None, recipients: list[str] | None = None
    ) -> str:
        try:
            sent = service().send_digest(
                parse_date(day) if day else None, recipients or None, once=True
            )
        except (StorageError, DeliveryError) as error:
            if self.request.retries >= settings.task_retries:
                raise
            raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
        return sent.report

    @app.task(  # type: ignore[untyped-decorator]
        name=FEED_ENTRY_TASK,
        ignore_result=True,
        **redelivered,
    )
    def feed_entry_task(self: Any, entry: dict[str, Any]) -> str | None:
        """Fetch, brief and store one feed entry (``feeds poll`` with a broker)."""
        try:
            # None: delivered twice, or another poll queued it too: stored once
            return service().brief_entry(entry_of(entry))
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

        build_brief("Warm up. The worker is ready.", limits=settings.limits)

    worker_process_init.connect(warm_up, weak=False)
    worker_ready.connect(warm_up, weak=False)


def backoff(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: exponential, jittered, capped."""
    return float(min(RETRY_BACKOFF_MAX, 0.5 * 2**retries) * random.uniform(0.5, 1.0))


def _record_failure(service: Callable[[], Briefing], job_id: str, line: int, message: str) -> None:
    logger.warning("line %s of job %s failed: %s", line, job_id, message)
    try:
        service().jobs.record(job_id, line, error=message)
        metrics.job_lines("failed")
    except StorageError:
        logger.exception("line %s of job %s could not be recorded as failed", line, job_id)
