"""``briefing eval summary``: ROUGE of every method on a JSONL corpus, in one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import InputError
from briefing.evaluation.summary import (
    MethodScore,
    RougeScorer,
    evaluate_methods,
    format_table,
    load_items,
    summarise_item,
)

# Two tiny stories written for these tests, with one-sentence-a-line references.
ARTICLES = [
    {
        "id": "harbour",
        "title": "",
        "text": (
            "Floods closed the river port of Linden on Monday after three days of heavy rain. "
            "The port authority said ships would wait at anchor until the water level fell. "
            "Farmers upstream reported fields under water and roads cut off by the floods. "
            "A local choir postponed its spring concert in the town hall."
        ),
        "reference": "Floods closed the port of Linden on Monday .\nShips wait at anchor .",
    },
    {
        "id": "bridge",
        "title": "New bridge opens in Marden",
        "text": (
            "The new bridge over the Marden estuary opened to traffic on Friday morning. "
            "It cuts the drive between the two towns from forty minutes to ten. "
            "Engineers spent four years building the bridge, which cost 90 million pounds. "
            "Ferry operators say they will keep one boat running for tourists."
        ),
        "reference": "Bridge over the Marden estuary opens .\nIt cost 90 million pounds .",
    },
]


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    return path


def test_load_items_reads_every_field_and_honours_limit(corpus_file: Path) -> None:
    items = load_items(corpus_file)
    assert [i.id for i in items] == ["harbour", "bridge"]
    assert items[1].title == "New bridge opens in Marden"
    assert items[0].reference.splitlines()[1] == "Ships wait at anchor ."
    assert [i.id for i in load_items(corpus_file, limit=1)] == ["harbour"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # no reference
        ('{"id": "a", "text": "One sentence here."}', '"text" and "reference"'),
        # text is not a string
        ('{"id": "a", "text": 3, "reference": "x"}', '"text" and "reference"'),
        # not JSON at all
        ("{oops", "not JSON"),
    ],
)
def test_load_items_rejects_bad_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_items(path)


def test_load_items_rejects_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no articles"):
        load_items(path)


def test_summary_is_what_briefing_brief_gives_one_sentence_a_line(corpus_file: Path) -> None:
    item = load_items(corpus_file)[0]
    summary = summarise_item(item, "lead", 2)
    assert summary.splitlines() == [
        "Floods closed the river port of Linden on Monday after three days of heavy rain.",
        "The port authority said ships would wait at anchor until the water level fell.",
    ]


def test_rouge_scores_identical_text_100_and_disjoint_text_0() -> None:
    scorer = RougeScorer()
    assert scorer.score("the cat sat .\nit purred .", "the cat sat .\nit purred .") == (
        pytest.approx(100.0),
        pytest.approx(100.0),
        pytest.approx(100.0),
    )
    assert scorer.score("the cat sat", "dogs bark loudly") == (0.0, 0.0, 0.0)
    # stemming is on: "floods" matches "flooded"
    assert scorer.score("floods", "flooded")[0] == pytest.approx(100.0)
    assert scorer.mean([]) == (0.0, 0.0, 0.0)


def test_evaluate_methods_scores_every_method_on_the_same_articles(corpus_file: Path) -> None:
    items = load_items(corpus_file)
    scores = evaluate_methods(items, ["lead", "news", "lexrank"], sentences=2)
    assert [s.method for s in scores] == ["lead", "news", "lexrank"]
    scorer = RougeScorer()
    expected = scorer.mean((i.reference, summarise_item(i, "lead", 2)) for i in items)
    lead = scores[0]
    assert (lead.rouge1, lead.rouge2, lead.rouge_lsum) == pytest.approx(expected)
    for score in scores:
        assert score.articles == 2
        assert score.failures == 0
        assert 0 < score.rouge1 <= 100
        assert score.ms_per_article > 0


def test_unknown_method_fails_before_any_work(corpus_file: Path) -> None:
    with pytest.raises(Exception, match="unknown method 'best'"):
        evaluate_methods(load_items(corpus_file), ["lead", "best"])


def test_table_shows_each_method_and_its_difference_to_lead() -> None:
    scores = [
        MethodScore("news", 42.5, 19.0, 38.0, 9.5, 10, 0),
        MethodScore("lead", 41.0, 18.5, 37.0, 3.0, 10, 1),
    ]
    table = format_table(scores).splitlines()
    assert table[0].split() == ["method", "R1", "R2", "RLsum", "ms/art", "R1-lead"]
    assert table[2].split() == ["news", "42.50", "19.00", "38.00", "9.50", "+1.50"]
    assert table[3].split() == ["lead", "41.00", "18.50", "37.00", "3.00", "+0.00", "(1", "failed)"]


def test_cli_prints_the_table(corpus_file: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["eval", "summary", "--corpus", str(corpus_file), "--methods", "news,lead", "--limit", "1"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1 articles · 3 sentences" in lines[0]
    assert [line.split()[0] for line in lines[3:]] == ["news", "lead"]


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        # a method that does not exist is bad usage
        (["--methods", "news,best"], 2, "unknown method 'best'"),
        # a limit below one is bad usage
        (["--limit", "0"], 2, "must be at least 1"),
        # a length out of range is bad input
        (["--sentences", "0"], 1, "sentences must be a whole number"),
    ],
)
def test_cli_rejects_bad_options(
    corpus_file: Path, arguments: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(main, ["eval", "summary", "--corpus", str(corpus_file), *arguments])
    assert result.exit_code == code
    assert message in result.output


def test_cli_says_where_the_corpus_should_be(tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    result = CliRunner().invoke(main, ["eval", "summary", "--corpus", str(missing)])
    assert result.exit_code == 1
    assert "no such corpus file" in result.output
