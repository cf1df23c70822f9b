"""The fact rules' word lists are package data, read once."""

from __future__ import annotations

import pytest

from briefing.facts.lexicon import classes

CLASSES = {"troops", "ships", "aircraft", "helicopters", "artillery", "armour"}


def test_every_asset_noun_has_a_guide_class() -> None:
    assert set(classes("assets.txt").values()) == CLASSES


@pytest.mark.parametrize("word", ["sent", "withdrawn", "kept"])
def test_deployment_verbs_are_read_in_every_form(word: str) -> None:
    from briefing.facts.deployments import TRIGGERS

    assert word in TRIGGERS


def test_lists_are_read_once() -> None:
    assert classes("assets.txt") is classes("assets.txt")
