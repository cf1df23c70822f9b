"""What a form too large to accept still holds: every field, each cut to what fits.

The form page answers a paste over the size limit with the form filled in again, so the
editor loses nothing they typed: the title, source and options whole, the text up to the
limit. The body is read here as it streams (never held whole): each field keeps at most
``field_bytes``; a chosen file is not kept (a browser cannot fill a file input again), only
its name and that it was there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from briefing.web.drain import CHUNK, Body

__all__ = ["SalvagedForm", "salvage_form"]


@dataclass
class SalvagedForm:
    """The fields read back, the names of those that were cut, the file left out."""

    values: dict[str, str] = field(default_factory=dict)
    cut: set[str] = field(default_factory=set)
    file_name: str | None = None


def salvage_form(
    body: Body, mimetype: str, boundary: str | None, *, field_bytes: int, read_limit: int
) -> SalvagedForm:
    """The form's fields from ``body`` (read up to ``read_limit`` bytes in all)."""
    chunks = _Stream(body, read_limit)
    if mimetype == "multipart/form-data" and boundary:
        return _multipart(chunks, boundary.encode("latin-1"), field_bytes)
    if mimetype == "application/x-www-form-urlencoded":
        return _urlencoded(chunks, field_bytes)
    return SalvagedForm()


class _Stream:
    """The body's chunks, up to a total of ``read_limit`` bytes."""

    def __init__(self, body: Body, read_limit: int) -> None:
        self.body = body
        self.left = read_limit

    def __iter__(self) -> _Stream:
        return self

    def __next__(self) -> bytes:
        if self.left <= 0:
            raise StopIteration
        chunk = self.body.read(min(CHUNK, self.left))
        if not chunk:
            raise StopIteration
        self.left -= len(chunk)
        return chunk


def _urlencoded(chunks: Iterable[bytes], field_bytes: int) -> SalvagedForm:
    """``name=value&...``: each value kept up to ``3 * field_bytes`` encoded bytes (what
    ``field_bytes`` of text percent-encodes to at most), then decoded and cut."""
    form = SalvagedForm()
    raw: dict[bytes, bytearray] = {}
    cut: set[bytes] = set()
    pending = b""
    for chunk in chunks:
        pending += chunk
        *pairs, pending = pending.split(b"&")
        for pair in pairs:
            _keep_pair(raw, cut, pair, 3 * field_bytes, whole=True)
        # a long value still arriving: keep its start now, so ``pending`` stays small
        if len(pending) > 3 * field_bytes + CHUNK:
            _keep_pair(raw, cut, pending, 3 * field_bytes, whole=False)
            name = pending.partition(b"=")[0]
            pending = name + b"="
            cut.add(name)
    if pending:
        _keep_pair(raw, cut, pending, 3 * field_bytes, whole=True)
    for name, value in raw.items():
        text_name = unquote_plus(name.decode("latin-1"))
        text = unquote_plus(bytes(value).decode("latin-1"), encoding="utf-8", errors="ignore")
        form.values[text_name], was_cut = _cut(text, field_bytes)
        if was_cut or name in cut:
            form.cut.add(text_name)
    return form


def _keep_pair(
    raw: dict[bytes, bytearray], cut: set[bytes], pair: bytes, cap: int, *, whole: bool
) -> None:
    name, _, value = pair.partition(b"=")
    kept = raw.setdefault(name, bytearray())
    room = cap - len(kept)
    if len(value) > room:
        cut.add(name)
    # never end inside a %XX escape: unquote would keep it as it is
    piece = value[: max(room, 0)]
    if not whole or len(value) > room:
        piece = piece[: len(piece) - 2] if b"%" in piece[-2:] else piece
    kept += piece


def _multipart(chunks: Iterable[bytes], boundary: bytes, field_bytes: int) -> SalvagedForm:
    form = SalvagedForm()
    decoder = MultipartDecoder(boundary)
    name: str | None = None
    kept = bytearray()
    over = False

    def keep() -> None:
        assert name is not None
        text, was_cut = _cut(bytes(kept).decode("utf-8", "ignore"), field_bytes)
        form.values[name] = text.replace("\r\n", "\n")
        if was_cut or over:
            form.cut.add(name)

    for chunk in chunks:
        decoder.receive_data(chunk)
        event = decoder.next_event()
        while not isinstance(event, NeedData | Epilogue):
            if isinstance(event, File):
                name = None
                form.file_name = event.filename or form.file_name
            elif isinstance(event, Field):
                name, kept, over = event.name, bytearray(), False
            elif isinstance(event, Data) and name is not None:
                room = 4 * field_bytes - len(kept)
                over = over or len(event.data) > room
                kept += event.data[: max(room, 0)]
                if not event.more_data:
                    keep()
                    name = None
            event = decoder.next_event()
        if isinstance(event, Epilogue):
            return form
    if name is not None:  # the body ended (or was left unread) inside this field
        over = True
        keep()
    return form


def _cut(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` bytes of UTF-8 (whole characters); whether it was."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text, False
    return data[:limit].decode("utf-8", "ignore"), True
