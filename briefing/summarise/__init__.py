"""Summarise: rankers behind one interface.

A ranker is a callable object ``ranker(document, length)`` that returns the chosen
sentences, with scores, in article order. ``news`` (the default) is the project's own;
``lead`` is the baseline; every sumy algorithm is available by name.
"""

from __future__ import annotations

from typing import Protocol

from briefing.errors import OptionsError
from briefing.models import Document, Note, SummarySentence
from briefing.summarise.lead import LeadRanker
from briefing.summarise.length import Length, short_article_limit
from briefing.summarise.news import NewsRanker
from briefing.summarise.selection import eligible_sentences
from briefing.summarise.sumy_rankers import SUMY_METHODS, SumyRanker

__all__ = ["METHODS", "METHOD_HELP", "Length", "Ranker", "get_ranker", "length_note"]

METHODS: tuple[str, ...] = ("news", "lead", *SUMY_METHODS)

#: What each method does, for people choosing one (the form; the docs). The default first.
METHOD_HELP: dict[str, str] = {
    "news": "the default, built for news: early, central sentences rich in names and numbers",
    "lead": "the first sentences, as a news article puts its most important facts first",
    "lexrank": "sentences most similar to the rest of the article (graph centrality)",
    "textrank": "like lexrank, with word-overlap similarity (PageRank over sentences)",
    "lsa": "sentences that best cover the article's main topics (latent semantic analysis)",
    "luhn": "sentences dense in the article's most frequent significant words",
    "edmundson": "cue words, title words and position combined",
    "sumbasic": "sentences made of the most frequent words, avoiding repetition",
    "kl": "the summary whose word distribution is closest to the article's",
    "reduction": "sentences most connected to the others by shared words",
}


class Ranker(Protocol):
    """Anything that picks summary sentences from a document."""

    name: str

    def __call__(self, document: Document, length: Length) -> tuple[SummarySentence, ...]: ...


def get_ranker(method: str) -> Ranker:
    """The ranker called ``method``.

    Raises:
        OptionsError: no ranker has that name.
    """
    name = method.strip().lower()
    if name == "news":
        return NewsRanker()
    if name == "lead":
        return LeadRanker()
    if name in SUMY_METHODS:
        return SumyRanker(name)
    raise OptionsError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def length_note(document: Document, length: Length, chosen: int) -> Note | None:
    """What the brief says when a short article's summary kept only about half of it."""
    if not length.halves_short_articles:
        return None
    available = len(eligible_sentences(document))
    cap = short_article_limit(available)
    if length.asked_limit(available) <= cap or chosen < cap:
        return None
    return Note(
        "short-article",
        f"A short article: the summary keeps {chosen} of its {available} sentences, about "
        "half; ask for more with sentences or ratio.",
    )
