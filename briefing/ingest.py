"""Ingest: bytes or text in any supported format -> a clean ``Article``.

Formats: plain text, Markdown, HTML (main text extracted by trafilatura). The clean text is
what every offset in a brief points into, so everything that changes characters happens
here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

from briefing.config import Settings
from briefing.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    UnsupportedFormatError,
)
from briefing.models import Article, Span

FORMATS = ("text", "markdown", "html", "docx")
_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
}
#: The suffixes offered to people (the form's file picker, messages): one per way of writing
#: each format, in FORMATS order. The other keys of _SUFFIXES are read but not advertised.
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
assert set(UPLOAD_SUFFIXES) <= set(_SUFFIXES)


def _suffix_list() -> str:
    """ ".txt, .md, .html or .docx": one suffix per format, for messages."""
    firsts = [next(x for x in UPLOAD_SUFFIXES if _SUFFIXES[x] == kind) for kind in FORMATS]
    return ", ".join(firsts[:-1]) + " or " + firsts[-1]


# Formats people try that briefing does not read: refuse them by name rather than guess.
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
_MEDIA_TYPES = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}

# Lines that scrapers and CMSs leave around an article. Only short lines are tested, so
# a real sentence that merely mentions "subscribe" is never dropped.
_BOILERPLATE = re.compile(
    r"""^(?:
        source\s*:.*
      | read\ (?:the\ )?full\ (?:article|story).*
      | read\ more\b.*
      | click\ here\b.*
      | (?:share|tweet|email|print)(?:\ (?:this|on|via)\b.*)?
      | share\ (?:this\ )?(?:article|story)\b.*
      | subscribe\b.*
      | sign\ up\b.*
      | follow\ us\b.*
      | advertisement
      | related\ (?:articles|stories|content)\b.*
      | image\ (?:copyright|caption)\b.*
      | copyright\ ©.*
      | ©.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_MAX_CHARS = 120
# Junk that agencies and tabloids leave inside the first paragraph rather than on lines of
# its own: a "Place (Outlet)" dateline glued to the first word ("Washington (CNN)This"),
# a "By . Name ." byline with "PUBLISHED: . 10:31 EST, 19 March 2014 . | . UPDATED: ..."
# stamps, and "Scroll down for video" prompts. Removed from the clean text so a summary
# never quotes them.
_INLINE_BOILERPLATE = re.compile(
    r"""
      ^(?:[A-Z][\w.'-]*(?:[ ,]+[A-Z][\w.'-]*){0,4}\s)?\((?:CNN|[A-Z][\w.&' ]{1,40})\)
        (?:\s+--?\s+|(?=[A-Z"'\u201c\u2018]))
    | ^By\s\.\s(?:[^.|\n]{1,60}?\s\.\s){1,4}(?=PUBLISHED|UPDATED|Last\ updated|[A-Z])
    | (?:\|\s\.\s)?(?:PUBLISHED|UPDATED):\s\.\s\d{1,2}:\d{2}\s[A-Z]{2,4},\s\d{1,2}\s[A-Z][a-z]+
        \s\d{4}\s\.\s
    | Last\ updated\ at\ \d{1,2}:\d{2}\ [AP]M\ on\ \d{1,2}\w{0,2}\ [A-Z][a-z]+\ \d{4}\s\.\s
    | \bScroll\ down\ for\ (?:the\ )?videos?\s+
    """,
    re.VERBOSE,
)
# Literal text one of those patterns needs: blocks without any skip the regex scan.
_INLINE_MARKERS = ("PUBLISHED:", "UPDATED:", "Last updated at", "Scroll down for")
_HEADING_MAX_WORDS = 12
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250
_SENTENCE_END = re.compile(r"[.!?:;…][\"'\u201d\u2019)\]]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
# Markdown markup is removed with bounded, single-pass patterns: a pair-matching pattern
# ("*" ... "*") rescans the rest of the line from every opener and turns a long line of
# openers quadratic.
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_MD_EMPHASIS = re.compile(
    r"(?<![\w*_`])(?:\*{1,3}|_{1,3}|`)(?=\S)"  # an opening marker before a word
    r"|(?<=\S)(?:\*{1,3}|_{1,3}|`)(?![\w*_`])"  # a closing marker after one
)
_MD_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_QUOTE = re.compile(r"^>\s?")
# Private-use characters that mark, inside converted text, a heading and a forced break.
_HEADING_MARK = "\ue000"
_BREAK_MARK = "\ue001"


@dataclass(frozen=True)
class _Block:
    text: str
    heading: bool = False


def detect_format(filename: str | None = None, media_type: str | None = None) -> str | None:
    """The input format named by a file name or media type, or ``None`` if neither says."""
    if media_type:
        base = media_type.split(";", 1)[0].strip().lower()
        if base in _MEDIA_TYPES:
            return _MEDIA_TYPES[base]
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
        if suffix in _UNREADABLE_SUFFIXES:
            raise UnsupportedFormatError(f"cannot read {suffix} files; use {_suffix_list()}")
    # Any other name: look at the content (text or HTML; binary data is refused there).
    return None


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a byte-order mark), else as detected.

    Detection uses charset-normalizer; when it guesses some single-byte Latin code page,
    Windows-1252 is preferred, the encoding Western news text is usually in.

    Raises:
        BinaryInputError: the bytes are not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BinaryInputError("the input claims to be UTF-16 but is not") from None
    if b"\x00" in data[:65536]:
        raise BinaryInputError("the input looks like binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_detected(data)
    _reject_control_characters(text)
    return text


def _decode_detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BinaryInputError("the input is not text in any encoding briefing reads")
    text = str(best)
    if _mostly_latin(text):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return text


def _mostly_latin(text: str) -> bool:
    import unicodedata

    letters = [c for c in text[:4096] if c.isalpha() and ord(c) > 127]
    if not letters:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= 0.8 * len(letters)


def _reject_control_characters(text: str) -> None:
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise BinaryInputError("the input looks like binary data, not text")


def read_article(
    data: bytes | str,
    *,
    filename: str | None = None,
    media_type: str | None = None,
    format: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Article:
    """Turn raw input into a clean ``Article``.

    Args:
        data: the article as bytes (any encoding, any supported format) or text.
        filename: used to tell the format from the suffix.
        media_type: a MIME type, used before the file name when given.
        format: force one of ``FORMATS``.
        title: a headline given by the caller; else the first line if it reads as one,
            else the HTML title, else the first sentence shortened.
        source: outlet name, shown on the brief.
        published: publication date, when known.
        settings: limits; defaults to ``Settings()``.

    Raises:
        InputTooLargeError, BinaryInputError, UnsupportedFormatError, EmptyInputError.
    """
    settings = settings or Settings()
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > settings.max_input_bytes:
        raise InputTooLargeError(
            f"the article is {size:,} bytes; the limit is {settings.max_input_bytes:,} "
            "(BRIEFING_MAX_INPUT_BYTES)"
        )
    kind = format or detect_format(filename, media_type)
    if kind is not None and kind not in FORMATS:
        raise UnsupportedFormatError(f"unknown format {kind!r}; use one of {', '.join(FORMATS)}")
    html_title: str | None = None
    html_meta: dict[str, str | None] = {}
    if kind == "docx":
        if isinstance(data, str):
            raise UnsupportedFormatError("a .docx file must be given as bytes")
        blocks = _docx_blocks(data, DOCX_XML_FACTOR * settings.max_input_bytes)
    else:
        text = decode_text(data) if isinstance(data, bytes) else data
        _reject_control_characters(text)
        if kind is None:
            kind = "html" if _looks_like_html(text) else "text"
        if kind == "html":
            text, html_meta = _html_to_text(text)
            html_title = html_meta.get("title")
            blocks = _text_blocks(text, wrap="lines")
            if html_title and blocks and _same_words(blocks[0].text, html_title):
                blocks = [_Block(blocks[0].text, heading=True), *blocks[1:]]
        elif kind == "markdown":
            blocks = _markdown_blocks(text)
        else:
            blocks = _text_blocks(text)
    blocks = [_strip_inline_boilerplate(b) for b in blocks if not _is_boilerplate(b.text)]
    blocks = [b for b in blocks if b.text]
    if not blocks:
        raise EmptyInputError("the article is empty")

    headline = title.strip() if title and title.strip() else None
    first = blocks[0]
    if headline is None and len(blocks) > 1 and (first.heading or _reads_as_headline(first.text)):
        headline = blocks[0].text
        blocks = blocks[1:]
    if headline is None and html_title:
        headline = html_title.strip()
    return _assemble(
        blocks,
        headline=headline,
        source=source or html_meta.get("sitename"),
        published=published or _parse_date(html_meta.get("date")),
    )


def _assemble(
    blocks: list[_Block], *, headline: str | None, source: str | None, published: dt.date | None
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
        title=headline or _title_from_text(text, headings),
        source=source,
        published=published,
        paragraphs=tuple(paragraphs),
        headings=tuple(headings),
    )


def _title_from_text(text: str, headings: list[Span]) -> str:
    from briefing.text.sentences import split_sentences

    heading_starts = {h.start for h in headings}
    for start, end in split_sentences(text):
        if start in heading_starts:
            continue
        first = text[start:end].split()
        return " ".join(first[:14]) + (" …" if len(first) > 14 else "")
    return "Untitled article"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or ("<p>" in head and "</p>" in text.lower())
    )


def _html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    extracted = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
        with_metadata=False,
    )
    meta: dict[str, str | None] = {}
    try:
        metadata = trafilatura.extract_metadata(html, extensive=False)
    except Exception:  # metadata is optional: a page without it is still an article
        metadata = None
    if metadata is not None:
        meta = {"title": metadata.title, "sitename": metadata.sitename, "date": metadata.date}
    # the outlet: the page's publisher metadata before trafilatura's guess, which falls
    # back to the <title>'s tail ("... | World News") when a page names no site
    publisher = page_publisher(html)
    if publisher:
        meta["sitename"] = publisher
    elif meta.get("sitename") and meta.get("title") and meta["sitename"] == meta["title"]:
        meta["sitename"] = None
    if not extracted or not extracted.strip():
        # trafilatura found no main text: fall back to all visible text of the page
        extracted = trafilatura.html2txt(html) or ""
    if not extracted.strip():
        raise EmptyInputError("the HTML page has no readable text")
    return extracted, meta


def page_publisher(html: str) -> str | None:
    """The outlet a page names itself: ``og:site_name``, else JSON-LD ``publisher.name``."""
    import json

    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for content in root.xpath('//meta[@property="og:site_name" or @name="og:site_name"]/@content'):
        name = " ".join(str(content).split())
        if name:
            return name[:200]
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        found = _ld_publisher(data)
        if found:
            return found[:200]
    return None


def _ld_publisher(data: object, depth: int = 0) -> str | None:
    """``publisher.name`` anywhere in a JSON-LD document (lists and ``@graph`` included)."""
    if depth > 4:
        return None
    if isinstance(data, list):
        for item in data:
            found = _ld_publisher(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(data, dict):
        return None
    publisher = data.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        name = " ".join(publisher["name"].split())
        if name:
            return name
    if isinstance(publisher, str) and publisher.strip():
        return " ".join(publisher.split())
    return _ld_publisher(data.get("@graph"), depth + 1)


def _same_words(a: str, b: str) -> bool:
    """Whether a page's first line repeats its <title> (often "Headline | Site")."""
    first = a.casefold().split()
    return bool(first) and b.casefold().split()[: len(first)] == first


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


#: how much larger than the input limit a .docx's unpacked document.xml may be: Word's XML
#: is markup-heavy (about 5-10 bytes per character of text), a zip bomb is far larger
DOCX_XML_FACTOR = 20


def _docx_blocks(data: bytes, max_xml_bytes: int) -> list[_Block]:
    """Paragraphs of a .docx, read with a bound on what the zip unpacks to.

    The XML is parsed by defusedxml, which refuses entity expansion ("billion laughs") and
    external entities; the unpacked size is counted as it streams, since a zip's declared
    sizes can lie.
    """
    import io
    import zipfile

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("word/document.xml") as member,
        ):
            xml = member.read(max_xml_bytes + 1)
        if len(xml) > max_xml_bytes:
            raise InputTooLargeError(
                f"the .docx unpacks to more than {max_xml_bytes:,} bytes of XML "
                f"({DOCX_XML_FACTOR} x BRIEFING_MAX_INPUT_BYTES); it is refused as a zip bomb"
            )
        root = fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ParseError, EOFError) as exc:
        raise UnsupportedFormatError("the file is not a readable .docx document") from exc
    except DefusedXmlException as exc:
        raise UnsupportedFormatError(
            "the .docx holds XML entities or a DTD, which briefing does not read"
        ) from exc
    blocks: list[_Block] = []
    for paragraph in root.iter(f"{namespace}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{namespace}t"))
        text = " ".join(text.split())
        if not text:
            continue
        style = paragraph.find(f"{namespace}pPr/{namespace}pStyle")
        style_name = (style.get(f"{namespace}val") or "") if style is not None else ""
        is_heading = style_name.lower().startswith(("heading", "title")) or _is_caps_heading(text)
        blocks.append(_Block(text, heading=is_heading))
    return blocks


def _markdown_blocks(text: str) -> list[_Block]:
    lines: list[str] = []
    in_fence = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
            lines.append("")
            continue
        if in_fence or _MD_RULE.match(line):
            lines.append("" if not in_fence else line)
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            lines.extend(["", _HEADING_MARK + _strip_markdown_inline(heading.group(1)), ""])
            continue
        line = _MD_QUOTE.sub("", line)
        if _MD_BULLET.match(line):
            # each list item is a paragraph of its own
            line = _BREAK_MARK + _MD_BULLET.sub("", line)
        lines.append(_strip_markdown_inline(line))
    return _text_blocks("\n".join(lines), wrap="join")


def _strip_markdown_inline(line: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", line))


def _text_blocks(text: str, *, wrap: str = "auto") -> list[_Block]:
    """Paragraphs of plain text; blank lines always separate them.

    ``wrap`` says what a single line break is: ``"lines"``, a paragraph break (extracted
    HTML); ``"join"``, a soft wrap (Markdown); ``"auto"``, a break after a line that ends
    a sentence and a soft wrap otherwise (pasted or hard-wrapped plain text).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    blocks: list[_Block] = []
    for chunk in _BLANK_LINES.split(text):
        pending: list[str] = []
        for raw in chunk.split("\n"):
            forced_heading = raw.lstrip().startswith(_HEADING_MARK)
            forced_break = raw.lstrip().startswith(_BREAK_MARK)
            raw = raw.replace(_HEADING_MARK, "").replace(_BREAK_MARK, "")
            # Spacing inside a line is the author's (and evidence quotes it): keep it.
            line = " ".join(raw.split()) if "\t" in raw else raw.strip()
            if not line:
                continue
            if forced_heading or _is_caps_heading(line):
                if pending:
                    blocks.append(_Block(" ".join(pending)))
                    pending = []
                blocks.append(_Block(line, heading=True))
                continue
            if forced_break and pending:
                blocks.append(_Block(" ".join(pending)))
                pending = []
            pending.append(line)
            if wrap == "lines" or (wrap == "auto" and _SENTENCE_END.search(line)):
                blocks.append(_Block(" ".join(pending)))
                pending = []
        if pending:
            blocks.append(_Block(" ".join(pending)))
    return blocks


def _is_caps_heading(line: str) -> bool:
    """ALL-CAPS short lines such as "BLOODY JIHAD" or "WHO WAS QASEM SOLEIMANI?"."""
    # Cheap tests first: most lines are long sentences, rejected without a character scan.
    if len(line.split()) > _HEADING_MAX_WORDS or line.rstrip().endswith((".", ",")):
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _reads_as_headline(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and not _SENTENCE_END.search(line.rstrip("?!"))
        and not line.endswith((".", ":", ";", ","))
    )


def _strip_inline_boilerplate(block: _Block) -> _Block:
    """The block without datelines, bylines, time stamps and video prompts inside it."""
    text = block.text
    if block.heading or not (
        "(" in text[:100] or text.startswith("By .") or any(m in text for m in _INLINE_MARKERS)
    ):
        return block
    previous = None
    while previous != text:  # a byline is followed by its stamps: peel them one by one
        previous = text
        text = _INLINE_BOILERPLATE.sub("", text).strip()
    return block if text == block.text else _Block(text)


def _is_boilerplate(line: str) -> bool:
    return len(line) <= _BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE.match(line.strip()))
