"""Where a search matched: a short passage of the text with the matched words marked.

Pure: text and query in, pieces out (the template marks them with ``<mark>``). A word
matches as the archive's index reads it in English, by its Porter stem ("strikes" finds
"strike"), and by its letters without accents in any language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from nltk.stem.porter import PorterStemmer

#: characters of text a snippet shows around the matches
SNIPPET_CHARS = 220
#: characters kept before the first match, so it is read in its sentence
LEAD_CHARS = 60

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_STEMMER = PorterStemmer()


@dataclass(frozen=True)
class Piece:
    """A stretch of the text, marked when it is a matched word."""

    text: str
    mark: bool = False


@cache
def _key(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    stem: str = _STEMMER.stem(folded)
    return stem


def query_keys(query: str) -> frozenset[str]:
    """The words of a query as they are compared (folded and stemmed)."""
    return frozenset(_key(word) for word in _WORD.findall(query)[:32])


def marked(text: str, keys: Iterable[str]) -> list[Piece]:
    """All of ``text`` in pieces, each matched word marked (for a title)."""
    return _pieces(text, 0, len(text), frozenset(keys))


def snippet(text: str, keys: Iterable[str], width: int = SNIPPET_CHARS) -> list[Piece]:
    """About ``width`` characters of ``text`` around the most query words, marked, with
    an ellipsis where the text is cut; the opening of the text when no word is in it
    (the match was in the title, a speaker or the source)."""
    keys = frozenset(keys)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text) if _key(m.group()) in keys]
    if not words:
        start, end = 0, min(len(text), width)
    else:
        # the window that holds the most distinct query words, the earliest on a tie
        def distinct(first: int) -> int:
            limit = words[first][0] + width - LEAD_CHARS
            return len({_key(text[s:e]) for s, e in words[first:] if e <= limit})

        best = max(range(len(words)), key=lambda i: (distinct(i), -i))
        start = max(0, words[best][0] - LEAD_CHARS)
        end = min(len(text), start + width)
    # cut at spaces, not inside words
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces = _pieces(text, start, end, keys)
    if start > 0:
        pieces.insert(0, Piece("…"))
    if end < len(text):
        pieces.append(Piece("…"))
    return pieces


def _pieces(text: str, start: int, end: int, keys: frozenset[str]) -> list[Piece]:
    pieces: list[Piece] = []
    at = start
    for found in _WORD.finditer(text, start, end):
        if _key(found.group()) not in keys:
            continue
        if found.start() > at:
            pieces.append(Piece(_SPACES.sub(" ", text[at : found.start()])))
        pieces.append(Piece(found.group(), mark=True))
        at = found.end()
    if at < end:
        pieces.append(Piece(_SPACES.sub(" ", text[at:end])))
    return pieces
