"""The ``news`` ranker: what it must never pick, and the signals it is built from."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from briefing.ingest import read_article
from briefing.models import ArticleMeta, Document
from briefing.summarise import Length
from briefing.summarise.news import NewsFeatures, NewsRanker, NewsWeights, _SparseRows
from briefing.summarise.selection import eligible_sentences
from briefing.text import build_document


def build(*paragraphs: str, title: str = "Floods close the river port of Linden") -> Document:
    """A tiny document through the real ingest and splitter, like sumy's test helper."""
    return build_document(read_article("\n\n".join(paragraphs), meta=ArticleMeta(title=title)))


def chosen_texts(document: Document, sentences: int = 3) -> list[str]:
    return [s.text for s in NewsRanker()(document, Length(sentences=sentences))]


# A short story whose every body sentence is a fine summary sentence on its own.
STORY = (
    "Floods closed the river port of Linden on Monday after three days of heavy rain.",
    "The port authority said ships would wait at anchor until the water level fell.",
    "Farmers upstream reported fields under water and roads cut off by the floods.",
    "Forecasters expect more rain in the Linden valley later this week.",
)


@pytest.mark.parametrize(
    ("junk", "paragraphs"),
    [
        # an ALL-CAPS subhead that repeats the headline's words
        (
            "FLOODS CLOSE THE RIVER PORT OF LINDEN",
            (STORY[0], "FLOODS CLOSE THE RIVER PORT OF LINDEN", *STORY[1:]),
        ),
        # a byline line under the headline
        ("By Jane Marlow", ("By Jane Marlow", *STORY)),
        # a one-word fragment
        ("Floods.", (STORY[0], "Floods.", *STORY[1:])),
        # a lead-in that only makes sense before the quote that follows it
        (
            "He added:",
            (
                STORY[0],
                STORY[1] + " He added:",
                '"We have never seen the river this high."',
                *STORY[2:],
            ),
        ),
        # a lead-in ending with a comma
        (
            "Speaking at the port, the mayor of Linden said,",
            (*STORY[:2], "Speaking at the port, the mayor of Linden said,", *STORY[2:]),
        ),
        # a publication stamp
        ("Published: 12:04, 3 March 2024", ("Published: 12:04, 3 March 2024", *STORY)),
    ],
)
def test_never_picks_junk_even_when_the_summary_takes_everything(
    junk: str, paragraphs: tuple[str, ...]
) -> None:
    document = build(*paragraphs)
    assert junk in document.article.text
    texts = chosen_texts(document, sentences=len(document.sentences))
    assert junk not in texts
    assert len(texts) == len(STORY) + (1 if junk == "He added:" else 0)


def test_never_picks_two_near_identical_sentences() -> None:
    # The repeated sentence is the most central one, so a plain ranking would take both.
    twin = "Floods closed the river port of Linden on Monday after three days of rain."
    document = build(STORY[0], STORY[1], twin, STORY[2], STORY[3])
    texts = chosen_texts(document, sentences=3)
    assert len(texts) == 3
    assert not (STORY[0] in texts and twin in texts)


def test_near_duplicates_are_used_only_when_nothing_else_is_left() -> None:
    twin = "Floods closed the river port of Linden on Monday after three days of rain."
    document = build(STORY[0], twin, STORY[1])
    texts = chosen_texts(document, sentences=3)
    assert texts == [STORY[0], twin, STORY[1]]


@pytest.mark.parametrize(
    ("opener", "dangles"),
    [
        ("He added that the port would reopen.", True),  # pronoun pointing back
        ("But the port stayed shut.", True),  # contrast with what came before
        ("However, the port stayed shut.", True),  # same, with a comma
        ("This was the third flood in a year.", True),  # demonstrative
        ("'They said it would never happen,' he said.", True),  # inside a quote
        ("Hector Ruiz runs the port.", False),  # a name that starts like "He"
        ("Butter prices rose after the floods.", False),  # a word that starts like "But"
        ("Theresa May visited the port.", False),  # a name that starts like "The"
    ],
)
def test_dangling_openers_cost_exactly_their_penalty(opener: str, dangles: bool) -> None:
    document = build(STORY[0], opener, *STORY[1:])
    candidates = eligible_sentences(document)
    features = NewsFeatures.of(document, candidates)
    weights = NewsWeights()
    difference = features.score(dataclasses.replace(weights, dangling=0.0)) - features.score(
        weights
    )
    expected = [weights.dangling if s.text == opener and dangles else 0.0 for s in candidates]
    assert difference == pytest.approx(expected)


def test_a_real_headline_counts_but_a_headline_cut_from_the_text_does_not() -> None:
    given = build(*STORY, title="Linden valley farmers count the cost")
    cut = build_document(read_article("\n\n".join(STORY)))
    given_features = NewsFeatures.of(given, eligible_sentences(given))
    cut_features = NewsFeatures.of(cut, eligible_sentences(cut))
    assert given_features.headline.max() > 0
    assert not cut_features.headline.any()


def test_directed_similarity_equals_the_pairwise_sums() -> None:
    stems = [("flood", "port"), ("port", "ship", "port"), ("rain",), ("flood", "rain", "farm")]
    rows = _SparseRows.tfidf(stems)
    backward, forward = rows.directed_similarity()
    pairwise = np.array([rows.cosine_with_row(i) for i in range(len(stems))])
    assert np.allclose(backward, [pairwise[i, :i].sum() for i in range(len(stems))])
    assert np.allclose(forward, [pairwise[i, i + 1 :].sum() for i in range(len(stems))])


def test_weights_change_the_choice() -> None:
    # With only the position prior the opening wins; with only the wordiness penalty the
    # shortest sentence wins: the weights are really what decides.
    document = build(*STORY)
    lead_only = dataclasses.replace(
        NewsWeights(), **{f.name: 0.0 for f in dataclasses.fields(NewsWeights) if f.type == "float"}
    )
    lead_only = dataclasses.replace(lead_only, position=1.0, position_decay=1.0)
    picked = NewsRanker(lead_only)(document, Length(sentences=1))
    assert [s.text for s in picked] == [STORY[0]]
    wordy = dataclasses.replace(lead_only, position=0.0, wordiness=1.0)
    picked = NewsRanker(wordy)(document, Length(sentences=1))
    shortest = min(STORY, key=lambda s: len(s.split()))
    assert [s.text for s in picked] == [shortest]
