"""Markdown, parsed by markdown-it-py (CommonMark, with tables and strikethrough).

Every heading (``# Title`` and ``Title`` over ``=====`` alike), paragraph, list item,
quoted paragraph and table row becomes a block; code blocks keep their text. Inline markup
is read as CommonMark reads it: emphasis and link syntax go, escapes are resolved
(``\\*two\\*`` is "*two*"), every kind of link (inline, reference, ``<https://...>``)
keeps the words a reader sees, images their alt text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from briefing.errors import InputTooLargeError
from briefing.ingest.blocks import HEADING_MARK, Parsed, text_blocks
from briefing.options import DEFAULT_MAX_MARKDOWN_MARKUP

#: most lines plus inline markup characters a Markdown file may hold by default
#: (BRIEFING_MAX_MARKDOWN_MARKUP). markdown-it-py pays 20-100 µs for each (a Python object
#: per token), so this bounds the time to a few seconds; an article of 2 MB of prose has
#: a few thousand.
MAX_MARKUP = DEFAULT_MAX_MARKDOWN_MARKUP
_MARKUP_CHARACTERS = "*_[]`<\\~|&"

# HTML inside a Markdown file: its text is kept, the markup is not. Tags that end a line
# or a paragraph become a line break; comments and other tags vanish.
_BREAKING_TAG = re.compile(
    r"<(?:br|/?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section|article))\b[^<>]{0,1000}>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<!--.*?-->|<[^<>]{0,1000}>", re.DOTALL)
#: what separates the cells of a table row in the clean text
CELL_SEPARATOR = " | "


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # typographer and linkify stay off: the text keeps the characters the author wrote
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def read_markdown(text: str, max_markup: int = MAX_MARKUP) -> Parsed:
    """The blocks of a Markdown file.

    Raises:
        InputTooLargeError: more than ``max_markup`` lines and markup characters.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    markup = text.count("\n") + sum(text.count(c) for c in _MARKUP_CHARACTERS)
    if markup > max_markup:
        raise InputTooLargeError(
            f"the Markdown file has {markup:,} lines and markup characters; at most "
            f"{max_markup:,} are read as Markdown (BRIEFING_MAX_MARKDOWN_MARKUP): send it "
            "as plain text (.txt)"
        )
    tokens = _parser().parse(text)
    parts: list[str] = []
    row: list[str] | None = None
    heading = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            cells = [cell for cell in row if cell]
            if cells:
                parts.append(CELL_SEPARATOR.join(cells))
            row = None
        elif kind == "inline":
            line = _inline_text(token.children or [])
            if row is not None:
                row.append(line)
            elif line:
                parts.append(HEADING_MARK + line if heading else line)
        elif kind in ("fence", "code_block"):
            parts.append(token.content)
        elif kind == "html_block":
            parts.append(_TAG.sub("", _BREAKING_TAG.sub("\n", token.content)))
    return Parsed(text_blocks("\n\n".join(parts), wrap="join"))


def _inline_text(children: list[Any]) -> str:
    """The words of an inline run as a reader sees them, on one line."""
    pieces: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            pieces.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif kind == "image":
            pieces.append(child.content)
        elif kind == "html_inline" and _BREAKING_TAG.fullmatch(child.content):
            pieces.append(" ")
    return "".join(pieces).strip()
