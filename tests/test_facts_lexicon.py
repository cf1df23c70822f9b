"""The fact rules' word lists are package data, read once."""

from __future__ import annotations

import pytest

from briefing.facts.lexicon import classes, words

CLASSES = {"troops", "ships", "aircraft", "helicopters", "artillery", "armour"}


def test_every_asset_noun_has_a_guide_class() -> None:
    table = classes("assets.txt")
    assert set(table.values()) == CLASSES
    # a two-word noun is listed whole, the class of its head word is not guessed
    assert table["strike groups"] == "ships"


@pytest.mark.parametrize("word", ["sent", "withdrawn", "kept", "flew"])
def test_deployment_verbs_are_one_line_each(word: str) -> None:
    assert word in words("deployment_verbs.txt")


def test_lists_are_read_once() -> None:
    assert classes("assets.txt") is classes("assets.txt")
