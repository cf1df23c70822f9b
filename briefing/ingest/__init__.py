"""Ingest: bytes or text in any supported format -> a clean ``Article``.

One function, ``read_article``, for every format; one reader module per format (``plain``,
``markdown``, ``html``, ``docx``, listed in ``formats.INPUT_FORMATS``), the way sumy has one
parser per kind of document. The clean text is what every offset in a brief points into,
so everything that changes characters happens here, once:

    bytes --decode--> text --check--> repair --> reader --> blocks --clean--> Article
                                                                 (language identified)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from briefing.errors import (
    EmptyInputError,
    InputTooLargeError,
    OptionsError,
    UnsupportedFormatError,
)
from briefing.ingest.blocks import Block, Parsed
from briefing.ingest.clean import article_blocks, byline_author, reads_as_headline
from briefing.ingest.decode import check_text, decode_text
from briefing.ingest.docx import DOCX_XML_FACTOR
from briefing.ingest.formats import (
    FORMAT_NAMES,
    INPUT_FORMATS,
    detect_format,
    input_format,
    sniff_format,
    suffix_list,
    upload_suffixes,
)
from briefing.ingest.repair import repair_text
from briefing.models import Article, ArticleMeta, Span
from briefing.options import Limits
from briefing.text.identify import GIVEN, LanguageGuess, identify_language, normalise_language_tag

__all__ = [
    "DOCX_XML_FACTOR",
    "FORMAT_NAMES",
    "INPUT_FORMATS",
    "decode_text",
    "detect_format",
    "read_article",
    "suffix_list",
    "upload_suffixes",
]


def read_article(
    data: bytes | str,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    format: str | None = None,
    meta: ArticleMeta | None = None,
    limits: Limits | None = None,
) -> Article:
    """Turn raw input into a clean ``Article``.

    Args:
        data: the article as bytes (any encoding, any supported format) or text.
        filename: used to tell the format from the suffix.
        media_type: a MIME type, used before the file name when given.
        format: force one of ``FORMAT_NAMES``.
        meta: what the caller knows: a headline (else the first line if it reads as one,
            else the HTML title, else the first sentence shortened), the outlet, the
            publication date, the author(s) (else the page's, else a byline's), the
            language (else it is identified from the text, a page's ``lang`` preferred
            when the text agrees).
        limits: the size limit; defaults to ``Limits()``.

    Raises:
        InputTooLargeError, BinaryInputError, UnsupportedFormatError, EmptyInputError,
        OptionsError (a language that is no language tag).
    """
    meta = meta or ArticleMeta()
    limits = limits or Limits()
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > limits.max_input_bytes:
        raise InputTooLargeError(
            f"the article is {size:,} bytes; the limit is {limits.max_input_bytes:,} "
            "(BRIEFING_MAX_INPUT_BYTES)"
        )
    parsed = _parse(data, format or detect_format(filename, media_type), limits)
    blocks = article_blocks(parsed.blocks)
    if not blocks:
        raise EmptyInputError("the article is empty")

    guess = _language(meta.language, blocks, parsed.language)
    title = meta.title
    headline = title.strip() if title and title.strip() else None
    first = blocks[0]
    if headline is None and len(blocks) > 1 and (first.heading or reads_as_headline(first.text)):
        headline = blocks[0].text
        blocks = blocks[1:]
    if headline is None and parsed.title:
        headline = parsed.title.strip()
    article = _assemble(
        blocks,
        headline=headline,
        source=meta.source or parsed.sitename,
        published=meta.published or parsed.published,
        code=guess.code,
    )
    return replace(
        article,
        language=guess.code,
        language_source=guess.source,
        author=_clean(meta.author) or parsed.author or byline_author(blocks),
    )


def _language(given: str | None, blocks: list[Block], declared: str | None) -> LanguageGuess:
    """The caller's language, else the one the text (and the page's tag) show."""
    if given is not None and given.strip():
        code = normalise_language_tag(given)
        if code is None:
            raise OptionsError(f"{given!r} is not a language: use an ISO 639-1 code such as fr")
        return LanguageGuess(code, GIVEN)
    return identify_language("\n".join(b.text for b in blocks), declared)


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _parse(data: bytes | str, name: str | None, limits: Limits) -> Parsed:
    """The blocks of ``data`` read as format ``name`` (``None``: the content decides)."""
    kind = input_format(name) if name is not None else None
    if kind is not None and kind.read_bytes is not None:
        if isinstance(data, str):
            raise UnsupportedFormatError(f"a {kind.suffixes[0]} file must be given as bytes")
        parsed = kind.read_bytes(data, limits)
        return replace(parsed, blocks=[replace(b, text=repair_text(b.text)) for b in parsed.blocks])
    text = repair_text(check_text(decode_text(data) if isinstance(data, bytes) else data))
    kind = kind or sniff_format(text)
    assert kind.read_text is not None
    return kind.read_text(text, limits)


def _assemble(
    blocks: list[Block],
    *,
    headline: str | None,
    source: str | None,
    published: dt.date | None,
    code: str,
) -> Article:
    parts: list[str] = []
    paragraphs: list[Span] = []
    headings: list[Span] = []
    cursor = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            cursor += 2
        span = Span(cursor, cursor + len(block.text))
        parts.append(block.text)
        cursor = span.end
        paragraphs.append(span)
        if block.heading:
            headings.append(span)
    text = "".join(parts)
    if not any(not b.heading for b in blocks):
        raise EmptyInputError("the article has headings but no text")
    return Article(
        text=text,
        title=headline or _title_from_text(text, headings, code),
        source=source,
        published=published,
        paragraphs=tuple(paragraphs),
        headings=tuple(headings),
    )


def _title_from_text(text: str, headings: list[Span], code: str) -> str:
    from briefing.text.sentences import split_sentences

    heading_starts = {h.start for h in headings}
    for start, end in split_sentences(text, code):
        if start in heading_starts:
            continue
        first = text[start:end].split()
        return " ".join(first[:14]) + (" …" if len(first) > 14 else "")
    return "Untitled article"
