"""Text that came from outside (a title, an id, an article), made safe for one output.

Every renderer puts into its output strings that a caller chose: a title sent by JSON, an
id on a batch line, a page's byline. Markdown escapes them (``markdown.escape_markdown``),
HTML autoescapes them; these two helpers do what is left:

- ``one_line``: a field shown on one line (a heading, an email Subject, a file name) never
  carries a line break, whatever it holds: CR, LF, U+2028 and every other break become one
  space, so a title cannot end a header or a Markdown heading early;
- ``printable``: text for a terminal or a text file carries no control characters (an
  ANSI escape in a title would otherwise repaint the reader's terminal).
"""

from __future__ import annotations

import re

__all__ = ["one_line", "printable"]

#: control characters other than tab and line feed (C0, DEL, C1)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace and line breaks is one space."""
    return " ".join(printable(text).split())


def printable(text: str) -> str:
    """``text`` without control characters (tabs and line feeds kept) or line separators."""
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub(" ", text)
