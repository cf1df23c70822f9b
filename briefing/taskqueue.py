"""The task queue's producer side and its configuration: Celery over RabbitMQ or Redis.

With ``BRIEFING_BROKER_URL`` set, the ``Briefing`` service hands articles to workers
(``briefing worker``, on any machine with the same settings) through the broker, and the
workers (``briefing.tasks``) store the briefs in the shared archive. Without it, nothing
here is used: the service runs the same work in the request or the command.

The tasks are named here, so that the producer sends them by name and needs none of the
worker's code; ``celery_app`` configures the app both sides use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery
from celery.schedules import crontab

from briefing import metrics
from briefing.config import Settings, digest_schedule_parts
from briefing.errors import OptionsError, QueueUnavailableError
from briefing.store.feeds import Entry
from briefing.store.jobs import JobStore, new_job_id

__all__ = [
    "TaskQueue",
    "celery_app",
    "entry_of",
    "entry_payload",
    "is_redis",
    "result_backend",
    "sweep_interval",
]

LINE_TASK = "briefing.run_line"
DIGEST_TASK = "briefing.send_digest"
FEED_ENTRY_TASK = "briefing.feed_entry"
#: Seconds a caller waits for the broker before it answers 503.
BROKER_CHECK_SECONDS = 3.0


def celery_app(settings: Settings) -> Celery:
    """A Celery app configured for ``settings`` (and the digest beat schedule), no tasks.

    Raises:
        OptionsError: no broker is configured.
    """
    if not settings.broker_url:
        raise OptionsError(
            "no task queue: set BRIEFING_BROKER_URL (e.g. amqp://guest:guest@127.0.0.1:5672//)"
        )
    app = Celery("briefing", broker=settings.broker_url, set_as_current=False)
    transport: dict[str, Any] = {}
    if is_redis(settings.broker_url):
        # Redis has no notion of a consumer that died: a task taken by a worker that was
        # killed comes back once it has been out for the visibility timeout
        transport = {
            "visibility_timeout": settings.task_visibility_timeout,
            "socket_connect_timeout": BROKER_CHECK_SECONDS,
            # look for a vanished worker's tasks every few seconds (kombu's default ~100 s)
            "unacked_restore_interval": sweep_interval(settings),
            "unacked_restore_throttle": 1,
            # a worker killed during that sweep holds its lock until it expires (kombu: 300 s)
            "unacked_mutex_expire": max(5, min(300, settings.task_visibility_timeout // 2)),
        }
    backend = result_backend(settings)
    app.conf.update(
        result_backend=backend,
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
        result_backend_transport_options=transport if is_redis(backend or "") else {},
        broker_connection_timeout=BROKER_CHECK_SECONDS,
        broker_connection_retry_on_startup=True,
        # RabbitMQ: a message a worker holds is given to another one as soon as that
        # worker's connection drops; heartbeats tell a dead peer within ~2 x 30 s even
        # when no TCP reset comes (a lost machine)
        broker_heartbeat=30,
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
    return app


def is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "redis+socket://"))


def result_backend(settings: Settings) -> str | None:
    """Where task results go: ``BRIEFING_RESULT_BACKEND``, else the broker itself (the
    same Redis, or replies over RabbitMQ: ``rpc://``)."""
    if settings.result_backend:
        return settings.result_backend
    broker = settings.broker_url or ""
    if is_redis(broker):
        return broker
    if broker.startswith(("amqp://", "amqps://", "pyamqp://")):
        return "rpc://"
    return None


def sweep_interval(settings: Settings) -> int:
    """Seconds between two looks for lost work: a fifth of the visibility timeout, 1-10 s."""
    return max(1, min(10, settings.task_visibility_timeout // 5))


class TaskQueue:
    """The producer side: puts jobs on the queue for workers (the web app, the CLI)."""

    def __init__(self, settings: Settings, *, app: Celery | None = None) -> None:
        self.settings = settings
        self.app = app if app is not None else celery_app(settings)

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

    def check_results(self) -> bool:
        """Make sure the result store answers, when it is one of its own (a Redis); False
        when there is nothing to check beyond the broker (``rpc://``, none).

        Raises:
            QueueUnavailableError: it does not answer (within a few seconds).
        """
        backend = result_backend(self.settings)
        if backend is None or not is_redis(backend):
            return False
        import redis

        wait = BROKER_CHECK_SECONDS
        client = redis.Redis.from_url(backend, socket_connect_timeout=wait, socket_timeout=wait)
        try:
            client.ping()
        except redis.RedisError as error:
            raise QueueUnavailableError(
                f"the result store does not answer ({type(error).__name__})"
            ) from error
        finally:
            client.close()
        return True

    def enqueue(self, jobs: JobStore, items: list[tuple[int, dict[str, Any] | str]]) -> str:
        """A new job of ``items`` (line, request payload or error); errors are recorded at
        once, payloads sent to the workers.

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
        metrics.job_lines("queued", len(sending))
        failed = len(items) - len(sending)
        if failed:
            metrics.job_lines("failed", failed)
        return job_id

    def send_lines(self, lines: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Send ``(job_id, line, payload)`` triples to the workers.

        Raises:
            QueueUnavailableError: the broker failed.
        """
        sent = 0
        failure: Exception | None = None
        # a pooled connection may hold a channel the broker closed meanwhile: once, the rest
        # of the lines go again over a new connection, from the first line not handed over
        for producers in (self.app.producer_or_acquire, self._new_producer):
            try:
                with producers() as producer:
                    for job_id, line, payload in lines[sent:]:
                        self.app.send_task(
                            LINE_TASK,
                            args=(job_id, line, payload),
                            queue=self.settings.queue,
                            producer=producer,
                            retry=False,
                        )
                        sent += 1
                return
            except Exception as error:
                failure = error
        raise QueueUnavailableError(
            f"the task queue failed while sending {len(lines)} lines: {type(failure).__name__}"
        ) from failure

    @contextmanager
    def _new_producer(self) -> Iterator[Any]:
        """A producer on a connection of its own, not the pool's."""
        with self.app.connection_for_write() as connection:
            yield self.app.amqp.Producer(connection)

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

    def enqueue_entry(self, entry: Entry) -> str:
        """Queue one feed entry; the task id.

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


def entry_payload(entry: Entry) -> dict[str, Any]:
    """A feed entry as a task payload (JSON: the day as YYYY-MM-DD)."""
    return {
        "feed_id": entry.feed_id,
        "key": entry.key,
        "url": entry.url,
        "title": entry.title,
        "day": entry.day.isoformat() if entry.day else None,
    }


def entry_of(payload: dict[str, Any]) -> Entry:
    """The feed entry a payload of ``entry_payload`` stands for."""
    day = payload.get("day")
    return Entry(
        feed_id=int(payload["feed_id"]),
        key=str(payload["key"]),
        url=str(payload["url"]),
        title=payload.get("title"),
        day=dt.date.fromisoformat(day) if day else None,
    )
