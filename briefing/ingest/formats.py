"""The input formats briefing reads: one entry each (names, suffixes, media types, reader).

A new input format is a reader module and one entry in ``INPUT_FORMATS``; the CLI, the
form's file picker, the API's description and every "use .txt, .md, ..." message read the
list from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from briefing.errors import UnsupportedFormatError
from briefing.ingest.blocks import Parsed
from briefing.ingest.docx import read_docx
from briefing.ingest.html import looks_like_html, read_html
from briefing.ingest.markdown import read_markdown
from briefing.ingest.plain import read_plain
from briefing.options import Limits

__all__ = [
    "FORMAT_NAMES",
    "INPUT_FORMATS",
    "InputFormat",
    "detect_format",
    "input_format",
    "sniff_format",
    "suffix_list",
    "upload_suffixes",
]


@dataclass(frozen=True)
class InputFormat:
    """One readable format. Text formats get decoded, checked text; binary ones the bytes."""

    name: str
    #: suffixes offered to people, the usual one first
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]
    read_text: Callable[[str, Limits], Parsed] | None = None
    read_bytes: Callable[[bytes, Limits], Parsed] | None = None
    #: further suffixes read but not advertised
    also_read: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        assert (self.read_text is None) != (self.read_bytes is None), self.name


def _read_plain(text: str, limits: Limits) -> Parsed:
    return read_plain(text)


def _read_markdown(text: str, limits: Limits) -> Parsed:
    return read_markdown(text, limits.max_markdown_markup)


def _read_html(text: str, limits: Limits) -> Parsed:
    return read_html(text)


def _read_docx(data: bytes, limits: Limits) -> Parsed:
    return read_docx(data, limits)


INPUT_FORMATS: tuple[InputFormat, ...] = (
    InputFormat("text", (".txt",), ("text/plain",), read_text=_read_plain, also_read=(".text", "")),
    InputFormat(
        "markdown",
        (".md", ".markdown"),
        ("text/markdown", "text/x-markdown"),
        read_text=_read_markdown,
    ),
    InputFormat(
        "html",
        (".html", ".htm"),
        ("text/html", "application/xhtml+xml"),
        read_text=_read_html,
        also_read=(".xhtml",),
    ),
    InputFormat(
        "docx",
        (".docx",),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        read_bytes=_read_docx,
    ),
)
FORMAT_NAMES = tuple(f.name for f in INPUT_FORMATS)

# Formats people try that briefing does not read: refused by name rather than guessed at.
_UNREADABLE_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".rtf",
        ".odt",
        ".pages",
        ".epub",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".zip",
        ".gz",
        ".tar",
        ".7z",
        ".exe",
        ".bin",
        ".mp3",
        ".mp4",
    }
)
_BY_NAME = {f.name: f for f in INPUT_FORMATS}
_BY_SUFFIX = {s: f for f in INPUT_FORMATS for s in (*f.suffixes, *f.also_read)}
_BY_MEDIA_TYPE = {m: f for f in INPUT_FORMATS for m in f.media_types}


def input_format(name: str) -> InputFormat:
    """The format called ``name`` (``FORMAT_NAMES``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnsupportedFormatError(
            f"unknown format {name!r}; use one of {', '.join(FORMAT_NAMES)}"
        ) from None


def detect_format(filename: str | None = None, media_type: str | None = None) -> str | None:
    """The input format named by a file name or media type, or ``None`` if neither says.

    Raises:
        UnsupportedFormatError: the suffix is of a format briefing does not read (.pdf, ...).
    """
    if media_type:
        base = media_type.split(";", 1)[0].strip().lower()
        if base in _BY_MEDIA_TYPE:
            return _BY_MEDIA_TYPE[base].name
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix in _BY_SUFFIX:
            return _BY_SUFFIX[suffix].name
        if suffix in _UNREADABLE_SUFFIXES:
            raise UnsupportedFormatError(f"cannot read {suffix} files; use {suffix_list()}")
    # Any other name: the content decides (text or HTML; binary data is refused there).
    return None


def sniff_format(text: str) -> InputFormat:
    """The format of text that came with no name or media type that says."""
    return _BY_NAME["html" if looks_like_html(text) else "text"]


def suffix_list() -> str:
    """ ".txt, .md, .html or .docx": the usual suffix of each format, for people to read."""
    firsts = [f.suffixes[0] for f in INPUT_FORMATS]
    return ", ".join(firsts[:-1]) + " or " + firsts[-1]


def upload_suffixes() -> str:
    """ ".txt,.md,.markdown,...": the file picker's ``accept`` list."""
    return ",".join(s for f in INPUT_FORMATS for s in f.suffixes)
