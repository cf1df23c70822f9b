"""``news``: the project's own ranker, built for news articles.

A sentence's score mixes four signals, each computed in one vectorised pass:
centrality (tf-idf cosine to the article's centroid, linear in the text, unlike the
pairwise graphs of LexRank/TextRank), a position prior (news puts the story first),
overlap with the headline, and penalties for sentences that read badly out of context.
Maximal Marginal Relevance then picks sentences so the summary never repeats itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from briefing.models import Document, Sentence, SummarySentence
from briefing.summarise.length import Length
from briefing.summarise.selection import eligible_sentences, fill
from briefing.text.words import content_stems, tokenize_words

FloatArray = npt.NDArray[np.float64]

# Openers that point back to the previous sentence: out of context they dangle.
_DANGLING = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|but|and|also|however|meanwhile|still|yet|"
    r"instead|then|there|here|such|so)\b",
    re.IGNORECASE,
)
_QUOTE_CHARS = '"\u201c\u201d'


@dataclass(frozen=True)
class NewsWeights:
    """Weights of the signals; tuned on the dev split of CNN/DailyMail (see benchmarks)."""

    centrality: float = 0.45
    position: float = 1.0
    position_decay: float = 4.0
    headline: float = 0.35
    dangling: float = 0.25
    quote: float = 0.15
    short: float = 0.3
    long: float = 0.2
    redundancy: float = 0.7
    short_words: int = 8
    long_words: int = 55


class NewsRanker:
    """Centrality + position + headline overlap, with MMR to avoid repeats."""

    name = "news"

    def __init__(self, weights: NewsWeights | None = None) -> None:
        self.weights = weights or NewsWeights()

    def __call__(self, document: Document, length: Length) -> tuple[SummarySentence, ...]:
        candidates = eligible_sentences(document)
        scores, vectors = self.score(document, candidates)
        order = self._mmr(candidates, scores, vectors, length)
        by_index = {s.index: float(scores[i]) for i, s in enumerate(candidates)}
        return fill(order, by_index, length, len(candidates))

    def score(
        self, document: Document, candidates: list[Sentence]
    ) -> tuple[FloatArray, _SparseRows]:
        """Score each candidate; also return its tf-idf rows for the redundancy step."""
        w = self.weights
        n = len(candidates)
        rows = _SparseRows.tfidf([s.stems for s in candidates])
        centroid = rows.column_sums()
        centrality = rows.cosine_to(centroid)
        position = np.exp(-np.arange(n, dtype=np.float64) / w.position_decay)
        headline_stems = set(content_stems(tokenize_words(document.article.title)))
        headline = np.array(
            [
                len(headline_stems.intersection(s.stems)) / (len(headline_stems) or 1)
                for s in candidates
            ],
            dtype=np.float64,
        )
        word_counts = np.array([len(s.words) for s in candidates], dtype=np.float64)
        dangling = np.array([bool(_DANGLING.match(s.text)) for s in candidates], dtype=np.float64)
        quoted = np.array([_quoted_share(s.text) for s in candidates], dtype=np.float64)
        score = (
            w.centrality * _unit(centrality)
            + w.position * position
            + w.headline * headline
            - w.dangling * dangling
            - w.quote * quoted
            - w.short * (word_counts < w.short_words)
            - w.long * (word_counts > w.long_words)
        )
        return score, rows

    def _mmr(
        self, candidates: list[Sentence], scores: FloatArray, rows: _SparseRows, length: Length
    ) -> list[Sentence]:
        """Preference order by Maximal Marginal Relevance; stops once the budget is surely met."""
        n = len(candidates)
        wanted = length.sentence_limit(n) if length.words is None else n
        penalty = self.weights.redundancy
        max_similarity = np.zeros(n, dtype=np.float64)
        available = np.ones(n, dtype=bool)
        order: list[Sentence] = []
        for _ in range(min(n, wanted + 4)):
            adjusted = np.where(available, scores - penalty * max_similarity, -np.inf)
            best = int(np.argmax(adjusted))
            if not available[best]:
                break
            available[best] = False
            order.append(candidates[best])
            np.maximum(max_similarity, rows.cosine_with_row(best), out=max_similarity)
        order.extend(c for i, c in enumerate(candidates) if available[i])
        return order


class _SparseRows:
    """Sentence x term tf-idf rows stored flat (CSR-like) so every step is O(non-zeros)."""

    def __init__(
        self, row_of: npt.NDArray[np.int64], term: npt.NDArray[np.int64], value: FloatArray, n: int
    ) -> None:
        self.row_of = row_of
        self.term = term
        self.value = value
        self.n = n
        self.vocabulary = int(term.max()) + 1 if term.size else 0
        self.norms = np.sqrt(np.bincount(row_of, weights=value * value, minlength=n))
        self.norms[self.norms == 0] = 1.0

    @classmethod
    def tfidf(cls, stems: list[tuple[str, ...]]) -> _SparseRows:
        ids: dict[str, int] = {}
        rows: list[int] = []
        terms: list[int] = []
        counts: list[float] = []
        for row, sentence in enumerate(stems):
            local: dict[int, int] = {}
            for token in sentence:
                term_id = ids.setdefault(token, len(ids))
                local[term_id] = local.get(term_id, 0) + 1
            for term_id, count in local.items():
                rows.append(row)
                terms.append(term_id)
                counts.append(count)
        row_of = np.asarray(rows, dtype=np.int64)
        term = np.asarray(terms, dtype=np.int64)
        tf = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
        document_frequency = np.bincount(term, minlength=len(ids)).astype(np.float64)
        idf = np.log((1.0 + len(stems)) / (1.0 + document_frequency)) + 1.0
        return cls(row_of, term, tf * idf[term] if term.size else tf, len(stems))

    def column_sums(self) -> FloatArray:
        normalised = self.value / self.norms[self.row_of]
        sums = np.bincount(self.term, weights=normalised, minlength=self.vocabulary)
        return sums.astype(np.float64)

    def cosine_to(self, dense: FloatArray) -> FloatArray:
        dots = np.bincount(self.row_of, weights=self.value * dense[self.term], minlength=self.n)
        norm = float(np.linalg.norm(dense)) or 1.0
        result: FloatArray = dots / (self.norms * norm)
        return result

    def cosine_with_row(self, row: int) -> FloatArray:
        dense = np.zeros(self.vocabulary, dtype=np.float64)
        mask = self.row_of == row
        dense[self.term[mask]] = self.value[mask]
        return self.cosine_to(dense)


def _unit(values: FloatArray) -> FloatArray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def _quoted_share(text: str) -> float:
    """Share of the sentence inside double quotes: a quote alone rarely summarises."""
    stripped = text.strip()
    if not stripped or stripped[0] not in _QUOTE_CHARS:
        return 0.0
    return 1.0
