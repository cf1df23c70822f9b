"""What every ranker shares: which sentences may be chosen, and filling the length budget."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefing.models import Document, Sentence, SummarySentence
from briefing.summarise.length import Length

MIN_WORDS = 4

# Sentences that cannot stand on their own in a summary: bylines and datelines, lead-ins
# to a quote ("He added:"), photo credits.
_NOT_STANDALONE = re.compile(
    r"""^(?:
        by\s+[\w.' -]{0,60}$
      | (?:published|updated|last\ updated)\s*:.*
      | (?:photo|picture|image)s?\s*(?:credit|:).*
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_eligible(sentence: Sentence) -> bool:
    """True when the sentence may appear in a summary on its own."""
    if sentence.is_heading or len(sentence.words) < MIN_WORDS:
        return False
    text = sentence.text.rstrip("\"'\u201d\u2019 ")
    if text.endswith((":", ",", ";")) or (not text[-1:].isalnum() and text.endswith(("-", "–"))):
        return False
    return not _NOT_STANDALONE.match(sentence.text)


def eligible_sentences(document: Document) -> list[Sentence]:
    """Candidates for a summary, in article order (all body sentences if none qualify)."""
    chosen = [s for s in document.sentences if is_eligible(s)]
    return chosen or list(document.body)


def fill(
    preference: Iterable[Sentence],
    scores: Sequence[float] | dict[int, float],
    length: Length,
    available: int,
) -> tuple[SummarySentence, ...]:
    """Take sentences in order of preference until the length budget is spent.

    Returns the chosen sentences in article order with their scores.
    """
    limit = length.sentence_limit(available)
    chosen: list[Sentence] = []
    words = 0
    for sentence in preference:
        if len(chosen) >= limit:
            break
        if not length.fits(words, len(sentence.words), len(chosen)):
            continue
        chosen.append(sentence)
        words += len(sentence.words)
    chosen.sort(key=lambda s: s.index)
    return tuple(
        SummarySentence(
            index=s.index,
            start=s.start,
            end=s.end,
            text=s.text,
            score=round(float(scores[s.index]), 6),
        )
        for s in chosen
    )
