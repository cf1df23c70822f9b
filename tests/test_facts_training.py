"""Training the judges: labels, fits, thresholds, byte-stable weights, the commands.

A tiny synthetic corpus (laid out as the shared one: ``facts-corpus/`` with its split,
``facts-dev.jsonl``) and a synthetic proposer stand in for the rules: every "N people
were killed/wounded" is a candidate, and those in a film are not facts in the gold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefing.facts
from briefing.cli import main
from briefing.config import Settings
from briefing.evaluation.facts import CORPORA, GoldArticle, gold_articles
from briefing.evaluation.training import (
    Example,
    best_threshold,
    build_model,
    fit_judge,
    gold_span,
    label_candidates,
    propose_all,
    train_model,
    training_articles,
)
from briefing.facts.candidates import Candidate
from briefing.facts.judges import decide
from briefing.models import Casualty, Document, Evidence

TOLL = re.compile(r"(\d+) people were (killed|wounded)")


def propose(document: Document) -> list[Candidate]:
    """Every toll of the text, with a feature that gives films away."""
    out = []
    text = document.article.match_text
    for sentence in document.sentences:
        for found in TOLL.finditer(text, sentence.start, sentence.end):
            count, status = int(found.group(1)), found.group(2)
            fact = Casualty(
                count, found.group(1), status, None, None,
                Evidence(sentence.text, sentence.start, sentence.end),
            )  # fmt: skip
            features = {f"status={status}": 1.0, "film": float("film" in sentence.text)}
            out.append(Candidate("casualty", "casualty.test", (count, status), features, fact))
    return out


def article(number: int, split: str) -> tuple[dict[str, object], dict[str, object]]:
    """An article with one real toll and one in a film, and its gold (the real toll)."""
    real = f"Police said {number + 2} people were killed in the town."
    film = f"In the film, {number + 40} people were killed by robots."
    item = {"id": f"a{number}", "title": "T", "text": f"{real} {film}", "split": split}
    gold = {
        "id": f"a{number}",
        "casualties": [{"count": number + 2, "status": "killed", "evidence": real}],
        "deployments": [],
        "reactions": [],
    }
    return item, gold


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """facts-corpus with 8 train and 2 check articles, facts-dev with 4 articles."""
    pairs = [article(n, "train" if n < 8 else "check") for n in range(10)]
    write_jsonl(tmp_path / "facts-corpus" / "articles.jsonl", [a for a, _ in pairs])
    write_jsonl(tmp_path / "facts-corpus" / "gold.jsonl", [g for _, g in pairs])
    dev = [article(n, "") for n in range(20, 24)]
    write_jsonl(tmp_path / "facts-articles.jsonl", [a for a, _ in dev])
    write_jsonl(tmp_path / "facts-dev.jsonl", [g for _, g in dev])
    return tmp_path


@pytest.fixture
def proposer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The synthetic proposer where the commands look for the rules' one."""
    monkeypatch.setattr(briefing.facts, "propose", propose, raising=False)
    yield


def settings_for(corpus: Path) -> Settings:
    return Settings(corpus_path=corpus)


def one(corpus: Path, part: str = "train") -> GoldArticle:
    spec = CORPORA["facts-corpus"]
    settings = settings_for(corpus)
    return gold_articles(
        spec.gold_path(settings), spec.articles_path(settings), settings, corpus=spec, part=part
    )[0]


def test_training_reads_train_and_dev_never_check(corpus: Path) -> None:
    ids = [a.article_id for a in training_articles(settings_for(corpus))]
    assert ids == [f"a{n}" for n in range(8)] + [f"a{n}" for n in range(20, 24)]


def test_a_candidate_is_positive_when_it_matches_and_its_evidence_overlaps(corpus: Path) -> None:
    first = one(corpus)
    real, film = propose(first.document)
    elsewhere = Casualty(2, "2", "killed", None, None, film.fact.evidence)
    wrong_place = Candidate("casualty", "casualty.test", "x", {}, elsewhere)
    examples = label_candidates(first, [real, film, wrong_place])
    assert [e.label for e in examples] == [True, False, False]
    assert examples[0].matches == frozenset({0})


def test_gold_evidence_is_found_whatever_its_spacing(corpus: Path) -> None:
    first = one(corpus)
    span = gold_span(first.document, "Police  said 2 people\nwere killed")
    assert span == (0, first.document.sentences[0].end)  # widened to its sentence
    assert gold_span(first.document, "not in the text") is None


def test_a_fitted_judge_learns_which_feature_gives_a_non_fact_away() -> None:
    rows = [{"film": 1.0, "status=killed": 1.0}] * 20 + [{"film": 0.0, "status=killed": 1.0}] * 20
    labels = [False] * 18 + [True] * 2 + [True] * 19 + [False]
    judge = fit_judge(rows, labels)
    assert judge.weights["film"] < -2.0
    assert judge.score({"status=killed": 1.0}) > 0.8 > 0.5 > judge.score({"film": 1.0})
    # the L2 penalty is all that holds the weights: almost none, and the fit is the
    # maximum-likelihood one (the rates seen, 19/20 and 2/20)
    loose = fit_judge(rows, labels, l2=1e-9)
    assert loose.score({"status=killed": 1.0}) == pytest.approx(0.95, abs=1e-4)
    assert loose.score({"status=killed": 1.0, "film": 1.0}) == pytest.approx(0.10, abs=1e-4)


def _example(article_id: str, key: str, matches: set[int]) -> Example:
    fact = Casualty(1, "1", "killed", None, None, Evidence("x", 0, 1))
    return Example(article_id, Candidate("casualty", "r", key, {}, fact), frozenset(matches))


def test_the_threshold_maximises_f1_of_the_kept_candidates() -> None:
    scored = [
        (0.9, _example("a", "k1", {0})),
        (0.8, _example("a", "k1", {0})),  # same key: kept once, as decide keeps it
        (0.7, _example("a", "k2", {1})),
        (0.4, _example("a", "k3", set())),
        (0.2, _example("a", "k4", set())),
        (0.1, _example("a", "k5", {2})),
    ]
    # 0.41..0.70: two kept, both right, 2 of 3 gold found: F1 0.8, better than keeping all
    # (3 of 5 right, all found: 0.75); ties go to the lowest threshold
    threshold, f1 = best_threshold(scored, gold_items=3)
    assert threshold == 0.41
    assert f1 == pytest.approx(0.8)


def test_two_trainings_write_the_same_bytes_and_the_judge_rejects_films(corpus: Path) -> None:
    settings = settings_for(corpus)
    first = build_model(settings, propose).to_json()
    assert build_model(settings, propose).to_json() == first
    model = build_model(settings, propose)
    assert model.metadata["candidates"] == {"casualty": {"all": 24, "positive": 12}}
    assert "Police" not in first and "robots" not in first  # feature names only, no text
    facts = decide(propose(one(corpus, "check").document), model)
    assert [(f.count, f.rule) for f in facts] == [(10, "casualty.test")]
    assert facts[0].explanation.startswith("casualty.test; casualty judge ")


def test_training_proposes_once_per_article(corpus: Path) -> None:
    calls: list[str] = []

    def counting(document: Document) -> list[Candidate]:
        calls.append(document.article.text)
        return propose(document)

    articles = training_articles(settings_for(corpus))
    labelled = propose_all(articles, counting)
    train_model(articles, labelled)
    assert len(calls) == len(articles)


def test_the_train_command_writes_and_checks_the_weights(
    corpus: Path, proposer: None, tmp_path: Path
) -> None:
    out = tmp_path / "weights.json"
    env = {"BRIEFING_CORPUS": str(corpus)}
    runner = CliRunner()
    result = runner.invoke(main, ["facts", "train", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["judges"]["casualty"]["weights"]["film"] < 0
    check = runner.invoke(main, ["facts", "train", "--out", str(out), "--check"], env=env)
    assert check.exit_code == 0, check.output
    out.write_text(out.read_text().replace('"l2": 1.0', '"l2": 2.0'))
    stale = runner.invoke(main, ["facts", "train", "--out", str(out), "--check"], env=env)
    assert stale.exit_code == 1
    assert len(stale.output.strip().splitlines()) == 1
    assert "differs" in stale.output


def test_the_train_command_says_in_one_line_when_the_corpus_is_missing(tmp_path: Path) -> None:
    env = {"BRIEFING_CORPUS": str(tmp_path / "nowhere")}
    result = CliRunner().invoke(
        main, ["facts", "train", "--out", str(tmp_path / "w.json")], env=env
    )
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "no such file" in result.output
    assert not (tmp_path / "w.json").exists()


def test_heldout_folds_score_dev_with_weights_trained_without_them(
    corpus: Path, proposer: None
) -> None:
    env = {"BRIEFING_CORPUS": str(corpus)}
    args = ["eval", "facts", "--folds", "2", "--heldout"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line}
    # the film tolls are rejected in every fold: all four dev tolls right, nothing extra
    assert rows["pooled"][1:3] == ["4", "1.00/1.00/1.00"]
    alone = CliRunner().invoke(main, ["eval", "facts", "--heldout"], env=env)
    assert alone.exit_code == 2 and "--heldout needs" in alone.output


def test_the_train_command_says_so_when_the_rules_propose_nothing(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delattr(briefing.facts, "propose", raising=False)
    env = {"BRIEFING_CORPUS": str(corpus)}
    result = CliRunner().invoke(main, ["facts", "train", "--out", str(tmp_path / "w")], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "briefing: error: the rules propose no candidates: briefing.facts.propose is missing"
    ]


def test_the_threshold_keeps_the_precision_floor_before_f1() -> None:
    scored = [
        (0.9, _example("a", "k1", {0})),
        (0.8, _example("a", "k2", {1})),
        (0.6, _example("a", "k3", set())),
        (0.5, _example("a", "k4", {2})),
        (0.3, _example("a", "k5", {3})),
        (0.2, _example("a", "k6", set())),
    ]
    # keeping all: 4 of 6 right (0.67), F1 0.8; the floor (0.88) keeps the two sure ones
    threshold, f1 = best_threshold(scored, gold_items=4)
    assert threshold == 0.61
    assert f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_another_mention_of_a_gold_fact_is_not_learned_from() -> None:
    fact = Casualty(4, "4", "killed", None, None, Evidence("x", 0, 1))
    mention = Example(
        "a", Candidate("casualty", "r", "k", {}, fact), frozenset(), None, frozenset({0})
    )
    wrong = Example("a", Candidate("casualty", "r", "k", {}, fact), frozenset())
    assert (mention.label, mention.fitted) == (False, False)
    assert (wrong.label, wrong.fitted) == (False, True)
