"""Plain text: paragraphs by blank lines, hard wraps joined, ALL-CAPS lines as headings."""

from __future__ import annotations

from briefing.ingest.blocks import Parsed, text_blocks


def read_plain(text: str) -> Parsed:
    return Parsed(text_blocks(text))
