"""What an operator counts: Prometheus metrics of the web app and the workers.

Every count is one named function here (``brief_built``, ``request_answered``, ...), called
by the edges and the service; prometheus-client holds the values. Under gunicorn and
Celery's prefork pool one service runs in several processes: with a metrics folder set
(``use_folder``: gunicorn's config and ``briefing worker`` do it, in
``BRIEFING_METRICS_DIR``) every process writes its counts there and a scrape sums them
(prometheus-client's multiprocess mode). That mode is chosen when the first metric is
made, so the metrics are made on first use, never at import.

The metrics (all prefixed ``briefing_``):

    http_requests_total{route,method,status}        requests answered
    http_request_duration_seconds{route,method}     time to answer them
    briefs_built_total{method}                      briefs built, by ranker
    brief_build_seconds{method}                     time to build one (ingest included)
    facts_found_total{kind}                         facts in those briefs
    fetch_refusals_total{reason}                    pages not fetched (private-address, ...)
    feed_polls_total / feed_poll_failures_total     feeds polled, and those that failed
    job_lines_total{state}                          job lines queued, done, failed
    queue_depth{queue}                              messages waiting (with a broker; read
                                                    from it at each scrape)
"""

from __future__ import annotations

import hmac
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Histogram
    from prometheus_client.metrics_core import Metric

__all__ = [
    "CONTENT_TYPE",
    "brief_built",
    "exposition",
    "feed_polled",
    "fetch_refused",
    "job_lines",
    "request_answered",
    "serve",
    "use_folder",
]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: prometheus-client's own variable: set, every process writes its values to that folder
FOLDER_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: seconds: from a cached page (ms) to a sumy ranker on a long article
BUILD_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class _Metrics:
    requests: Counter
    request_seconds: Histogram
    briefs: Counter
    build_seconds: Histogram
    facts: Counter
    fetch_refusals: Counter
    feed_polls: Counter
    feed_failures: Counter
    job_lines: Counter


#: functools.cache does not stop two threads (gunicorn's gthread) making the metrics at
#: once, and the second registration of a name raises DuplicateTimeseries
_MAKING = threading.Lock()


def _metrics() -> _Metrics:
    with _MAKING:
        return _made_metrics()


@cache
def _made_metrics() -> _Metrics:
    from prometheus_client import Counter, Histogram

    return _Metrics(
        requests=Counter(
            "briefing_http_requests",
            "HTTP requests answered, by route (the URL rule), method and status.",
            ["route", "method", "status"],
        ),
        request_seconds=Histogram(
            "briefing_http_request_duration_seconds",
            "Seconds to answer an HTTP request, by route and method.",
            ["route", "method"],
            buckets=REQUEST_BUCKETS,
        ),
        briefs=Counter("briefing_briefs_built", "Briefs built, by ranker.", ["method"]),
        build_seconds=Histogram(
            "briefing_brief_build_seconds",
            "Seconds to build one brief (ingest, summary and facts), by ranker.",
            ["method"],
            buckets=BUILD_BUCKETS,
        ),
        facts=Counter("briefing_facts_found", "Key facts found in built briefs.", ["kind"]),
        fetch_refusals=Counter(
            "briefing_fetch_refusals",
            "Pages not fetched, by reason (the problem type: private-address, ...).",
            ["reason"],
        ),
        feed_polls=Counter("briefing_feed_polls", "Feeds polled."),
        feed_failures=Counter("briefing_feed_poll_failures", "Feed polls that failed."),
        job_lines=Counter(
            "briefing_job_lines",
            "Lines of batch jobs: queued for workers, done (stored) or failed.",
            ["state"],
        ),
    )


# -- what the edges and the service count -------------------------------------------------


def request_answered(route: str, method: str, status: int, seconds: float) -> None:
    metrics = _metrics()
    metrics.requests.labels(route, method, str(status)).inc()
    metrics.request_seconds.labels(route, method).observe(seconds)


def brief_built(method: str, seconds: float, facts: dict[str, int]) -> None:
    metrics = _metrics()
    metrics.briefs.labels(method).inc()
    metrics.build_seconds.labels(method).observe(seconds)
    for kind, count in facts.items():
        metrics.facts.labels(kind).inc(count)


def fetch_refused(reason: str) -> None:
    _metrics().fetch_refusals.labels(reason).inc()


def feed_polled(polled: int, failed: int) -> None:
    metrics = _metrics()
    metrics.feed_polls.inc(polled)
    metrics.feed_failures.inc(failed)


def job_lines(state: str, count: int = 1) -> None:
    """``state``: queued, done or failed."""
    _metrics().job_lines.labels(state).inc(count)


# -- one process or many ------------------------------------------------------------------


def use_folder(folder: Path, *, clear: bool) -> Path:
    """Count in ``folder`` from now on (every process started from this one too).

    ``clear`` empties it first: what a server does when it starts, so that counts of an
    earlier run, whose processes are gone, do not linger. Must run before the first
    metric is made in this process.
    """
    folder = folder.resolve()
    if clear and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[FOLDER_VARIABLE] = str(folder)
    return folder


def process_gone(pid: int) -> None:
    """A process that counted in the folder ended (gunicorn's ``child_exit``)."""
    if os.environ.get(FOLDER_VARIABLE):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def _registry(extra: Iterable[Any]) -> CollectorRegistry:
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    _metrics()  # made, so that a scrape lists every metric even before it counts
    if not os.environ.get(FOLDER_VARIABLE):
        if not extra:
            return REGISTRY
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Chain(REGISTRY))
    else:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    for collector in extra:
        registry.register(collector)
    return registry


class _Chain:
    """The default registry's metrics, inside another registry."""

    def __init__(self, registry: Any) -> None:
        self._registry = registry

    def collect(self) -> Iterator[Metric]:
        yield from self._registry.collect()


class QueueDepth:
    """``briefing_queue_depth``: the messages waiting in a queue, asked of the broker at
    each scrape (nothing is reported when it does not answer)."""

    def __init__(self, queue: str, waiting: Callable[[], int]) -> None:
        self.queue = queue
        self.waiting = waiting

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import GaugeMetricFamily

        try:
            depth = self.waiting()
        except Exception:  # the broker is down: readiness says so; the scrape goes on
            return
        family = GaugeMetricFamily(
            "briefing_queue_depth", "Messages waiting in the task queue.", labels=["queue"]
        )
        family.add_metric([self.queue], depth)
        yield family


def exposition(extra: Iterable[Any] = ()) -> bytes:
    """Every metric of this machine's processes, in Prometheus's text format."""
    from prometheus_client import generate_latest

    return bytes(generate_latest(_registry(list(extra))))


def key_accepted(key: str | None, authorization: str | None) -> bool:
    """Whether a scrape may read the metrics: no key is set, or it sent ``Bearer <key>``."""
    if not key:
        return True
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), key.encode())


def serve(port: int, key: str | None, extra: Iterable[Any] = ()) -> threading.Thread:
    """Serve ``/metrics`` on ``port`` from a thread (a worker, which has no web app).

    Raises:
        OSError: the port is taken.
    """
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    collectors = list(extra)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("PATH_INFO") not in {"/", "/metrics"}:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found: ask for /metrics\n"]
        if not key_accepted(key, environ.get("HTTP_AUTHORIZATION")):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
            )
            return [b"this needs Authorization: Bearer <BRIEFING_METRICS_KEY>\n"]
        start_response("200 OK", [("Content-Type", CONTENT_TYPE)])
        return [exposition(collectors)]

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # a scrape every few seconds is not worth a log line

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server("0.0.0.0", port, app, server_class=Threaded, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, name="metrics", daemon=True)
    thread.start()
    return thread
