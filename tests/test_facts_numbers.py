"""Counts as news writes them: digits, words, a dozen, vague amounts, hedges and ranges."""

from __future__ import annotations

import pytest

from briefing.facts.numbers import read_quantity
from briefing.facts.tokens import tokenize


@pytest.mark.parametrize(
    ("text", "value", "said"),
    [
        ("3,500 troops", 3500, "3,500"),  # digits with a thousands separator
        ("12 people", 12, "12"),  # plain digits
        ("five people", 5, "five"),  # a number word
        ("twenty-one soldiers", 21, "twenty-one"),  # hyphenated tens and units
        ("two hundred and five men", 205, "two hundred and five"),  # hundreds with "and"
        ("a dozen guests", 12, "a dozen"),  # "a dozen" is twelve
        ("1.5 million people", None, None),  # a decimal is no head count
        ("3 million refugees", 3_000_000, "3 million"),  # digits with a scale word
        ("at least 12 civilians", 12, "at least 12"),  # a bound keeps its words
        ("more than 200 people", 200, "more than 200"),  # a hedge: the count is 200
        ("as many as 13 people", 13, "as many as 13"),  # a hedge of three words
        ("about 750 US troops", 750, "about 750"),  # an approximation
        ("dozens of people", None, "dozens"),  # vague: no count, the words kept
        ("thousands of Americans", None, "thousands"),  # vague
        ("tens of thousands of people", None, "tens of thousands"),  # vague, three words
        ("between 3,000 and 5,000 troops", None, "between 3,000 and 5,000"),  # a range
    ],
)
def test_read_quantity(text: str, value: int | None, said: str | None) -> None:
    tokens = tokenize(text)
    start = 1 if tokens[0].lower == "between" else 0
    quantity = read_quantity(tokens, start)
    if said is None:
        assert quantity is None
        return
    assert quantity is not None
    assert quantity.value == value
    assert text[quantity.start : quantity.end] == said


@pytest.mark.parametrize(
    "text",
    [
        "troops were sent",  # no number at all
        "the",  # a function word
    ],
)
def test_no_quantity(text: str) -> None:
    assert read_quantity(tokenize(text), 0) is None
