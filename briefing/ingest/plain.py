"""Plain text: paragraphs by blank lines, hard wraps joined, ALL-CAPS lines as headings.

Text pasted into the form, sent as the API's ``text`` or piped to the CLI is often
Markdown or mail-style: a line underlined with ``=====`` or ``-----`` is a heading (the
underline is no word of it), and a line of nothing but ``-``, ``=``, ``*``, ``_``, ``~``
or ``#`` is a separator that ends the paragraph.
"""

from __future__ import annotations

import re

from briefing.ingest.blocks import HEADING_MARK, Parsed, text_blocks

#: a line made of one mark repeated (at least three times, spaces between allowed)
_RULE = re.compile(r"[ \t]*([-=*_~#])(?:[ \t]*\1){2,}[ \t]*")


def read_plain(text: str) -> Parsed:
    return Parsed(text_blocks(_underlines_and_rules(text)))


def _underlines_and_rules(text: str) -> str:
    """``text`` with underlines turned into heading marks and rules into paragraph breaks.

    Only a line standing alone (a blank line or the start above it) becomes a heading
    when underlined; under a paragraph of several lines the underline is a rule.
    """
    if not _RULE.search(text):
        return text
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        rule = _RULE.fullmatch(line)
        if rule is None:
            lines.append(line)
            continue
        above = lines[-1] if lines else ""
        before = lines[-2] if len(lines) > 1 else ""
        if rule.group(1) in "=-" and above.strip() and not before.strip():
            lines[-1] = HEADING_MARK + above
        lines.append("")
    return "\n".join(lines)
