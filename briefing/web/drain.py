"""The request body as the app sees it: counted, bounded before parsing, drained on refusal.

``RequestBodies`` wraps the WSGI app (gunicorn's and ``briefing serve``'s alike):

- every body is read through a ``Body`` that counts what was taken and never reads past the
  declared ``Content-Length``. A refusal (413, 415, 403, ...) then drains only *what is
  left*: the local server's socket would otherwise be read for bytes the app already took,
  and the answer would wait until the client gave up;
- a chunked body (no ``Content-Length``) is read here first, up to the largest body any
  view accepts (``max_body``): one that fits is given to the app with its length, as if it
  had been declared, so every size check applies to it; a larger one is declared as
  ``max_body + 1`` bytes, so the app refuses it with 413 before parsing (never cut at the
  limit and parsed as if whole);
- a refused body is read and dropped up to ``Settings.max_drain_bytes`` so that clients
  which send the whole body before reading (Python's urllib, many scripts) see the answer
  instead of "Broken pipe"; a larger one is left unread and the connection closed, so a
  client cannot hold a worker reading without end;
- a body must arrive within ``Settings.body_timeout`` seconds: a client sending one byte a
  second would otherwise hold a worker thread for as long as it likes. When the time is
  up, the connection's reading side is shut (the server's socket: gunicorn's and the local
  server's), the blocked read returns, and the request is answered 408.
"""

from __future__ import annotations

import socket
import tempfile
import threading
from collections.abc import Callable, Iterable
from typing import IO, Any, Protocol

from werkzeug.exceptions import RequestTimeout

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: statuses whose request body the app may not have read
REFUSALS = frozenset({400, 401, 403, 404, 405, 411, 413, 415, 422, 429})
CHUNK = 64 * 1024
#: where the ``Body`` of a request is kept in its environ
BODY_KEY = "briefing.body"
#: a chunked body is kept in memory up to this size, then in a temporary file
SPOOL_BYTES = 1024 * 1024


class Readable(Protocol):
    """What a WSGI input stream offers that is used here."""

    def read(self, size: int = -1, /) -> bytes: ...


class Body:
    """A request body read through one counter: ``read`` never passes the declared length
    (``None``: until the client's stream ends, as a chunked one does)."""

    def __init__(self, raw: Readable, declared: int | None, head: IO[bytes] | None = None):
        self.raw = raw
        self.declared = declared
        #: what was read ahead of the app (a chunked body), served first
        self.head = head
        self.taken = 0
        #: set when the body took longer than allowed (the connection was shut)
        self.timed_out = threading.Event()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = CHUNK if self.declared is None else self.declared - self.taken
        if self.declared is not None:
            size = min(size, self.declared - self.taken)
        if size <= 0:
            return b""
        chunk = b""
        if self.head is not None:
            chunk = self.head.read(size)
            if not chunk:
                self.head.close()
                self.head = None
        if not chunk and self.head is None:
            try:
                chunk = self.raw.read(size)
            except Exception:
                if not self.timed_out.is_set():
                    raise
        if self.timed_out.is_set():
            raise RequestTimeout("the request body was not sent in time (BRIEFING_BODY_TIMEOUT)")
        self.taken += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        """What the WSGI spec asks of an input stream; views here never call it."""
        out = bytearray()
        while size is None or size < 0 or len(out) < size:
            byte = self.read(1)
            if not byte:
                break
            out += byte
            if byte == b"\n":
                break
        return bytes(out)

    def drain(self, limit: int) -> None:
        """Read and drop what is left, when the whole body is at most ``limit`` bytes."""
        if self.declared is not None and self.declared > limit:
            return
        try:
            while self.taken < limit:
                if not self.read(min(CHUNK, limit - self.taken)):
                    return
        except (RequestTimeout, OSError):
            return  # the client is too slow or gone: nothing more to read


class RequestBodies:
    """Wrap ``app`` so that its bodies are counted, chunked ones bounded, refused ones drained."""

    def __init__(
        self,
        app: WSGIApp,
        *,
        max_body: int,
        drain_limit: int,
        body_timeout: float | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.drain_limit = drain_limit
        self.body_timeout = body_timeout

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        watchdog = None
        if self.body_timeout is not None and _has_body(environ):
            watchdog = _Watchdog(environ, self.body_timeout)
        try:
            try:
                body = self.body_of(environ)
            except RequestTimeout as error:
                return error(environ, start_response)
            if watchdog is not None:
                watchdog.body = body
            status: list[int] = []

            def recording_start(code: str, headers: Any, exc_info: Any = None) -> Any:
                status.append(int(code.split(" ", 1)[0]))
                return start_response(code, headers, exc_info)

            result = self.app(environ, recording_start)
            if status and status[0] in REFUSALS and not body.timed_out.is_set():
                body.drain(self.drain_limit)
            return result
        finally:
            if watchdog is not None:
                watchdog.cancel()

    def body_of(self, environ: dict[str, Any]) -> Body:
        """Put a counting ``Body`` in place of ``wsgi.input`` (a chunked one read first)."""
        raw = environ["wsgi.input"]
        declared = declared_length(environ)
        if declared is None and not _streamed(environ):
            declared = 0  # neither a length nor chunks: no body
        if declared is None:
            body = self._read_ahead(environ, Body(raw, None))
        else:
            body = Body(raw, declared)
        environ["wsgi.input"] = body
        environ[BODY_KEY] = body
        return body

    def _read_ahead(self, environ: dict[str, Any], stream: Body) -> Body:
        watchdog = environ.get(WATCHDOG_KEY)
        if watchdog is not None:
            watchdog.body = stream
        """A chunked body, read up to ``max_body + 1`` bytes and given a length."""
        head: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        size = 0
        while size <= self.max_body:
            chunk = stream.read(min(CHUNK, self.max_body + 1 - size))
            if not chunk:
                break
            head.write(chunk)
            size += len(chunk)
        head.seek(0)
        # the app sees a body of declared length: not chunked, not ended by the server
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        if size <= self.max_body:
            environ["CONTENT_LENGTH"] = str(size)
            return Body(head, size)
        # over the limit: declared as one byte too many, so the app refuses it unread
        environ["CONTENT_LENGTH"] = str(self.max_body + 1)
        environ["briefing.body_over"] = True
        return Body(stream, None, head=head)


WATCHDOG_KEY = "briefing.body_watchdog"


class _Watchdog:
    """Shuts the reading side of the request's connection when its body is late."""

    def __init__(self, environ: dict[str, Any], seconds: float) -> None:
        self.socket: socket.socket | None = environ.get("gunicorn.socket") or environ.get(
            "werkzeug.socket"
        )
        self.body: Body | None = None
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True
        environ[WATCHDOG_KEY] = self
        if self.socket is not None:
            self.timer.start()

    def _expire(self) -> None:
        body = self.body
        if body is not None and body.declared is not None and body.taken >= body.declared:
            return  # the body arrived; the app is only slow, which is not the client's doing
        if body is not None:
            body.timed_out.set()
        try:
            assert self.socket is not None
            self.socket.shutdown(socket.SHUT_RD)
        except OSError:
            pass  # already closed

    def cancel(self) -> None:
        self.timer.cancel()


def _has_body(environ: dict[str, Any]) -> bool:
    return bool(declared_length(environ)) or _streamed(environ)


def declared_length(environ: dict[str, Any]) -> int | None:
    """The body's ``Content-Length``; None when none (or no number) is declared."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return max(length, 0)


def _streamed(environ: dict[str, Any]) -> bool:
    """A body sent in chunks, which the server ends for us."""
    encoding = str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
    return bool(environ.get("wsgi.input_terminated")) or "chunked" in encoding


def drain(environ: dict[str, Any], limit: int) -> None:
    """Read what is left of the body (when it is at most ``limit`` bytes) and drop it."""
    body = environ.get(BODY_KEY)
    if body is None:
        declared = declared_length(environ)
        if not declared:
            return
        body = Body(environ["wsgi.input"], declared)
    body.drain(limit)
