"""Draining a refused request body: read up to a bound, never past the declared length."""

from __future__ import annotations

import io
from typing import Any

import pytest

from briefing.web.drain import DrainRefusedBodies, drain


class CountingStream(io.BytesIO):
    """A request body that remembers how much was read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def environ_for(body: bytes, length: str | None = None) -> dict[str, Any]:
    return {
        "CONTENT_LENGTH": str(len(body)) if length is None else length,
        "wsgi.input": CountingStream(body),
    }


@pytest.mark.parametrize(
    ("size", "limit", "length", "taken"),
    [
        (300_000, 1_000_000, None, 300_000),  # under the bound: all of it is read
        (300_000, 100_000, None, 0),  # over the bound: left unread, the connection closes
        (300_000, 1_000_000, "1000", 1000),  # never past the declared length
        (300_000, 1_000_000, "", 0),  # no declared length (chunked): nothing read
        (300_000, 1_000_000, "lots", 0),  # a length that is no number: nothing read
    ],
)
def test_drain_reads_the_declared_body_up_to_the_bound(
    size: int, limit: int, length: str | None, taken: int
) -> None:
    environ = environ_for(b"x" * size, length)
    drain(environ, limit)
    assert environ["wsgi.input"].taken == taken


@pytest.mark.parametrize(("status", "drained"), [("413 Too Large", True), ("200 OK", False)])
def test_only_refusals_are_drained(status: str, drained: bool) -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response(status, [])
        return [b""]

    environ = environ_for(b"x" * 5000)
    DrainRefusedBodies(app, 10_000)(environ, lambda *args: None)
    assert environ["wsgi.input"].taken == (5000 if drained else 0)
