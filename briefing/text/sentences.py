"""Sentence boundaries with NLTK's Punkt algorithm and parameters shipped in the package.

Punkt normally loads trained parameters with ``nltk.download``; that fails offline, so we
build ``PunktParameters`` from the abbreviation list in ``data/abbreviations.txt``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

_CLOSING_QUOTES = "\"'\u201d\u2019)]"


@cache
def _abbreviations() -> frozenset[str]:
    raw = resources.files("briefing.text").joinpath("data/abbreviations.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in raw.splitlines())
    return frozenset(w.rstrip(".") for w in words if w)


@cache
def _tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_abbreviations())
    return PunktSentenceTokenizer(params)


_LEADING_CLOSER = re.compile(r"^[\"'\u201d\u2019)\]]+(?=\s|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, stripped of whitespace."""
    spans: list[tuple[int, int]] = []
    for start, end in _tokenizer().span_tokenize(text):
        # A closing quote Punkt left at the head of the next sentence belongs to this one.
        if spans:
            match = _LEADING_CLOSER.match(text, start)
            if match and match.end() > start:
                prev_start, _ = spans[-1]
                spans[-1] = (prev_start, match.end())
                start = match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
