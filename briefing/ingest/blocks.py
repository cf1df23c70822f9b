"""Paragraph blocks: what every reader returns and the clean text is assembled from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HEADING_MAX_WORDS = 12
#: a line that ends a sentence (used for soft wraps here and for headlines by the cleaner)
SENTENCE_END = re.compile(r"[.!?:;…][\"'\u201d\u2019)\]]*$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Private-use characters that mark, inside converted text, a heading and a forced break.
HEADING_MARK = "\ue000"
BREAK_MARK = "\ue001"


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of an article, its text already on one line."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Parsed:
    """What a reader found in a file: its blocks and what the file says about itself."""

    blocks: list[Block]
    title: str | None = None
    sitename: str | None = None
    published: dt.date | None = None
    #: the author or authors the file names ("Claire Dubois, Marc Lefèvre")
    author: str | None = None
    #: the language tag the file declares (``<html lang="fr-FR">``), as written
    language: str | None = None


def text_blocks(text: str, *, wrap: str = "auto") -> list[Block]:
    """Paragraphs of plain text; blank lines always separate them.

    ``wrap`` says what a single line break is: ``"lines"``, a paragraph break (extracted
    HTML); ``"join"``, a soft wrap (Markdown); ``"auto"``, a break after a line that ends
    a sentence and a soft wrap otherwise (pasted or hard-wrapped plain text).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        pending: list[str] = []
        for raw in chunk.split("\n"):
            forced_heading = raw.lstrip().startswith(HEADING_MARK)
            forced_break = raw.lstrip().startswith(BREAK_MARK)
            raw = raw.replace(HEADING_MARK, "").replace(BREAK_MARK, "")
            # Spacing inside a line is the author's (and evidence quotes it): keep it.
            line = " ".join(raw.split()) if "\t" in raw else raw.strip()
            if not line:
                continue
            if forced_heading or is_caps_heading(line):
                if pending:
                    blocks.append(Block(" ".join(pending)))
                    pending = []
                blocks.append(Block(line, heading=True))
                continue
            if forced_break and pending:
                blocks.append(Block(" ".join(pending)))
                pending = []
            pending.append(line)
            if wrap == "lines" or (wrap == "auto" and SENTENCE_END.search(line)):
                blocks.append(Block(" ".join(pending)))
                pending = []
        if pending:
            blocks.append(Block(" ".join(pending)))
    return blocks


def is_caps_heading(line: str) -> bool:
    """ALL-CAPS short lines such as "BLOODY JIHAD" or "WHO WAS QASEM SOLEIMANI?"."""
    # Cheap tests first: most lines are long sentences, rejected without a character scan.
    if len(line.split()) > _HEADING_MAX_WORDS or line.rstrip().endswith((".", ",")):
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
