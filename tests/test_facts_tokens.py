"""Tokens, clauses and names: the fast paths give exactly what the plain definitions give."""

from __future__ import annotations

import re

import pytest

from briefing.facts.tokens import (
    Token,
    clauses_of,
    name_runs,
    tokenize,
)
from briefing.ingest import read_article
from briefing.models import Article, normalise_for_matching
from briefing.text import build_document


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII text stays as it is.",  # nothing to replace
        "\u201cWe will respond,\u201d he said \u2013 twice\u2026",  # curly quotes, dash, ellipsis
        "It\u2019s 3\u00a0km \u2014 \u2018near\u2019 \u00abla ville\u00bb \u2212 5\u2009%",  # mixed
    ],
)
def test_match_text_replaces_exactly_what_the_table_says(text: str) -> None:
    from briefing.models import _MATCH_TABLE

    article = Article(text=text, title="")
    assert article.match_text == text.translate(_MATCH_TABLE)  # the plain definition
    assert normalise_for_matching(text) == article.match_text
    assert len(article.match_text) == len(text)  # same offsets


def plain_name_runs(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """The definition of a name run, one token at a time (the reference for the fast scan)."""
    from briefing.facts.tokens import (
        INSTITUTION_HEADS,
        NAME_ABBREVIATIONS,
        NAME_JOINERS,
        NOT_IN_NAME,
        NOT_NAME,
    )

    def capital(token: Token) -> bool:
        return token.is_word and token.is_capitalised

    runs = []
    i = 0
    while i < len(tokens):
        if capital(tokens[i]) and tokens[i].lower not in NOT_NAME:
            j = i + 1
            while j < len(tokens):
                if capital(tokens[j]) and tokens[j].lower not in NOT_IN_NAME:
                    j += 1
                elif (
                    j + 2 < len(tokens)
                    and capital(tokens[j + 2])
                    and tokens[j].lower in NAME_JOINERS
                    and tokens[j + 1].lower in NAME_JOINERS
                    and tokens[j].lower != "of"
                ):
                    j += 3
                elif (
                    j + 1 < len(tokens)
                    and capital(tokens[j + 1])
                    and (
                        tokens[j].lower in NAME_JOINERS
                        or (tokens[j].lower == "for" and tokens[j - 1].lower in INSTITUTION_HEADS)
                        or (tokens[j].text == "." and tokens[j - 1].lower in NAME_ABBREVIATIONS)
                    )
                ):
                    j += 2
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Prime Minister Adel Abdul Mahdi said", ["Prime Minister Adel Abdul Mahdi"]),  # one run
        ("the strike on Abu Mahdi al-Muhandis", ["Abu Mahdi al-Muhandis"]),  # a dashed particle
        ("Bank of England and Trump On Monday", ["Bank of England", "Trump"]),  # joiner, stop
        ("The U.S. said on Friday", ["U.S."]),  # "The" and "Friday" never open a name
        ("no capitals at all here", []),  # nothing to find
        ("42 ÉLAN Über-Maß", ["ÉLAN Über-Maß"]),  # non-ASCII capitals
        # "for" goes on with a body's name, and only there
        (
            "the International Organization for Migration said",
            ["International Organization for Migration"],
        ),
        ("Obama praised Russia for Assad's help", ["Obama", "Russia", "Assad's"]),
        # a name goes on after "St." (Saint), "Mt.", "Ft.", not after any full stop
        ("said Cameron St. Andrew, 37, of Indianapolis", ["Cameron St. Andrew", "Indianapolis"]),
        ("troops from Ft. Bragg flew to St. Louis", ["Ft. Bragg", "St. Louis"]),
        ("He met Smith. Jones left", ["Smith", "Jones"]),
        ("They live on Main St. and work", ["Main St"]),
        ("Both Labour and Neither Party", ["Labour", "Party"]),  # never open a name
        # two particles inside one name
        (
            "said Julia de la Rosa and Ursula von der Leyen",
            ["Julia de la Rosa", "Ursula von der Leyen"],
        ),
        ("the Bank of the North", ["Bank", "North"]),  # "of the" joins no name
    ],
)
def test_name_runs(text: str, names: list[str]) -> None:
    tokens = tokenize(text)
    runs = name_runs(tokens)
    assert runs == plain_name_runs(tokens)
    assert [text[tokens[a].start : tokens[b - 1].end] for a, b in runs] == names


def test_tokens_carry_their_lower_case_and_offsets() -> None:
    tokens = tokenize("Iran's 3,500 troops.", offset=10)
    assert [(t.text, t.lower, t.start, t.end) for t in tokens] == [
        ("Iran's", "iran's", 10, 16),
        ("3,500", "3,500", 17, 22),
        ("troops", "troops", 23, 29),
        (".", ".", 29, 30),
    ]
    assert all(type(t) is Token for t in tokens)


def test_quotes_mark_the_tokens_inside_them_across_sentences() -> None:
    text = (
        'He said "we will respond. It is war." Then he left.\n\n'
        '"Open quote. Still quoted.\n\nNew paragraph, no quote.'
    )
    clauses = clauses_of(build_document(read_article(text.encode())))
    marked = [
        [t.text for t, q in zip(c.tokens, c.quoted, strict=True) if q and t.is_word]
        for c in clauses
    ]
    assert marked == [
        ["we", "will", "respond"],  # opened here
        ["It", "is", "war"],  # still open, closed here
        [],  # after the closing mark
        ["Open", "quote"],
        ["Still", "quoted"],  # a sentence with no mark keeps the state
        [],  # a new paragraph starts outside any quote
    ]
    assert [c.opens_quoted for c in clauses] == [False, True, False, False, True, False]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Iran's troops", 5),  # cut after an apostrophe that a letter follows in the text
        ("the 82nd Airborne", 7),  # cut inside an ordinal ("82n")
        ("al-Muhandis was", 3),  # cut after a particle's dash
        ("3,500 troops", 3),  # cut inside a number with a separator
    ],
)
def test_tokens_of_a_range_are_the_tokens_of_the_slice(text: str, end: int) -> None:
    from briefing.facts.tokens import _tokens_between

    assert _tokens_between(text, 0, end) == tokenize(text[:end])
    assert _tokens_between(text, end, len(text)) == tokenize(text[end:], offset=end)


#: the token pattern as first written (one alternative per kind): the reference for the fast one
PLAIN_TOKEN = re.compile(
    r"\d+(?:st|nd|rd|th)\b"
    r"|\d[\d,]*\d"
    r"|\d"
    r"|[^\W\d_](?:\.[^\W\d_])+\.?"
    r"|[^\W\d_](?:[\w-]|'(?=\w))*"
    r"|[^\w\s]"
)


@pytest.mark.parametrize(
    "text",
    [
        "Iran's al-Muhandis rock'n'roll O'Neil-Smith's",  # dashes and inner apostrophes
        "the 'quoted' words'' and x'-y a'",  # apostrophes that end or open no word
        "U.S.A. U.S.x U.x. al-'Ali",  # initials, and what only looks like them
        "1st 2nd3 3rd. 4th_ 5,6,7, 8,,9 12.45pm",  # ordinals and numbers at their edges
        "naïve_x Über-Maß é'ü -- ... ?!",  # non-ASCII letters, underscores, punctuation
    ],
)
def test_token_pattern_matches_its_plain_definition(text: str) -> None:
    assert [t.text for t in tokenize(text)] == PLAIN_TOKEN.findall(text)
