"""The issue's "done when" on the seed article, through the CLI as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import main


@pytest.fixture(scope="module")
def brief(seed_path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["brief", "--format", "json", str(seed_path)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_every_evidence_matches_the_text(brief: dict[str, Any]) -> None:
    text = brief["article"]["text"]
    facts = [f for kind in brief["facts"].values() for f in kind]
    assert facts
    for fact in facts:
        evidence = fact["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_deployments(brief: dict[str, Any]) -> None:
    by_count = {d["count"]: d for d in brief["facts"]["deployments"]}
    new = by_count[3500]
    assert (new["asset"], new["unit"]) == ("troops", "82nd Airborne Division")
    assert (new["from"], new["to"], new["earlier"]) == (
        "Fort Bragg, North Carolina",
        "Middle East",
        False,
    )
    earlier = by_count[750]
    assert (earlier["asset"], earlier["to"], earlier["earlier"]) == ("troops", "Middle East", True)


def test_casualties(brief: dict[str, Any]) -> None:
    casualties = brief["facts"]["casualties"]
    named = {c["who"]: c for c in casualties if c["count"] == 1}
    assert named["General Qasem Soleimani"]["status"] == "killed"
    assert named["Abu Mahdi al-Muhandis"]["status"] == "killed"
    # Soleimani's death is told many times: one fact
    assert sum("Soleimani" in (c["who"] or "") for c in casualties) == 1
    # Iraqi state television's toll: five Iraqis and two "guests", each group its own item
    # as FACTS_GUIDE.md asks ("24 militants and six soldiers" are two items)
    tv = [c for c in casualties if c["reported_by"] == "Iraqi state television"]
    assert [(c["count"], c["count_text"], c["who"], c["status"]) for c in tv] == [
        (5, "five", "Iraqis", "killed"),
        (2, "two", "guests", "killed"),
    ]
    # the cumulative toll Sanders points to is background
    (background,) = [c for c in casualties if c["count"] == 4500]
    assert background["historical"] is True


#: the reactions the issue names, with the stance an analyst gives each (any of a set)
EXPECTED = {
    "Donald Trump": {"support"},
    "Amir Hatami": {"threaten"},
    "Ali Khamenei": {"threaten"},
    "Javad Zarif": {"condemn"},
    "Pentagon": {"support"},
    "Mike Pompeo": {"support"},
    "Adel Abdul Mahdi": {"condemn"},
    "Bashar al-Assad": {"condemn"},
    "Dominic Raab": {"de-escalate"},
    "Dalia Dassa Kaye": {"other"},
    "Alistair Burt": {"other"},
    "John Maguire": {"other"},
    "Joe Biden": {"condemn"},
    "Elizabeth Warren": {"condemn"},
    "Nancy Pelosi": {"condemn"},
    "Bernie Sanders": {"condemn"},
}


@pytest.mark.parametrize(("speaker", "stances"), sorted(EXPECTED.items()))
def test_reaction(brief: dict[str, Any], speaker: str, stances: set[str]) -> None:
    found = [r for r in brief["facts"]["reactions"] if r["speaker"] == speaker]
    assert found, f"no reaction by {speaker}"
    assert stances & {r["stance"] for r in found}


def test_trump_tweets_are_several_reactions(brief: dict[str, Any]) -> None:
    tweets = [
        r
        for r in brief["facts"]["reactions"]
        if r["speaker"] == "Donald Trump" and r["channel"] == "tweet"
    ]
    assert len(tweets) >= 3


def test_multi_paragraph_tweet_stays_with_its_speaker(brief: dict[str, Any]) -> None:
    (zarif,) = [
        r
        for r in brief["facts"]["reactions"]
        if r["speaker"] == "Javad Zarif" and r["channel"] == "tweet"
    ]
    assert "rogue adventurism" in zarif["quote"]
    assert zarif["role"] == "Iran's foreign minister"


def test_trump_paraphrases_are_not_shown_as_his_words(brief: dict[str, Any]) -> None:
    # "President Trump called for the attack ..." and "He blamed Iran for ..." are the
    # reporter's words; his tweets and the words in single quotation marks are his own
    trump = [r for r in brief["facts"]["reactions"] if r["speaker"] == "Donald Trump"]
    paraphrases = [r["quote"] for r in trump if r["paraphrase"]]
    assert paraphrases[:2] == [
        "called for the attack on Soleimani after claims that he was plotting against "
        "American diplomats in Iraq",
        "blamed Iran for a protest in Iraq which saw demonstrators break into the US embassy "
        "in Baghdad and torch the place",
    ]
    own = [r for r in trump if not r["paraphrase"]]
    assert "taken out many years ago" in [r["quote"] for r in own]
    assert all(r["channel"] == "tweet" for r in own)
    assert sum(r["channel"] == "tweet" for r in own) >= 3
