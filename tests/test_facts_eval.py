"""`briefing eval facts`: the matching rule, the figures, and the command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import InputError
from briefing.evaluation.facts import (
    FactsReport,
    fold_numbers,
    in_part,
    read_ids,
    score_article,
    speakers_match,
)
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
    # one stance verdict per matched speaker: Zarif right (condemn is among his), Raab wrong
    assert (report.stance_correct, report.stance_total) == (1, 2)


def test_a_speakers_gold_items_count_once() -> None:
    gold = {
        "reactions": [
            {"speaker": "Rex Tillerson", "stance": "threaten"},
            {"speaker": "Tillerson", "stance": "de-escalate"},  # same speaker, second item
            {"speaker": "Tillerson", "stance": "other"},  # and a third
        ]
    }
    facts = Facts(reactions=(Reaction("Tillerson", None, "q", "other", EVIDENCE),))
    report = FactsReport()
    score_article(gold, facts, report, "a")
    reactions = report.scores["reactions"]
    assert (reactions.gold, reactions.matched_gold, reactions.predicted) == (1, 1, 1)
    # "other" is one of the stances the gold gives him: one right verdict out of one
    assert (report.stance_correct, report.stance_total) == (1, 1)


def test_pooling_adds_the_counts() -> None:
    gold = {"casualties": [{"count": 7, "status": "killed"}]}
    hit = Facts(casualties=(Casualty(7, "seven", "killed", None, None, EVIDENCE),))
    first, second, total = FactsReport(), FactsReport(), FactsReport()
    score_article(gold, hit, first, "a")
    score_article(gold, Facts(), second, "b")
    total.add(first)
    total.add(second)
    casualties = total.scores["casualties"]
    assert (casualties.gold, casualties.matched_gold, total.articles) == (2, 1, 2)
    assert casualties.misses == ["b: ('killed', 7)"]


def test_folds_are_balanced_and_stable() -> None:
    ids = [f"article-{n}" for n in range(48)]
    folds = fold_numbers(ids, 4)
    sizes = sorted(list(folds.values()).count(k) for k in range(1, 5))
    assert sizes == [12, 12, 12, 12]
    # an article's fold depends on the set of ids, never on their order
    assert fold_numbers(list(reversed(ids)), 4) == folds
    assert set(fold_numbers(ids, 1).values()) == {1}


@pytest.mark.parametrize(
    ("position", "part", "inside"),
    [
        (0, "seed", True),  # the seed is the first entry
        (0, "articles", False),  # ... and not one of the 48 articles
        (1, "original", True),  # entries 2-12: the 11 original articles
        (11, "original", True),
        (12, "original", False),  # entry 13 is the first new article
        (12, "new", True),
        (48, "new", True),
        (48, "all", True),
    ],
)
def test_parts_select_by_position(position: int, part: str, inside: bool) -> None:
    assert in_part(position, part) is inside


def test_ids_file_skips_comments(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("# the held-out fold\nisot-vn-0001\n\nisot-vn-0002  # a comment\n")
    assert read_ids(path) == ["isot-vn-0001", "isot-vn-0002"]
    path.write_text("# nothing\n")
    with pytest.raises(InputError, match="no ids"):
        read_ids(path)


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


def _two_articles(tmp_path: Path) -> tuple[Path, Path]:
    articles = tmp_path / "articles.jsonl"
    gold = tmp_path / "gold.jsonl"
    rows = [
        ("a1", "Police said 12 people were killed.", 12),
        ("a2", "Officials said 5 people were wounded.", 5),
    ]
    articles.write_text(
        "".join(json.dumps({"id": i, "title": "T", "text": t}) + "\n" for i, t, _ in rows)
    )
    gold.write_text(
        json.dumps({"id": "a1", "casualties": [{"count": 12, "status": "killed"}]})
        + "\n"
        + json.dumps({"id": "a2", "casualties": [{"count": 99, "status": "wounded"}]})
        + "\n"
    )
    return gold, articles


def test_command_prints_folds_and_pooled(tmp_path: Path) -> None:
    gold, articles = _two_articles(tmp_path)
    args = ["eval", "facts", "--gold", str(gold), "--articles", str(articles), "--folds", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line}
    # one article per fold: one found its toll, the other a wrong count; pooled holds both
    assert sorted([rows["1/2"][2], rows["2/2"][2]]) == ["0.00/0.00/0.00", "1.00/1.00/1.00"]
    assert rows["pooled"][1:3] == ["2", "0.50/0.50/0.50"]


def test_command_scores_only_the_listed_ids(tmp_path: Path) -> None:
    gold, articles = _two_articles(tmp_path)
    ids = tmp_path / "ids.txt"
    ids.write_text("a1\n")
    args = ["eval", "facts", "--gold", str(gold), "--articles", str(articles)]
    result = CliRunner().invoke(main, [*args, "--ids", str(ids)])
    assert result.exit_code == 0, result.output
    assert "articles: 1" in result.output
    ids.write_text("a3\n")
    result = CliRunner().invoke(main, [*args, "--ids", str(ids)])
    assert result.exit_code == 1 and "no gold for id 'a3'" in result.output


def test_command_reports_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "facts", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no such file" in result.output


#: pooled figures on the 48 dev articles at the last measurement (README, "Key facts"):
#: the guard fails when a change makes them fall; raise them as the rules improve.
#: The targets (F1 >= 0.90 on articles not tuned on) live in the README and
#: benchmarks/facts_quality.py, not here.
FLOOR = {
    # (precision, F1); F1 0.814 -> 0.828 in issue 9's session, 0.842 with "wounded a third"
    "casualties": (0.96, 0.84),
    # F1 0.596 -> 0.746 in issue 9's session; precision 0.850 -> 0.833 with one fact the gold
    # leaves out ("Two such batteries are already in place in Iraq", a standing deployment)
    "deployments": (0.83, 0.74),
    # reactions: F1 0.707 -> 0.788 with issue 13's rules; precision 0.907 -> 0.876, mostly
    # anonymous groups the gold leaves out ("South Korean officials")
    # 0.792 -> 0.803 with "St." and "de la" in names, "Chinese authorities", occupations
    # as roles and "a source close to ..."
    "reactions": (0.87, 0.80),
}


def test_dev_gold_stays_above_the_floor(corpus: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "eval",
            "facts",
            "--gold",
            str(corpus / "facts-dev.jsonl"),
            "--articles",
            str(corpus / "facts-articles.jsonl"),
            "--part",
            "articles",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "articles: 48" in result.output
    for line in result.output.splitlines()[1:4]:
        name, _gold, _pred, precision, _recall, f1 = line.split()
        floor_precision, floor_f1 = FLOOR[name]
        assert float(precision) >= floor_precision, line
        assert float(f1) >= floor_f1, line
