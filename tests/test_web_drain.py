"""The request body: counted, read once, chunked ones bounded before parsing, refusals drained.

A socket does not end where the body does: a stream that blocks past its end (as the local
server's does) stands for one here, so a drain that reads again what the app already took
fails the test instead of hanging a client.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from briefing.web.drain import Body, RequestBodies, drain


class Socket(io.BytesIO):
    """A request body on a connection: reading past its end is an error (a real socket
    would wait there for the client)."""

    def __init__(self, data: bytes, *, terminated: bool = False) -> None:
        super().__init__(data)
        self.taken = 0
        self.size = len(data)
        self.terminated = terminated

    def read(self, size: int | None = -1) -> bytes:
        if self.taken >= self.size and not self.terminated:
            raise AssertionError("read past the end of the body: a socket would hang here")
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def environ_for(body: bytes, length: str | None = None, **extra: Any) -> dict[str, Any]:
    environ = {"wsgi.input": Socket(body), **extra}
    if length != "-":
        environ["CONTENT_LENGTH"] = str(len(body)) if length is None else length
    return environ


@pytest.mark.parametrize(
    ("size", "limit", "length", "taken"),
    [
        (300_000, 1_000_000, None, 300_000),  # under the bound: all of it is read
        (300_000, 100_000, None, 0),  # over the bound: left unread, the connection closes
        (300_000, 1_000_000, "1000", 1000),  # never past the declared length
        (300_000, 1_000_000, "", 0),  # no declared length: nothing read
        (300_000, 1_000_000, "lots", 0),  # a length that is no number: nothing read
    ],
)
def test_drain_reads_the_declared_body_up_to_the_bound(
    size: int, limit: int, length: str | None, taken: int
) -> None:
    environ = environ_for(b"x" * size, length)
    drain(environ, limit)
    assert environ["wsgi.input"].taken == taken


def app_reading(count: int, status: str) -> Any:
    """An app that reads ``count`` bytes of the body, then answers ``status``."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        environ["wsgi.input"].read(count)
        start_response(status, [])
        return [environ.get("CONTENT_LENGTH", "").encode()]

    return app


@pytest.mark.parametrize(
    ("status", "read", "taken"),
    [
        ("413 Too Large", 0, 5000),  # refused unread: the rest is read and dropped
        ("415 Unsupported", 5000, 5000),  # refused after reading it all: nothing read again
        ("403 Forbidden", 1200, 5000),  # refused half read: only the rest is drained
        ("200 OK", 0, 0),  # not a refusal: nothing is drained
    ],
)
def test_only_what_is_left_of_a_refused_body_is_drained(status: str, read: int, taken: int) -> None:
    environ = environ_for(b"x" * 5000)
    raw = environ["wsgi.input"]
    RequestBodies(app_reading(read, status), max_body=10_000, drain_limit=10_000)(
        environ, lambda *args: None
    )
    assert raw.taken == taken


def chunked(data: bytes) -> dict[str, Any]:
    """A chunked body: the server ends the stream (b"" at its end)."""
    environ = environ_for(data, "-", HTTP_TRANSFER_ENCODING="chunked")
    environ["wsgi.input"] = Socket(data, terminated=True)
    environ["wsgi.input_terminated"] = True
    return environ


def test_a_chunked_body_that_fits_is_given_its_length() -> None:
    environ = chunked(b"y" * 3000)
    answer = RequestBodies(app_reading(-1, "200 OK"), max_body=4000, drain_limit=0)(
        environ, lambda *args: None
    )
    assert answer == [b"3000"]
    assert "wsgi.input_terminated" not in environ


def test_a_chunked_body_over_the_limit_is_declared_too_large_and_never_cut() -> None:
    # declared one byte over the largest body: the app refuses it before parsing
    environ = chunked(b"y" * 9000)
    raw = environ["wsgi.input"]
    answer = RequestBodies(app_reading(0, "413 Too Large"), max_body=4000, drain_limit=20_000)(
        environ, lambda *args: None
    )
    assert answer == [b"4001"]
    assert raw.taken == 9000  # the refusal drained it to its end


def test_a_body_serves_what_was_read_ahead_then_the_rest() -> None:
    head = io.BytesIO(b"abc")
    body = Body(io.BytesIO(b"defg"), None, head=head)
    assert b"".join(iter(lambda: body.read(2), b"")) == b"abcdefg"
    assert body.taken == 7
