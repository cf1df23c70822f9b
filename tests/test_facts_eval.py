"""`briefing eval facts`: the matching rule, the figures, and the command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.evaluation.facts import FactsReport, score_article, speakers_match
from briefing.models import Casualty, Deployment, Evidence, Facts, Reaction

EVIDENCE = Evidence("x", 0, 1)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Donald Trump", "Trump", True),  # same surname
        ("Bashar al-Assad", "Assad", True),  # a particle joined by a hyphen
        ("China and Russia", "Russia", True),  # same last word
        ("China", "China and Russia", True),  # a one-word body inside the other
        ("North Korea s Ministry of Foreign Affairs", "Ministry of Foreign Affairs", True),
        ("Ali Khamenei", "Ali Dodo", False),  # a shared first name is not enough
        ("Pentagon", "White House", False),  # different bodies
    ],
)
def test_speakers_match(a: str, b: str, same: bool) -> None:
    assert speakers_match(a, b) is same


def test_scores_follow_the_matching_rule() -> None:
    gold = {
        "casualties": [
            {"count": 7, "status": "killed"},
            {"count": 3, "status": "wounded"},
        ],
        "deployments": [{"count": 3500, "asset": "troops"}],
        "reactions": [
            {"speaker": "Javad Zarif", "stance": "condemn"},
            {"speaker": "Dominic Raab", "stance": "de-escalate"},
        ],
    }
    facts = Facts(
        casualties=(
            Casualty(7, "seven", "killed", None, None, EVIDENCE),  # matches
            Casualty(3, "three", "killed", None, None, EVIDENCE),  # wrong status
        ),
        deployments=(Deployment(3500, "troop", None, None, None, EVIDENCE),),  # "troop" ~ "troops"
        reactions=(
            Reaction("Zarif", None, "q", "condemn", EVIDENCE),  # one speaker ...
            Reaction("Zarif", None, "q", "threaten", EVIDENCE),  # ... quoted twice
            Reaction("Dominic Raab", None, "q", "other", EVIDENCE),  # wrong stance
            Reaction("Mike Pompeo", None, "q", "support", EVIDENCE),  # not in the gold
        ),
    )
    report = FactsReport()
    score_article(gold, facts, report, "a")
    casualties = report.scores["casualties"]
    assert (casualties.precision, casualties.recall) == (0.5, 0.5)
    assert report.scores["deployments"].f1 == 1.0
    reactions = report.scores["reactions"]
    # scored per speaker: Zarif and Raab found, Pompeo extra
    assert (reactions.matched_gold, reactions.gold, reactions.predicted) == (2, 2, 3)
    assert report.stance_accuracy == 0.5


def test_command_prints_the_table(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    gold = tmp_path / "gold.jsonl"
    text = "Police said 12 people were killed.\n\nMinister Ana Lopez condemned the attack."
    articles.write_text(json.dumps({"id": "a1", "title": "Test", "text": text}) + "\n")
    gold.write_text(
        json.dumps(
            {
                "id": "a1",
                "casualties": [{"count": 12, "status": "killed"}],
                "deployments": [],
                "reactions": [{"speaker": "Ana Lopez", "stance": "condemn"}],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(
        main, ["eval", "facts", "--gold", str(gold), "--articles", str(articles)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["type", "gold", "pred", "P", "R", "F1"]
    assert lines[1].split() == ["casualties", "1", "1", "1.000", "1.000", "1.000"]
    assert lines[3].split() == ["reactions", "1", "1", "1.000", "1.000", "1.000"]
    assert "stance accuracy over matched reactions: 1.000 (1/1)" in result.output


def test_command_reports_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "facts", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no such file" in result.output


def test_dev_gold_meets_the_targets(corpus: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "eval",
            "facts",
            "--gold",
            str(corpus / "facts-dev.jsonl"),
            "--articles",
            str(corpus / "facts-articles.jsonl"),
        ],
    )
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines()[1:4]:
        _name, _gold, _pred, precision, _recall, f1 = line.split()
        assert float(precision) >= 0.9, line
        assert float(f1) >= 0.85, line
