"""``news``: the project's own ranker, built for news articles.

A sentence's score is a weighted sum of signals, each computed for all sentences at once:

- **position**: news puts the story first, so a prior that decays with the sentence's
  place among the candidates;
- **centrality**: tf-idf cosine to the article's centroid (linear in the text, unlike the
  pairwise graphs of LexRank/TextRank, which grow with the square of the sentence count);
- **lead overlap**: cosine to the opening three sentences, which state the story;
- **headline overlap**: share of the headline's content words, only when the headline was
  given or found (a headline cut from the first sentence would just repeat lead overlap);
- **specifics**: density of names and numbers, the who and how many of a story;
- **penalties** for sentences that read badly out of context: dangling openers ("He",
  "But"), sentences that are only a quote, very short and very long ones (the long ones are
  mostly picture captions glued to a sentence).

Maximal Marginal Relevance then picks sentences so the summary never repeats itself, and
near-duplicates of a chosen sentence are never picked at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from briefing.models import Document, Sentence, SummarySentence
from briefing.summarise.length import Length
from briefing.summarise.selection import eligible_sentences, fill

FloatArray = npt.NDArray[np.float64]

# Openers that point back to the previous sentence: out of context they dangle.
_DANGLING = re.compile(
    r"^[\"'\u201c\u2018]?(?:he|she|it|they|his|her|their|its|this|that|these|those|but|and|"
    r"or|also|however|meanwhile|still|yet|instead|then|there|here|such|so|both|another|"
    r"other|others|the\s+(?:same|latter|former)|in\s+addition|as\s+well)\b",
    re.IGNORECASE,
)
_OPENING_QUOTE = "\"'\u201c\u2018"
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]|(?<!\w)['\u2018]|['\u2019](?!\w)")
# A capitalised word that is not the sentence's first (a name), or a number.
_NAME = re.compile(r"(?<=[\s(\"'\u201c\u2018])[A-Z][\w'\u2019.-]*")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class NewsWeights:
    """Weights of the signals, tuned on the dev split of CNN/DailyMail.

    ``python benchmarks/tune_news.py`` reproduces the tuning (frank250 dev only; 3
    sentences: ROUGE-1/2 42.98/19.82 against LEAD-3's 41.91/17.83). Signals are on
    comparable scales (0..1) so a weight reads as the signal's share of the score.

    Attributes:
        position: weight of the position prior ``exp(-rank / position_decay)``.
        position_decay: how fast the prior falls, in sentences.
        centrality: weight of the tf-idf cosine to the article centroid (scaled to max 1).
        lead: weight of the cosine to the centroid of the first three candidates.
        forward: weight of the summed cosine to later sentences (scaled to max 1): a
            sentence the rest of the story elaborates on (PACSUM's directed centrality).
        backward: penalty for the summed cosine to earlier sentences (scaled to max 1):
            a sentence that repeats what came before.
        coverage: weight of how many of the article's recurring words the sentence holds
            (scaled to max 1); unlike the cosines it grows with the sentence, as the
            overlap counts of TextRank do. Off: it wins on BBC's machine-ranked extractive
            references but costs CNN/DailyMail 1-8 ROUGE-1 points (notes in the README).
        headline: weight of the share of headline words the sentence contains.
        specifics: weight of the density of names and numbers (scaled to max 1).
        dangling: penalty for a sentence opening with a back-reference ("He", "But").
        quote: penalty, times the share of the sentence inside quotes.
        short: penalty for fewer than ``short_words`` words.
        wordiness: penalty per 30 words: ROUGE F1 against ~50-word highlights rewards
            saying it in fewer words.
        long: penalty per word above ``long_words``, relative to ``long_words``.
        redundancy: MMR weight of the highest similarity to an already chosen sentence.
        duplicate: similarity above which a sentence is never picked beside its twin.
    """

    position: float = 0.5
    position_decay: float = 8.0
    centrality: float = 0.8
    lead: float = 0.8
    forward: float = 1.0
    backward: float = 0.6
    coverage: float = 0.0
    headline: float = 0.35
    specifics: float = 0.3
    dangling: float = 0.25
    quote: float = 0.5
    short: float = 0.15
    wordiness: float = 0.05
    long: float = 0.1
    redundancy: float = 0.7
    duplicate: float = 0.5
    short_words: int = 10
    long_words: int = 55


@dataclass(frozen=True)
class NewsFeatures:
    """Every signal for every candidate, computed once; weights only combine them."""

    position: FloatArray
    centrality: FloatArray
    lead: FloatArray
    forward: FloatArray
    backward: FloatArray
    coverage: FloatArray
    headline: FloatArray
    specifics: FloatArray
    dangling: FloatArray
    quote: FloatArray
    words: FloatArray
    rows: _SparseRows

    @classmethod
    def of(cls, document: Document, candidates: list[Sentence]) -> NewsFeatures:
        """Signals of ``candidates`` (sentences of ``document``, in article order)."""
        n = len(candidates)
        rows = _SparseRows.tfidf([s.stems for s in candidates])
        centrality = _unit(rows.cosine_to(rows.column_sums()))
        backward, forward = rows.directed_similarity() if n else (np.zeros(0), np.zeros(0))
        lead = rows.cosine_to(rows.column_sums(limit=3)) if n else np.zeros(0)
        headline_stems = _headline_stems(document, candidates)
        headline = np.array(
            [
                len(headline_stems.intersection(s.stems)) / (len(headline_stems) or 1)
                for s in candidates
            ],
            dtype=np.float64,
        )
        return cls(
            position=np.arange(n, dtype=np.float64),
            centrality=centrality,
            lead=lead,
            forward=_unit(forward),
            backward=_unit(backward),
            coverage=_unit(rows.coverage()),
            headline=headline,
            specifics=_unit(np.array([_specifics(s) for s in candidates], dtype=np.float64)),
            dangling=np.array([bool(_DANGLING.match(s.text)) for s in candidates], np.float64),
            quote=np.array([_quoted_share(s.text) for s in candidates], dtype=np.float64),
            words=np.array([len(s.words) for s in candidates], dtype=np.float64),
            rows=rows,
        )

    def score(self, w: NewsWeights) -> FloatArray:
        """The weighted sum of the signals: one number per candidate."""
        long_excess = np.maximum(self.words - w.long_words, 0.0) / max(w.long_words, 1)
        result: FloatArray = (
            w.position * np.exp(-self.position / max(w.position_decay, 1e-9))
            + w.centrality * self.centrality
            + w.lead * self.lead
            + w.forward * self.forward
            - w.backward * self.backward
            + w.coverage * self.coverage
            + w.headline * self.headline
            + w.specifics * self.specifics
            - w.dangling * self.dangling
            - w.quote * self.quote
            - w.short * (self.words < w.short_words)
            - w.wordiness * self.words / 30.0
            - w.long * long_excess
        )
        return result


class NewsRanker:
    """Position, centrality, lead and headline overlap, with MMR to avoid repeats."""

    name = "news"

    def __init__(self, weights: NewsWeights | None = None) -> None:
        self.weights = weights or NewsWeights()

    def __call__(self, document: Document, length: Length) -> tuple[SummarySentence, ...]:
        candidates = eligible_sentences(document)
        features = NewsFeatures.of(document, candidates)
        return self.select(candidates, features, length)

    def select(
        self, candidates: list[Sentence], features: NewsFeatures, length: Length
    ) -> tuple[SummarySentence, ...]:
        """Pick sentences from precomputed ``features`` (lets tuning reuse the features)."""
        scores = features.score(self.weights)
        order = self._mmr(candidates, scores, features.rows, length)
        by_index = {s.index: float(scores[i]) for i, s in enumerate(candidates)}
        return fill(order, by_index, length, len(candidates))

    def _mmr(
        self, candidates: list[Sentence], scores: FloatArray, rows: _SparseRows, length: Length
    ) -> list[Sentence]:
        """Preference order by Maximal Marginal Relevance; stops once the budget is surely met.

        Near-duplicates of a chosen sentence go to the very end of the order, so they are
        only used when nothing else is left.
        """
        n = len(candidates)
        wanted = length.sentence_limit(n) if length.words is None else n
        w = self.weights
        max_similarity = np.zeros(n, dtype=np.float64)
        available = np.ones(n, dtype=bool)
        order: list[Sentence] = []
        for _ in range(min(n, wanted + 4)):
            adjusted = scores - w.redundancy * max_similarity
            adjusted[max_similarity >= w.duplicate] -= 1e6
            adjusted[~available] = -np.inf
            best = int(np.argmax(adjusted))
            if not available[best]:
                break
            available[best] = False
            order.append(candidates[best])
            np.maximum(max_similarity, rows.cosine_with_row(best), out=max_similarity)
        rest = [i for i in range(n) if available[i]]
        rest.sort(key=lambda i: max_similarity[i] >= w.duplicate)
        order.extend(candidates[i] for i in rest)
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
        # Row boundaries: rows are stored in order, so row r is value[starts[r]:starts[r+1]].
        self.starts = np.searchsorted(row_of, np.arange(n + 1))

    @classmethod
    def tfidf(cls, stems: list[tuple[str, ...]]) -> _SparseRows:
        """Rows of ``(1 + log tf) * idf``, built with one dictionary pass and numpy."""
        n = len(stems)
        ids: dict[str, int] = {}
        flat = np.fromiter(
            (ids.setdefault(token, len(ids)) for sentence in stems for token in sentence),
            dtype=np.int64,
        )
        lengths = np.fromiter((len(sentence) for sentence in stems), dtype=np.int64, count=n)
        row_ids = np.repeat(np.arange(n, dtype=np.int64), lengths)
        vocabulary = max(len(ids), 1)
        keys, counts = np.unique(row_ids * vocabulary + flat, return_counts=True)
        row_of, term = keys // vocabulary, keys % vocabulary
        tf = 1.0 + np.log(counts.astype(np.float64))
        document_frequency = np.bincount(term, minlength=len(ids)).astype(np.float64)
        idf = np.log((1.0 + n) / (1.0 + document_frequency)) + 1.0
        return cls(row_of, term, tf * idf[term] if term.size else tf, n)

    def column_sums(self, limit: int | None = None) -> FloatArray:
        """Sum of the unit rows (of the first ``limit`` rows when given): a centroid."""
        end = self.value.size if limit is None else int(self.starts[min(limit, self.n)])
        normalised = self.value[:end] / self.norms[self.row_of[:end]]
        sums = np.bincount(self.term[:end], weights=normalised, minlength=self.vocabulary)
        return sums.astype(np.float64)

    def cosine_to(self, dense: FloatArray) -> FloatArray:
        dots = np.bincount(self.row_of, weights=self.value * dense[self.term], minlength=self.n)
        norm = float(np.linalg.norm(dense)) or 1.0
        result: FloatArray = dots / (self.norms * norm)
        return result

    def directed_similarity(self) -> tuple[FloatArray, FloatArray]:
        """Each row's summed cosine to the rows before it and to the rows after it.

        The pairwise sums of PACSUM-style directed centrality without the n x n matrix:
        the sum over earlier rows is the dot product with a running sum of unit rows,
        taken per term, so the cost is O(non-zeros).
        """
        if self.term.size == 0:  # no sentence has a content word ("A. B.")
            return np.zeros(self.n), np.zeros(self.n)
        unit = self.value / self.norms[self.row_of]
        order = np.lexsort((self.row_of, self.term))  # by term, then row
        terms, values = self.term[order], unit[order]
        running = np.cumsum(values)
        group_start = np.r_[0, np.flatnonzero(np.diff(terms)) + 1]
        sizes = np.diff(np.r_[group_start, terms.size])
        offset = np.repeat(running[group_start] - values[group_start], sizes)
        earlier = np.empty_like(unit)
        earlier[order] = running - offset - values  # same term, rows before this one
        totals = np.bincount(self.term, weights=unit, minlength=self.vocabulary)
        later = totals[self.term] - earlier - unit
        backward = np.bincount(self.row_of, weights=unit * earlier, minlength=self.n)
        forward = np.bincount(self.row_of, weights=unit * later, minlength=self.n)
        return backward.astype(np.float64), forward.astype(np.float64)

    def coverage(self) -> FloatArray:
        """Per row, the summed share of other rows that contain each of its terms."""
        document_frequency = np.bincount(self.term, minlength=self.vocabulary)
        others = (document_frequency[self.term] - 1) / max(self.n - 1, 1)
        return np.bincount(self.row_of, weights=others, minlength=self.n).astype(np.float64)

    def cosine_with_row(self, row: int) -> FloatArray:
        dense = np.zeros(self.vocabulary, dtype=np.float64)
        start, end = int(self.starts[row]), int(self.starts[row + 1])
        dense[self.term[start:end]] = self.value[start:end]
        return self.cosine_to(dense)


def _headline_stems(document: Document, candidates: list[Sentence]) -> set[str]:
    """Content stems of a real headline; empty when the title was cut from the text."""
    from briefing.text.words import content_stems, tokenize_words

    title = document.article.title.rstrip(" …").strip()
    if not title or (candidates and " ".join(candidates[0].text.split()).startswith(title)):
        return set()
    return set(content_stems(tokenize_words(title), document.article.language or "en"))


def _unit(values: FloatArray) -> FloatArray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def _specifics(sentence: Sentence) -> float:
    """Names and numbers per token: the who and how many that summaries keep."""
    text = sentence.text
    tokens = len(text.split()) or 1
    names = len(_NAME.findall(text))
    numbers = _NUMBER.search(text) is not None
    return (names + numbers) / tokens


def _quoted_share(text: str) -> float:
    """Share of the sentence's characters inside quotes: a bare quote rarely summarises."""
    stripped = text.strip()
    if not stripped:
        return 0.0
    if stripped[0] in _OPENING_QUOTE:
        return 1.0
    marks = [m.start() for m in _QUOTE_MARKS.finditer(stripped)]
    inside = sum(end - start for start, end in zip(marks[::2], marks[1::2], strict=False))
    return inside / len(stripped)
