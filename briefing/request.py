"""An article request: one article to brief, however it arrived.

Every edge turns what it got into an ``ArticleRequest``: the web form's fields, the API's
JSON body or multipart upload, a line of a batch (from the CLI or the API alike), a job
payload taken off the queue, a file or address on the command line, a feed entry.
``ArticleRequest.from_mapping`` is the one parser and validator of those shapes, so an
input is accepted or refused alike wherever it comes from, with the same message:

    {"id"?, "text" | "html" | "url", "title"?, "source"?, "published"?, "author"?,
     "language"?, "options"?}

plus an uploaded file (``Upload``) beside the fields. Option names may also stand at the
top level, as form fields do (``"sentences": "3"``). Empty values count as not given (an
untouched form field). ``to_payload``/``from_payload`` carry a request through the task
queue as JSON (a file as base64).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import (
    BriefingError,
    EmptyInputError,
    InputError,
    NestingError,
    OptionsError,
    RequestError,
)
from briefing.models import Article, ArticleMeta
from briefing.options import (
    DEFAULT_MAX_JSON_DEPTH,
    MAX_ID_CHARS,
    OPTION_NAMES,
    BriefOptions,
    Limits,
    parse_date,
)

__all__ = [
    "FIELDS",
    "ArticleRequest",
    "BatchLine",
    "Upload",
    "check_json_depth",
    "load_json",
    "parse_batch",
    "parse_line",
]

#: the fields of an article request (a JSON body, a batch line), in the order they are listed
FIELDS = (
    "id",
    "text",
    "html",
    "url",
    "title",
    "source",
    "published",
    "author",
    "language",
    "options",
)
#: how the article itself may be given; exactly one of them (or a file)
CONTENT = ("text", "html", "url", "file")
_CONTENT_NAMES = {"text": "text", "html": "HTML", "url": "an address (url)", "file": "a file"}
#: what a job payload adds for an uploaded file
_PAYLOAD_FILE = ("file_b64", "filename")
#: what a fetcher does: the article at an address, with what the caller said about it
Fetcher = Callable[[str, ArticleMeta], Article]


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its bytes and, when known, its name (the format is told from it)."""

    data: bytes
    filename: str | None = None


@dataclass(frozen=True)
class ArticleRequest:
    """One article to brief: its content (exactly one way), what is known about it, options.

    Raises (when built):
        EmptyInputError: no content given.
        InputError: content given more than one way.
    """

    text: str | None = None
    html: str | None = None
    url: str | None = None
    file: Upload | None = None
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    #: the brief's id; by default a hash of headline and text
    id: str | None = None
    options: BriefOptions = field(default_factory=BriefOptions)

    def __post_init__(self) -> None:
        given = [name for name in CONTENT if getattr(self, name) is not None]
        if not given:
            raise EmptyInputError(
                "the article is empty: give its text, its HTML, its address (url) or a file"
            )
        if len(given) > 1:
            first, second = (_CONTENT_NAMES[name] for name in given[:2])
            raise InputError(f"give the article one way only, not both {first} and {second}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, file: Upload | None = None) -> ArticleRequest:
        """The request that form fields, a JSON body, a batch line or a job payload describe.

        Raises:
            RequestError: an unknown field, or a value of the wrong type.
            OptionsError: an option out of range, a date that is no date.
            EmptyInputError, InputError: no article, or an article given twice.
        """
        if not isinstance(data, Mapping):
            raise RequestError("an article request must be a JSON object")
        given = {name: value for name, value in data.items() if not _empty(value)}
        unknown = sorted(set(given) - set(FIELDS) - set(OPTION_NAMES), key=str)
        if unknown:
            raise RequestError(f"unknown field {unknown[0]!r}; an article has {', '.join(FIELDS)}")
        for name in ("text", "html", "url", "title", "source", "published", "author", "language"):
            if name in given and not isinstance(given[name], str):
                raise RequestError(f"{name} must be a string")
        if "id" in given and (
            isinstance(given["id"], bool) or not isinstance(given["id"], str | int)
        ):
            raise RequestError("id must be a string or a number")
        _check_storable(given)
        published = given.get("published")
        return cls(
            text=given.get("text"),
            html=given.get("html"),
            url=given["url"].strip() if "url" in given else None,
            file=file,
            meta=ArticleMeta(
                title=given.get("title"),
                source=given.get("source"),
                published=parse_date(published.strip()) if published else None,
                author=given.get("author"),
                language=given.get("language"),
            ),
            id=str(given["id"]) if "id" in given else None,
            options=BriefOptions.from_mapping(_option_values(given)),
        )

    def to_payload(self) -> dict[str, Any]:
        """The request as JSON-able data for the task queue (``from_payload`` reads it)."""
        payload: dict[str, Any] = {"id": self.id, "text": self.text, "html": self.html}
        payload["url"] = self.url
        if self.file is not None:
            payload["file_b64"] = base64.b64encode(self.file.data).decode("ascii")
            payload["filename"] = self.file.filename
        meta = self.meta
        payload |= {"title": meta.title, "source": meta.source}
        payload |= {"author": meta.author, "language": meta.language}
        payload["published"] = meta.published.isoformat() if meta.published else None
        payload["options"] = self.options.to_mapping()
        return {name: value for name, value in payload.items() if value is not None}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> ArticleRequest:
        """The request a queued payload carries (``to_payload``'s, or a batch line's).

        Raises:
            RequestError: the file is not base64; whatever ``from_mapping`` raises.
        """
        fields = {k: v for k, v in payload.items() if k not in _PAYLOAD_FILE}
        upload = None
        if payload.get("file_b64") is not None:
            try:
                data = base64.b64decode(payload["file_b64"], validate=True)
            except (binascii.Error, TypeError, ValueError):
                raise RequestError("file_b64 must be base64") from None
            upload = Upload(data, payload.get("filename") or None)
        return cls.from_mapping(fields, file=upload)

    def read(self, limits: Limits, fetch: Fetcher | None = None) -> Article:
        """The article, read by ingest (fetched first when it is an address).

        Raises:
            RequestError: a title, source or author longer than ``limits.max_field_chars``.
            InputError: the content is unusable; FetchError: the address could not be read.
        """
        from briefing.ingest import read_article

        for name in ("title", "source", "author"):
            value = getattr(self.meta, name)
            if value is not None and len(value) > limits.max_field_chars:
                raise RequestError(
                    f"the {name} is {len(value):,} characters long; the limit is "
                    f"{limits.max_field_chars:,} (BRIEFING_MAX_FIELD_CHARS)"
                )

        if self.url is not None:
            if fetch is None:
                raise InputError("this way in reads no address: give the article's text")
            return fetch(self.url, self.meta)
        if self.file is not None:
            return read_article(
                self.file.data, filename=self.file.filename, meta=self.meta, limits=limits
            )
        if self.html is not None:
            return read_article(self.html, format="html", meta=self.meta, limits=limits)
        assert self.text is not None
        return read_article(self.text, meta=self.meta, limits=limits)


def _check_storable(given: Mapping[str, Any]) -> None:
    """Refuse what no archive can hold: a NUL character (PostgreSQL refuses it in text),
    an id longer than the archive's column. Checked here, every edge refuses it alike."""
    for name, value in given.items():
        if isinstance(value, str) and "\x00" in value:
            raise RequestError(f"{name} holds a NUL character")
    brief_id = given.get("id")
    if brief_id is not None and len(str(brief_id)) > MAX_ID_CHARS:
        raise RequestError(f"id is longer than {MAX_ID_CHARS} characters")


def _empty(value: Any) -> bool:
    """Not given: absent, null, or an empty (or blank) string, as an untouched field is."""
    return value is None or (isinstance(value, str) and not value.strip())


def _option_values(given: Mapping[str, Any]) -> dict[str, Any]:
    """The options: the nested ``options`` object and option names given as fields."""
    nested = given.get("options", {})
    if not isinstance(nested, Mapping):
        raise RequestError("options must be an object")
    values = dict(nested)
    for name in OPTION_NAMES:
        if name in given:
            if name in values:
                raise RequestError(f"{name} is given twice, as a field and in options")
            values[name] = given[name]
    return values


# -- JSON, nested no deeper than a limit ----------------------------------------------------

#: a JSON string (its escapes included): brackets inside one do not nest
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(rb"[\[\]{}]")


def check_json_depth(data: str | bytes, max_depth: int = DEFAULT_MAX_JSON_DEPTH) -> None:
    """Refuse JSON whose arrays and objects nest deeper than ``max_depth``, before it is
    parsed: Python's parser recurses, and 100,000 levels would raise RecursionError.

    Raises:
        NestingError: deeper than ``max_depth``.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return  # cannot be deeper: the common case costs two counts
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                raise NestingError(
                    f"the JSON nests arrays and objects more than {max_depth} deep "
                    "(BRIEFING_MAX_JSON_DEPTH)"
                )
        else:
            depth -= 1


def load_json(data: str | bytes, max_depth: int = DEFAULT_MAX_JSON_DEPTH) -> Any:
    """``json.loads`` of data no deeper than ``max_depth``.

    Raises:
        NestingError: deeper than ``max_depth``; json.JSONDecodeError: not JSON.
    """
    check_json_depth(data, max_depth)
    return json.loads(data)


# -- batches: one JSON object a line, from the CLI and the API alike ------------------------


@dataclass(frozen=True)
class BatchLine:
    """One line of a batch: the request it describes, or why it cannot be briefed."""

    number: int
    request: ArticleRequest | None = None
    error: str | None = None
    #: the line's own id, when it had one: an error is reported under it
    id: Any = None


def parse_line(
    number: int,
    line: str,
    defaults: Mapping[str, Any] | None = None,
    *,
    max_depth: int = DEFAULT_MAX_JSON_DEPTH,
) -> BatchLine:
    """Line ``number`` of a batch as a request, or its error (never raises for bad input).

    ``defaults`` (the CLI's ``--title`` and option flags) fill what the line leaves out:
    a line with options of its own keeps them all.
    """
    try:
        item = load_json(line, max_depth)
    except json.JSONDecodeError as error:
        return BatchLine(number, error=f"bad JSON: {error.msg}")
    except NestingError as error:
        return BatchLine(number, error=error.message)
    if not isinstance(item, dict):
        return BatchLine(number, error="each line must be a JSON object")
    line_id = item.get("id")
    try:
        request = ArticleRequest.from_mapping(_with_defaults(item, defaults or {}))
    except BriefingError as error:
        return BatchLine(number, error=error.message, id=line_id)
    return BatchLine(number, request=request, id=line_id)


def _with_defaults(item: dict[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(item)
    if _empty(item.get("title")) and defaults.get("title"):
        merged["title"] = defaults["title"]
    if defaults.get("options") and not any(name in item for name in ("options", *OPTION_NAMES)):
        merged["options"] = defaults["options"]
    return merged


def parse_batch(
    data: bytes,
    *,
    max_lines: int,
    defaults: Mapping[str, Any] | None = None,
    max_depth: int = DEFAULT_MAX_JSON_DEPTH,
) -> list[BatchLine]:
    """The non-blank lines of a JSONL upload, each a request or its error.

    A bad line is that line's error (the job reports it); the upload as a whole is refused
    only when it is not UTF-8, holds no line, or more than ``max_lines``.

    Raises:
        OptionsError: the upload is not UTF-8 or holds no line.
        InputTooLargeError: more than ``max_lines`` lines.
    """
    from briefing.errors import InputTooLargeError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OptionsError("the batch is not UTF-8 text (one JSON object a line)") from None
    lines: list[BatchLine] = []
    for number, line in numbered_lines(text.splitlines()):
        if len(lines) >= max_lines:
            raise InputTooLargeError(
                f"the batch has more than {max_lines:,} lines (BRIEFING_BATCH_MAX_LINES)"
            )
        lines.append(parse_line(number, line, defaults, max_depth=max_depth))
    if not lines:
        raise OptionsError("the batch holds no line: send one JSON object a line")
    return lines


def numbered_lines(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """The non-blank lines with their 1-based numbers in the upload."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line
