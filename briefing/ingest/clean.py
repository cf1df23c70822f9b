"""What scrapers and CMSs leave around and inside an article, and how a headline reads.

Shared by every format: a reader finds blocks, this decides which are the article's.
"""

from __future__ import annotations

import re

from briefing.ingest.blocks import SENTENCE_END, Block

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
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250
# A byline: "By Claire Dubois", "Par Claire Dubois et Marc Lefèvre", "Von Anna Weber" ...
_BYLINE_WORDS = frozenset({"by", "par", "von", "por", "di", "av", "door"})
_NAME_JOINERS = frozenset(
    (  # noqa: SIM905 - a word list reads better as words
        "and et und y e och en & de da del della di du la le van von der den dos das"
    ).split()
)
_BYLINE_MAX_WORDS = 12
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,|•·]|\s[-–—]\s)")
#: blocks at the start of an article where a byline is looked for
_BYLINE_BLOCKS = 3


def article_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that are the article: boilerplate lines dropped, inline junk removed."""
    kept = [_strip_inline_boilerplate(b) for b in blocks if not _is_boilerplate(b.text)]
    return [b for b in kept if b.text]


def byline_author(blocks: list[Block]) -> str | None:
    """The names of a byline among the first blocks ("By Claire Dubois, Paris" gives
    "Claire Dubois"); ``None`` when there is none.
    """
    for block in blocks[:_BYLINE_BLOCKS]:
        words = block.text.split()
        if block.heading or not 2 <= len(words) <= _BYLINE_MAX_WORDS:
            continue
        if words[0].lower() not in _BYLINE_WORDS:
            continue
        names = _BYLINE_SEPARATORS.split(block.text.split(None, 1)[1], maxsplit=1)[0].strip()
        parts = names.split()
        if (
            parts
            and all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in parts)
            and (parts[0][:1].isupper() and parts[-1][:1].isupper())
        ):
            return names
    return None


def reads_as_headline(line: str) -> bool:
    """Whether a first line is a headline: short, and not ending as a sentence does."""
    words = line.split()
    return (
        0 < len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and not SENTENCE_END.search(line.rstrip("?!"))
        and not line.endswith((".", ":", ";", ","))
    )


def _strip_inline_boilerplate(block: Block) -> Block:
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
    return block if text == block.text else Block(text)


def _is_boilerplate(line: str) -> bool:
    return len(line) <= _BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE.match(line.strip()))
