"""Text: the article as sentences with offsets, words and stems, all offline."""

from __future__ import annotations

import pytest

from briefing.errors import InputError, NoSentencesError
from briefing.ingest import read_article
from briefing.text import build_document, content_stems, stem, stop_words, tokenize_words


def test_every_sentence_indexes_the_clean_text(seed_text: str) -> None:
    document = build_document(read_article(seed_text))
    text = document.article.text
    assert len(document.sentences) > 50
    for number, sentence in enumerate(document.sentences):
        assert sentence.index == number
        assert text[sentence.start : sentence.end] == sentence.text


def test_sentences_never_cross_a_paragraph(seed_text: str) -> None:
    document = build_document(read_article(seed_text))
    for sentence in document.sentences:
        paragraph = document.article.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_headings_are_single_sentences_marked_as_headings(seed_text: str) -> None:
    document = build_document(read_article(seed_text))
    assert [s.text for s in document.sentences if s.is_heading] == [
        "BLOODY JIHAD",
        "WHO WAS QASEM SOLEIMANI?",
        "DEMOCRATS RESPOND",
    ]
    assert all(not s.is_heading for s in document.body)


def test_stems_leave_out_stop_words() -> None:
    document = build_document(read_article("Troops were deployed to the region on Friday."))
    (sentence,) = document.sentences
    assert sentence.words == ("troops", "were", "deployed", "to", "the", "region", "on", "friday")
    assert sentence.stems == ("troop", "deploy", "region", "friday")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # apostrophes inside words are kept, typographic ones made plain
        ("Iran’s leader didn't say", ["iran's", "leader", "didn't", "say"]),
        # numbers are words; punctuation is not
        ("3,500 troops — at 12.45pm!", ["3", "500", "troops", "at", "12", "45pm"]),
        # accented letters are letters
        ("Café naïve", ["café", "naïve"]),
    ],
)
def test_tokenize_words(text: str, words: list[str]) -> None:
    assert tokenize_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Iran’s leader didn't say it. He said nothing.",  # apostrophes inside words
        "3,500 troops — at 12.45pm! They heard.Shocking news followed.",  # numbers, no space
        "HEADLINE\n\nBLOODY JIHAD\n\nThe U.S. and U.K. met. Talks... ended.",  # headings
    ],
)
def test_a_briefs_word_count_is_every_word_of_its_text(text: str) -> None:
    # build_brief counts the words its sentences hold; that must be every word of the text
    from briefing import build_brief

    brief = build_brief(text)
    assert brief.word_count == len(tokenize_words(brief.article.text))


def test_snowball_stems_and_stop_words_need_no_download() -> None:
    assert stem("deployments") == "deploy"
    assert {"the", "and", "of"} <= stop_words()
    assert content_stems(["the", "killing", "of", "a", "general"]) == ("kill", "general")


def test_text_of_headings_only_has_no_sentences() -> None:
    with pytest.raises(NoSentencesError):
        build_document(read_article("Title\n\n... !!! ???"))


def test_too_many_sentences_is_refused_with_the_setting_named() -> None:
    article = read_article("One. " * 30 + "Two.")
    with pytest.raises(InputError, match="BRIEFING_MAX_SENTENCES"):
        build_document(article, max_sentences=10)
