"""What an operator sees of the web app: request ids, per-request metrics, ``/metrics``.

Every request gets an id (the client's ``X-Request-ID`` when it is a sane token, else a new
one): it is on every log line logged while the request is answered (``briefing.logs``),
in the ``X-Request-ID`` response header (gunicorn's access line reads it there) and in
problem+json bodies. Every request is counted by route (the URL rule, never the raw path)
and status, with its latency. ``GET /metrics`` serves the counts of every process of the
machine in Prometheus's text format; ``BRIEFING_METRICS=off`` turns it off (404),
``BRIEFING_METRICS_KEY`` makes it need ``Authorization: Bearer <key>``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from werkzeug.exceptions import NotFound

from briefing import logs, metrics
from briefing.errors import ProblemError
from briefing.web.state import current_briefing

__all__ = ["RequestIds", "init_app"]

bp = Blueprint("observe", __name__)
REQUEST_ID_HEADER = "X-Request-ID"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RequestIds:
    """WSGI middleware, outermost: the request's id set for everything inside (the app, the
    body drain, error pages) and echoed in the response."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request_id = logs.new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ["briefing.request_id"] = request_id

        def with_id(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        with logs.request_context(request_id):
            return self.app(environ, with_id)


def _started() -> None:
    g.briefing_started = time.perf_counter()


def _counted(response: Response) -> Response:
    started = g.pop("briefing_started", None)
    if started is not None:
        rule = request.url_rule
        route = rule.rule if rule is not None else "(no route)"
        metrics.request_answered(
            route, request.method, response.status_code, time.perf_counter() - started
        )
    return response


@bp.get("/metrics")
def metrics_page() -> Response:
    """Prometheus metrics of this machine's web processes (and the queue's depth)."""
    settings = current_briefing().settings
    if not settings.metrics:
        raise NotFound("metrics are off (BRIEFING_METRICS=off)")
    key = settings.metrics_key.get_secret_value() if settings.metrics_key else None
    if not metrics.key_accepted(key, request.headers.get("Authorization")):
        raise ProblemError(
            401,
            "unauthorized",
            "the metrics need a key: Authorization: Bearer <BRIEFING_METRICS_KEY>",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(metrics.exposition(queue_collectors()), content_type=metrics.CONTENT_TYPE)


def queue_collectors() -> list[metrics.QueueDepth]:
    """The queue's depth, when this app sends work to a broker."""
    queue = current_briefing().queue
    if queue is None:
        return []
    return [metrics.QueueDepth(queue.settings.queue, queue.waiting)]


def init_app(app: Flask) -> None:
    """Count every request and serve ``/metrics``; the request ids wrap the WSGI app (see
    ``create_app``)."""
    app.before_request(_started)
    app.after_request(_counted)
    app.register_blueprint(bp)
