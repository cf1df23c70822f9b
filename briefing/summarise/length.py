"""How long a summary should be: a number of sentences, a number of words, or a ratio."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from briefing.errors import OptionsError

MAX_SENTENCES = 100
MAX_WORDS = 10_000
DEFAULT_SENTENCES = 5


#: an article with fewer sentences than this is short: half of it is less than the default
SHORT_ARTICLE_SENTENCES = 2 * DEFAULT_SENTENCES


def short_article_limit(available: int) -> int:
    """Most sentences a summary takes of an article with ``available`` ones, unless asked.

    About half of a short article: a summary of 5 of a 6-sentence article is the article
    again. A longer article has no such limit.
    """
    if available >= SHORT_ARTICLE_SENTENCES:
        return available
    return max(1, available // 2)


@dataclass(frozen=True)
class Length:
    """Exactly one of ``sentences``, ``words`` or ``ratio``; ``Length()`` is 5 sentences.

    ``ratio`` is the share of the article's sentences to keep (0 < ratio <= 1), rounded
    to the nearest whole sentence and never below one. Unless ``sentences`` or ``ratio``
    was asked for, a summary keeps at most about half of a short article's sentences
    (``short_article_limit``).
    """

    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    #: neither ``sentences`` nor ``ratio`` was asked for, so a short article's summary
    #: keeps about half its sentences at most
    halves_short_articles: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        given = [v for v in (self.sentences, self.words, self.ratio) if v is not None]
        if len(given) > 1:
            raise OptionsError("give only one of sentences, words or ratio")
        object.__setattr__(
            self, "halves_short_articles", self.sentences is None and self.ratio is None
        )
        if not given:
            object.__setattr__(self, "sentences", DEFAULT_SENTENCES)
        if self.sentences is not None and (
            isinstance(self.sentences, bool)
            or not isinstance(self.sentences, int)
            or not 1 <= self.sentences <= MAX_SENTENCES
        ):
            raise OptionsError(f"sentences must be a whole number from 1 to {MAX_SENTENCES}")
        if self.words is not None and (
            isinstance(self.words, bool)
            or not isinstance(self.words, int)
            or not 1 <= self.words <= MAX_WORDS
        ):
            raise OptionsError(f"words must be a whole number from 1 to {MAX_WORDS}")
        if self.ratio is not None and (
            isinstance(self.ratio, bool)
            or not isinstance(self.ratio, int | float)
            or not math.isfinite(self.ratio)
            or not 0 < self.ratio <= 1
        ):
            raise OptionsError("ratio must be a number above 0 and at most 1")

    def sentence_limit(self, available: int) -> int:
        """Most sentences the summary may hold when ``available`` are eligible."""
        limit = self.asked_limit(available)
        if self.halves_short_articles:
            return min(limit, short_article_limit(available))
        return limit

    def asked_limit(self, available: int) -> int:
        """The limit the length itself sets, before the short-article rule."""
        if self.sentences is not None:
            return min(self.sentences, available)
        if self.ratio is not None:
            return max(1, min(available, round(self.ratio * available)))
        return available

    def fits(self, chosen_words: int, candidate_words: int, chosen_count: int) -> bool:
        """Whether one more sentence of ``candidate_words`` words still fits the budget."""
        if self.words is None:
            return True
        # The first sentence always goes in, so a tight word budget never gives nothing.
        return chosen_count == 0 or chosen_words + candidate_words <= self.words
