"""HTML: the page's main text (trafilatura) and what the page says about itself."""

from __future__ import annotations

import datetime as dt
import json

from briefing.errors import EmptyInputError
from briefing.ingest.blocks import Block, Parsed, text_blocks


def read_html(html: str) -> Parsed:
    text, meta = _main_text(html)
    title = meta.get("title")
    blocks = text_blocks(text, wrap="lines")
    if title and blocks and _same_words(blocks[0].text, title):
        blocks = [Block(blocks[0].text, heading=True), *blocks[1:]]
    return Parsed(
        blocks, title=title, sitename=meta.get("sitename"), published=_parse_date(meta.get("date"))
    )


def looks_like_html(text: str) -> bool:
    """Whether text with no name or media type is a page rather than prose."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or ("<p>" in head and "</p>" in text.lower())
    )


def _main_text(html: str) -> tuple[str, dict[str, str | None]]:
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
