"""Reading what is left of a refused request body, so every client sees the refusal.

A server that answers 413 and closes the connection with the body unread makes clients
that send the whole body before reading (Python's urllib, many scripts) fail with "Broken
pipe" instead of showing the 413 problem. This WSGI middleware reads and discards the rest
of such a body, up to ``Settings.max_drain_bytes``; a larger one is left unread, and the
connection is closed as before, so a client cannot hold a worker reading without end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: statuses whose request body the app may not have read
REFUSALS = frozenset({401, 403, 404, 405, 411, 413, 415, 429})
CHUNK = 64 * 1024


class DrainRefusedBodies:
    """Wrap ``app`` so that a refused request's declared body is read before answering."""

    def __init__(self, app: WSGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        status: list[int] = []

        def recording_start(code: str, headers: Any, exc_info: Any = None) -> Any:
            status.append(int(code.split(" ", 1)[0]))
            return start_response(code, headers, exc_info)

        result = self.app(environ, recording_start)
        if status and status[0] in REFUSALS:
            drain(environ, self.limit)
        return result


def drain(environ: dict[str, Any], limit: int) -> None:
    """Read up to the declared Content-Length (when it is at most ``limit``) and drop it."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length <= 0 or length > limit:
        return
    stream = environ["wsgi.input"]
    left = length
    while left > 0:
        # a body the app read in part ends early: read() returns b"" and we stop
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
