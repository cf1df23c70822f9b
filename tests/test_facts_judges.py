"""Judges and choices: how a candidate is scored, which candidates become facts, and why."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from briefing.facts.candidates import Candidate
from briefing.facts.judges import (
    FORMAT,
    WEIGHTS_RESOURCE,
    Choice,
    Judge,
    Model,
    decide,
    shipped_model,
)
from briefing.models import Casualty, Evidence, Reaction


def toll(count: int, start: int, status: str = "killed") -> Casualty:
    return Casualty(count, str(count), status, None, None, Evidence("x" * 10, start, start + 10))


def candidate(
    fact: Casualty | Reaction,
    features: dict[str, float],
    key: object = None,
    rule: str = "casualty.passive_toll",
    judge: str = "casualty",
    stance: dict[str, float] | None = None,
) -> Candidate:
    return Candidate(judge, rule, key if key is not None else id(fact), features, fact, stance)


JUDGE = Judge(weights={"verb=kill": 1.2, "has_count": 0.8, "film": -3.0}, bias=-0.5, threshold=0.45)
MODEL = Model(judges={"casualty": JUDGE})


def test_a_judge_scores_by_the_logistic_of_its_margin() -> None:
    features = {"verb=kill": 1.0, "has_count": 1.0, "unknown": 5.0}
    assert JUDGE.margin(features) == pytest.approx(-0.5 + 1.2 + 0.8)  # unknown counts 0
    assert JUDGE.score(features) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert JUDGE.accepts(features)
    assert not JUDGE.accepts({"verb=kill": 1.0, "film": 1.0})


def test_a_choice_picks_the_most_probable_label() -> None:
    choice = Choice(
        labels=("condemn", "other"),
        weights={"condemn": {"cue=condemn": 2.0}, "other": {}},
        biases={"condemn": 0.0, "other": 0.5},
    )
    label, probability = choice.choose({"cue=condemn": 1.0})
    assert label == "condemn"
    assert probability == pytest.approx(math.exp(2) / (math.exp(2) + math.exp(0.5)))
    assert choice.choose({})[0] == "other"
    assert sum(choice.probabilities({"cue=condemn": 1.0}).values()) == pytest.approx(1.0)


def test_decide_keeps_accepted_candidates_the_best_per_key_in_evidence_order() -> None:
    late, weak, strong, rejected = toll(3, 50), toll(7, 10), toll(7, 10), toll(9, 0)
    facts = decide(
        [
            candidate(late, {"verb=kill": 1.0}, key="b"),
            candidate(weak, {"verb=kill": 1.0}, key="a", rule="casualty.weak"),
            candidate(strong, {"verb=kill": 1.0, "has_count": 1.0}, key="a"),
            candidate(rejected, {"verb=kill": 1.0, "film": 1.0}, key="c"),
        ],
        MODEL,
    )
    assert [(f.count, f.evidence.start) for f in facts] == [(7, 10), (3, 50)]
    assert [f.rule for f in facts] == ["casualty.passive_toll", "casualty.passive_toll"]


def test_the_explanation_names_rule_judge_score_threshold_and_top_weights() -> None:
    features = {"verb=kill": 1.0, "has_count": 1.0, "film": 0.0, "place": 1.0}
    [fact] = decide([candidate(toll(7, 0), features)], MODEL)
    score = JUDGE.score(features)
    assert fact.explanation == (
        f"casualty.passive_toll; casualty judge {score:.2f} >= 0.45 "
        "(verb=kill +1.20, has_count +0.80)"
    )


def test_a_judge_missing_from_the_model_keeps_every_candidate_on_its_rule() -> None:
    facts = decide([candidate(toll(2, 0), {"film": 1.0}, judge="other")], MODEL)
    assert [f.count for f in facts] == [2]
    assert facts[0].explanation == "casualty.passive_toll; no other judge in the model: rule only"


def test_the_stance_of_a_reaction_comes_from_the_choice() -> None:
    reaction = Reaction("Ana Lopez", None, "q", "other", Evidence("q", 0, 1))
    choice = Choice(labels=("condemn", "other"), weights={"condemn": {"cue=condemn": 3.0}})
    model = Model(choices={"stance": choice})
    [fact] = decide(
        [
            candidate(
                reaction, {}, rule="reaction.said", judge="reaction", stance={"cue=condemn": 1.0}
            )
        ],
        model,
    )
    assert fact.stance == "condemn"
    assert fact.rule == "reaction.said"
    assert "; stance condemn 0.95 (cue=condemn +3.00)" in fact.explanation
    # without stance features the rule's stance stays
    [kept] = decide([candidate(reaction, {}, rule="reaction.said", judge="reaction")], model)
    assert kept.stance == "other"


def test_a_model_round_trips_through_stable_sorted_json() -> None:
    model = Model(
        judges={"casualty": JUDGE},
        choices={"stance": Choice(("a", "b"), {"a": {"x": 0.1234567891}, "b": {}})},
        metadata={"articles": 3},
    )
    text = model.to_json()
    data = json.loads(text)
    assert data["format"] == FORMAT
    assert data["choices"]["stance"]["weights"]["a"]["x"] == 0.123457  # rounded
    assert list(data["judges"]["casualty"]["weights"]) == sorted(JUDGE.weights)
    assert Model.from_dict(data).to_json() == text
    with pytest.raises(ValueError, match=r"not a briefing\.facts\.weights/1"):
        Model.from_dict({"format": "something else"})


def test_the_shipped_weights_load_and_stay_small() -> None:
    from importlib import resources

    package, name = WEIGHTS_RESOURCE
    raw = resources.files(package).joinpath(name).read_bytes()
    assert len(raw) < 5_000_000
    assert shipped_model() is shipped_model()  # read once, kept


def test_importing_briefing_does_not_load_the_weights() -> None:
    script = (
        "import sys, briefing, briefing.cli\n"
        "judges = sys.modules.get('briefing.facts.judges')\n"
        "print(judges is None or judges._shipped is None)\n"
        "from briefing.facts.judges import shipped_model\n"
        "shipped_model()\n"
        "print(sys.modules['briefing.facts.judges']._shipped is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.split() == ["True", "True"]
