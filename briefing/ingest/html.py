"""HTML: the page's main text and what the page says about itself, from one parse.

The page is parsed once (trafilatura's ``load_html``); trafilatura's extraction with
metadata reads that tree for the main text, title, author(s), date and site name (Open
Graph, JSON-LD, meta tags), and the tree's ``lang`` attribute is the declared language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefing.errors import EmptyInputError
from briefing.ingest.blocks import Block, Parsed, text_blocks

#: longest author line kept (a page that stuffs its whole staff into the field is cut)
_AUTHOR_MAX_CHARS = 200


def read_html(html: str) -> Parsed:
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise EmptyInputError("the HTML page has no readable text")
    declared = _declared_language(tree)
    try:
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            favor_recall=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except Exception:  # trafilatura's bugs on odd pages must not cost the page its text
        document = None
    text = str(getattr(document, "text", None) or "")
    if not text.strip():
        # trafilatura found no main text: fall back to all visible text of the page
        text = trafilatura.html2txt(tree) or ""
    if not text.strip():
        raise EmptyInputError("the HTML page has no readable text")
    title = _field(document, "title")
    sitename = _field(document, "sitename")
    if sitename and title and sitename == title:
        sitename = None  # a page that names no site: the <title> is no outlet
    blocks = text_blocks(text, wrap="lines")
    if title and blocks and _same_words(blocks[0].text, title):
        blocks = [Block(blocks[0].text, heading=True), *blocks[1:]]
    return Parsed(
        blocks,
        title=title,
        sitename=sitename[:200] if sitename else None,
        published=_parse_date(_field(document, "date")),
        author=_authors(_field(document, "author")),
        language=declared,
    )


def looks_like_html(text: str) -> bool:
    """Whether text with no name or media type is a page rather than prose."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or ("<p>" in head and "</p>" in text.lower())
    )


def _field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _declared_language(tree: Any) -> str | None:
    """The page's own language tag: ``<html lang>``, else its Content-Language meta."""
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")):
        if value and value.strip():
            return str(value).strip()
    for content in tree.xpath(
        '//meta[translate(@http-equiv, "CONTENLAGU", "contenlagu")="content-language"]/@content'
        '|//meta[@property="og:locale"]/@content'
    ):
        if str(content).strip():
            return str(content).strip()
    return None


def _authors(value: str | None) -> str | None:
    """trafilatura's "A; B" as "A, B"; ``None`` when the page names nobody."""
    if not value:
        return None
    names = [name.strip() for name in value.split(";") if name.strip()]
    joined = ", ".join(dict.fromkeys(names))
    return joined[:_AUTHOR_MAX_CHARS] or None


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
