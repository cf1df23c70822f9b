"""Text repair: mojibake fixed by ftfy before anything is split or read.

Text that was encoded as UTF-8 and decoded as Windows-1252 somewhere upstream arrives as
"wasnâ€™t" or "cafÃ©"; ftfy undoes that (also when only part of the text is garbled, and
for the C1 controls such text picks up). It runs only where a garbled pair of characters
shows, so clean text, nearly all of it, pays one regular-expression scan. The repaired
text is the clean text every offset points into.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["repair_text"]

# A character that starts a two- or three-byte UTF-8 sequence, read as Windows-1252 or
# Latin-1 (Â to ô), followed by one that stands for a continuation byte (0x80-0xBF read
# the same way, C1 controls included); or a C1 control or terminal escape on its own.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
    "|[\u0080-\u009f\u001b]"
)


def repair_text(text: str) -> str:
    """``text`` with mojibake and stray C1 controls fixed; unchanged when none shows.

    Quotes stay curly, full-width characters stay full-width and HTML entities stay as
    written: only what a wrong decoding did is undone.
    """
    if not _SUSPECT.search(text):
        return text
    import ftfy

    return str(ftfy.fix_text(text, _config()))


@cache
def _config() -> Any:
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        fix_character_width=False,
        uncurl_quotes=False,
        # a block is one line; a line separator inside it stays for the reader to judge
        fix_line_breaks=False,
    )
