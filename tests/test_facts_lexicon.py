"""The fact rules' word lists are package data, read once."""

from __future__ import annotations

import pytest

from briefing.facts.lexicon import classes, word_table

CLASSES = {"troops", "ships", "aircraft", "helicopters", "artillery", "armour"}


def test_every_asset_noun_has_a_guide_class() -> None:
    assert set(classes("assets.txt").values()) == CLASSES


@pytest.mark.parametrize("word", ["sent", "withdrawn", "kept"])
def test_deployment_verbs_are_one_line_each(word: str) -> None:
    assert word in word_table("deployment_verbs.txt")


def test_lists_are_read_once() -> None:
    assert classes("assets.txt") is classes("assets.txt")
