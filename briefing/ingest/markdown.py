"""Markdown: headings, list items and quotes become paragraphs; inline markup is dropped."""

from __future__ import annotations

import re

from briefing.ingest.blocks import BREAK_MARK, HEADING_MARK, Parsed, text_blocks

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


def read_markdown(text: str) -> Parsed:
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
            lines.extend(["", HEADING_MARK + _strip_inline(heading.group(1)), ""])
            continue
        line = _MD_QUOTE.sub("", line)
        if _MD_BULLET.match(line):
            # each list item is a paragraph of its own
            line = BREAK_MARK + _MD_BULLET.sub("", line)
        lines.append(_strip_inline(line))
    return Parsed(text_blocks("\n".join(lines), wrap="join"))


def _strip_inline(line: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", line))
