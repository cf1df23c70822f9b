"""LEAD: the first sentences of the article, the baseline every ranker must beat."""

from __future__ import annotations

from briefing.models import Document, SummarySentence
from briefing.summarise.length import Length
from briefing.summarise.selection import eligible_sentences, fill


class LeadRanker:
    """Scores fall with position; the summary is the article's opening."""

    name = "lead"

    def __call__(self, document: Document, length: Length) -> tuple[SummarySentence, ...]:
        candidates = eligible_sentences(document)
        scores = {s.index: 1.0 / (1 + rank) for rank, s in enumerate(candidates)}
        return fill(candidates, scores, length, len(candidates))
