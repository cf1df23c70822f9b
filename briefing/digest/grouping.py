"""Same-story grouping: which of a day's articles report the same story.

Two tests link two articles, both on the text alone:

*Near-duplicates* (one report re-edited, syndicated or updated: paragraphs dropped or
reordered, a sentence changed, another headline or outlet). Their 4-word shingles (runs of
four consecutive words, stop words included) mostly coincide: the share of the smaller
article's shingles also found in the other, the *containment*, is at least
``DUPLICATE_CONTAINMENT``. Unrelated articles share almost no 4-word runs (under 0.05 on
the dev corpora), so near-duplicates are linked directly.

*Same event* (several outlets writing their own report). Their wording differs but they
name the same people and places and use much of the same vocabulary. Two overlaps are
measured as binary cosines (Ochiai: shared / sqrt(size a * size b)), which unlike tf-idf do
not depend on how many articles the day holds:

- *names*: capitalised words not at the start of a sentence (people, places, bodies),
  weekdays and months left out, since every report of one day shares them;
- *words*: Snowball stems of the content words.

Their geometric mean is the pair's *story score*. Names alone merge different events about
the same people (two stories about one prime minister), words alone merge stories of the
same kind (two chart-toppers, two strikes); the mean needs both. Articles are merged into
a story by greedy average linkage: candidate pairs in descending score (near-duplicates
count as 1), two stories merged only when the mean score over all their cross pairs is at
least ``EVENT_SCORE`` and no cross pair scores under ``MIN_PAIR_SCORE``, so one article
half-way between two stories (a round-up quoting both) cannot chain them together.

Tuning (``benchmarks/digest_grouping.py`` prints the pairs around the thresholds): on the
``dev`` split of bbc-news-summary (684 articles over several months), pairs scoring 0.47
and above were, on reading, reports of one event or one running story on the same subject
(an inquiry, a takeover battle, a trial, a strike); the highest-scoring pairs judged
*different* events (two matches of one tournament, two deals of one company, two chart
toppers) scored 0.40-0.44. On facts-articles.jsonl (Reuters, several reports on the same
crises from different days) no pair scores above 0.42 and nothing merges.
``EVENT_SCORE`` sits just above them, on the side of never merging unrelated stories: a
missed merge shows a story twice, a wrong merge hides one. ``MIN_SHARED_NAMES`` and
``MIN_SHARED_WORDS`` keep very short articles, whose overlaps are noisy, from linking on a
handful of common words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from briefing.text import content_stems, stop_words, tokenize_words

#: shingle length, in words, for near-duplicate detection
SHINGLE_WORDS = 4
#: share of the shorter article's shingles found in the other: a near-duplicate
DUPLICATE_CONTAINMENT = 0.5
#: word overlap below which two articles cannot be near-duplicates (saves shingling)
DUPLICATE_CANDIDATE_WORDS = 0.3
#: mean story score (geometric mean of name and word overlap) that merges two stories
EVENT_SCORE = 0.47
#: lowest story score any two articles of one story may have
MIN_PAIR_SCORE = 0.2
#: fewest shared names and shared word stems for a same-event link
MIN_SHARED_NAMES = 3
MIN_SHARED_WORDS = 10

#: capitalised words that name no one: every report of a day shares its weekday and month
_NOT_NAMES = frozenset(
    (  # noqa: SIM905 - a word list reads better as words
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december"
    ).split()
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*[\w]|\b[A-Z]\b")
_SKIPPED_BEFORE = frozenset(" \t\"'()[]\u2018\u2019\u201c\u201d\u00ab\u00bb")
_SENTENCE_ENDS = frozenset("\n.!?:;")


@dataclass(frozen=True)
class TextFeatures:
    """What grouping needs of one article: its name set, stem set and word tokens."""

    names: frozenset[str]
    words: frozenset[str]
    tokens: tuple[str, ...]


def text_features(title: str, text: str, language: str = "en") -> TextFeatures:
    """Names, content stems (in the article's language) and tokens of headline and text."""
    full = f"{title}\n{text}" if title else text
    tokens = tuple(tokenize_words(full))
    words = frozenset(content_stems(tokens, language))
    return TextFeatures(names=_names(full), words=words, tokens=tokens)


def _names(text: str) -> frozenset[str]:
    """Capitalised words that do not merely start a sentence or a line."""
    stops = stop_words()
    names = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group().rstrip(".").lower()
        if word in stops or word in _NOT_NAMES or len(word) < 2 or word in names:
            continue
        # the nearest character before the word, past spaces, quotes and brackets
        k = match.start() - 1
        while k >= 0 and text[k] in _SKIPPED_BEFORE:
            k -= 1
        if k < 0 or text[k] in _SENTENCE_ENDS:
            continue
        names.add(word)
    return frozenset(names)


def _overlap_matrix(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Shared-item counts and Ochiai overlaps of every pair, by one matrix product.

    Items found in a single set cannot be shared, so only the others become columns: the
    matrix stays small even for a thousand long articles.
    """
    count: dict[str, int] = {}
    for items in sets:
        for item in items:
            count[item] = count.get(item, 0) + 1
    columns = {item: i for i, item in enumerate(k for k, v in count.items() if v > 1)}
    matrix = np.zeros((len(sets), max(1, len(columns))), dtype=np.float32)
    for row, items in enumerate(sets):
        cols = [columns[i] for i in items if i in columns]
        matrix[row, cols] = 1.0
    shared = matrix @ matrix.T
    sizes = np.array([max(1, len(s)) for s in sets], dtype=np.float32)
    overlap = shared / np.sqrt(np.outer(sizes, sizes))
    return shared, overlap


def _shingles(tokens: tuple[str, ...]) -> frozenset[int]:
    if len(tokens) < SHINGLE_WORDS:
        return frozenset({hash(tokens)})
    return frozenset(
        hash(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller shingle set found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True)
class Grouping:
    """Stories as lists of article positions, plus which pairs were near-duplicates."""

    stories: tuple[tuple[int, ...], ...]
    duplicates: frozenset[tuple[int, int]]


def group_articles(features: Sequence[TextFeatures]) -> Grouping:
    """Partition articles into stories (each a tuple of positions in input order).

    Stories come out in the order of their first article; every article is in exactly one.
    """
    n = len(features)
    if n == 0:
        return Grouping(stories=(), duplicates=frozenset())
    shared_words, word_overlap = _overlap_matrix([f.words for f in features])
    shared_names, name_overlap = _overlap_matrix([f.names for f in features])
    score = np.sqrt(word_overlap * name_overlap)
    linkable = (shared_names >= MIN_SHARED_NAMES) & (shared_words >= MIN_SHARED_WORDS)
    score = np.where(linkable, score, 0.0)
    np.fill_diagonal(score, 0.0)

    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        if ra > rb:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))

    # Near-duplicates count as a perfect score: they are one report.
    duplicates: set[tuple[int, int]] = set()
    shingles: dict[int, frozenset[int]] = {}
    rows, cols = np.nonzero(np.triu(word_overlap >= DUPLICATE_CANDIDATE_WORDS, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        for k in (i, j):
            if k not in shingles:
                shingles[k] = _shingles(features[k].tokens)
        if containment(shingles[i], shingles[j]) >= DUPLICATE_CONTAINMENT:
            duplicates.add((i, j))
            score[i, j] = score[j, i] = 1.0

    # Links strongest first, by average linkage between whole stories; no pair inside a
    # story may be unrelated, so an article that copies from two stories (a round-up)
    # joins one of them and cannot chain them together.
    rows, cols = np.nonzero(np.triu(score >= EVENT_SCORE, k=1))
    order = np.argsort(-score[rows, cols], kind="stable")
    for k in order.tolist():
        i, j = int(rows[k]), int(cols[k])
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        cross = score[np.ix_(members[ri], members[rj])]
        if float(cross.mean()) >= EVENT_SCORE and float(cross.min()) >= MIN_PAIR_SCORE:
            union(i, j)

    stories = sorted(tuple(sorted(m)) for m in members.values())
    return Grouping(stories=tuple(stories), duplicates=frozenset(duplicates))


def pair_scores(a: TextFeatures, b: TextFeatures) -> dict[str, float]:
    """Every measure grouping uses, for one pair (for tuning and for tests)."""
    shared_words = len(a.words & b.words)
    shared_names = len(a.names & b.names)
    words = shared_words / math.sqrt(max(1, len(a.words)) * max(1, len(b.words)))
    names = shared_names / math.sqrt(max(1, len(a.names)) * max(1, len(b.names)))
    return {
        "words": words,
        "names": names,
        "score": math.sqrt(words * names),
        "shared_words": float(shared_words),
        "shared_names": float(shared_names),
        "containment": containment(_shingles(a.tokens), _shingles(b.tokens)),
    }
