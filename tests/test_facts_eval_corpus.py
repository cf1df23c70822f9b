"""`briefing eval facts --corpus facts-corpus`: parts by split, and the miss categories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import Settings
from briefing.evaluation.facts import GoldItem
from briefing.evaluation.misses import CATEGORIES, category_counts, category_of


def write_corpus(root: Path) -> Path:
    """A facts-corpus of three articles: two train, one check."""
    rows = [
        ("t1", "train", "Police said 12 people were killed.", 12),
        ("t2", "train", "Officials said 5 people were wounded.", 5),
        ("c1", "check", "Police said 3 people were killed.", 3),
    ]
    folder = root / "facts-corpus"
    folder.mkdir(parents=True)
    lines = [json.dumps({"id": i, "title": "T", "text": t, "split": s}) for i, s, t, _ in rows]
    (folder / "articles.jsonl").write_text("".join(line + "\n" for line in lines))
    status = {"t1": "killed", "t2": "wounded", "c1": "killed"}
    (folder / "gold.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "casualties": [{"count": n, "status": status[i], "evidence": t}]})
            + "\n"
            for i, _, t, n in rows
        )
    )
    return root


@pytest.mark.parametrize(("part", "articles"), [("train", 2), ("check", 1), ("all", 3)])
def test_parts_select_by_each_articles_split(tmp_path: Path, part: str, articles: int) -> None:
    env = {"BRIEFING_CORPUS": str(write_corpus(tmp_path))}
    args = ["eval", "facts", "--corpus", "facts-corpus", "--part", part]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert f"articles: {articles}" in result.output


def test_a_part_of_the_other_corpus_is_refused_in_one_line(tmp_path: Path) -> None:
    env = {"BRIEFING_CORPUS": str(write_corpus(tmp_path))}
    args = ["eval", "facts", "--corpus", "facts-corpus", "--part", "new"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "briefing: error: the facts-corpus corpus has no part 'new'; "
        "choose one of all, train, check"
    ]


def test_the_categories_table_counts_missed_over_gold(tmp_path: Path) -> None:
    env = {"BRIEFING_CORPUS": str(write_corpus(tmp_path))}
    args = ["eval", "facts", "--corpus", "facts-corpus", "--part", "train", "--categories"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    table = result.output.split("category")[1].splitlines()
    rows = [line.split() for line in table if line.startswith("casualties")]
    # "Police said 12 people were killed." fits no pattern: both tolls are "other", found
    assert rows[-1] == ["casualties", "other", "0", "2", "0.00"]
    assert sum(int(r[-2]) for r in rows) == 2  # every gold toll is in exactly one category
    for kind, names in CATEGORIES.items():
        for name in names:
            assert any(
                line.startswith(kind) and name in line for line in result.output.splitlines()
            )


@pytest.mark.parametrize(
    ("kind", "item", "category"),
    [
        (
            "casualties",
            {"evidence": "24 militants and six soldiers were killed"},
            "coordinated groups",
        ),
        (
            "casualties",
            {"evidence": "the 12 miners trapped underground were found dead"},
            "participle/relative",
        ),
        (
            "casualties",
            {"evidence": "Four more were wounded in the afternoon"},
            'elliptic "N more"',
        ),
        (
            "casualties",
            {"evidence": "Gunmen killed the judge, her driver and two guards"},
            "victim list as object",
        ),
        (
            "casualties",
            {"count": 1, "evidence": "the killing of general Qasem Soleimani"},
            'named victim / "the killing of"',
        ),
        ("casualties", {"evidence": "His cousin was among those killed"}, '"among those killed"'),
        ("casualties", {"evidence": "She lost two sons in the shelling"}, "narrative toll"),
        ("casualties", {"evidence": "A bomb went off; 7 died"}, "other"),
        (
            "deployments",
            {"evidence": "the 28,500 troops stationed in South Korea"},
            "standing force",
        ),
        (
            "deployments",
            {"count": 300, "evidence": "a unit that switched sides with 300 men"},
            "no deployment verb",
        ),
        ("deployments", {"count": None, "evidence": "Canada sent troops"}, "uncounted mention"),
        ("deployments", {"count": 3500, "evidence": "The Pentagon sent 3,500 troops"}, "other"),
        (
            "reactions",
            {"speaker": "Iran", "evidence": "Iran rejects the accusation"},
            "no verb of saying",
        ),
        (
            "reactions",
            {"speaker": "Zalmay Khalilzad", "evidence": "The envoy said talks would go on"},
            "descriptive/anaphoric speaker",
        ),
        (
            "reactions",
            {"speaker": "China", "evidence": "China and Russia said they opposed it"},
            "coordinated subjects",
        ),
        (
            "reactions",
            {"speaker": "Ana Lopez", "evidence": "said the regional governor, Ana Lopez"},
            "speaker after verb",
        ),
        (
            "reactions",
            {"speaker": "Ana Lopez", "evidence": "Lopez on state television said it was over"},
            "words between subject and verb",
        ),
        (
            "reactions",
            {
                "speaker": "Ana Lopez",
                "evidence": "Lopez said it was over, and Raab said it was not",
            },
            "second statement in sentence",
        ),
        ("reactions", {"speaker": "Ana Lopez", "evidence": "Lopez said it was over"}, "other"),
    ],
)
def test_each_category_has_its_pattern(kind: str, item: dict[str, object], category: str) -> None:
    assert category_of(kind, item) == category


def test_category_counts_pool_missed_and_gold() -> None:
    items = [
        GoldItem("casualties", {"evidence": "Four more were wounded"}, False),
        GoldItem("casualties", {"evidence": "Two more died"}, True),
        GoldItem("casualties", {"evidence": "A bomb went off; 7 died"}, False),
    ]
    counts = category_counts(items)
    assert counts["casualties"]['elliptic "N more"'] == (1, 2)
    assert counts["casualties"]["other"] == (1, 1)
    assert counts["reactions"]["other"] == (0, 0)


REAL = Settings.from_env().corpus_path / "facts-corpus" / "articles.jsonl"


@pytest.mark.skipif(not REAL.is_file(), reason="the shared facts-corpus is not checked out")
@pytest.mark.parametrize(("part", "articles"), [("train", 150), ("check", 50)])
def test_the_shared_corpus_parts_have_their_sizes(part: str, articles: int) -> None:
    args = ["eval", "facts", "--corpus", "facts-corpus", "--part", part]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"articles: {articles}" in result.output
