"""Learned judges: small linear models that decide on the rules' candidates.

A ``Judge`` is a binary logistic model (weights over a candidate's symbolic features, a
bias, a threshold chosen by cross-validation): it accepts a candidate whose probability
reaches the threshold. A ``Choice`` is a multinomial logistic model over labels (the
stance of a reaction). A ``Model`` holds the judges and choices by name; the one shipped
as package data (``data/weights.json``, written by ``briefing facts train``) is read the
first time facts are decided, never on ``import briefing``. Inference is plain Python: a
dot product over a handful of features.

``decide`` turns candidates into facts: the accepted ones, the best per key, in evidence
order, each with the rule that found it and an explanation of why it was kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.facts.candidates import Candidate
from briefing.models import Fact

__all__ = ["Choice", "Judge", "Model", "decide", "load_model", "shipped_model"]

#: the weights file's format name; a file of another format is refused
FORMAT = "briefing.facts.weights/1"
#: decimals kept of every number written: the file is byte-stable across runs
DECIMALS = 6
#: how many of the largest contributions an explanation lists
TOP_CONTRIBUTIONS = 3


def _dot(weights: Mapping[str, float], features: Mapping[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


def _sigmoid(margin: float) -> float:
    if margin >= 0:
        return 1.0 / (1.0 + math.exp(-margin))
    e = math.exp(margin)
    return e / (1.0 + e)


def contributions(
    weights: Mapping[str, float], features: Mapping[str, float], top: int = TOP_CONTRIBUTIONS
) -> list[tuple[str, float]]:
    """The ``top`` largest weight x value terms (by size, then name), zeros left out."""
    terms = [(name, weights.get(name, 0.0) * value) for name, value in features.items()]
    terms = [(name, term) for name, term in terms if term != 0.0]
    return sorted(terms, key=lambda t: (-abs(t[1]), t[0]))[:top]


def _terms(terms: list[tuple[str, float]]) -> str:
    return ", ".join(f"{name} {term:+.2f}" for name, term in terms)


@dataclass(frozen=True)
class Judge:
    """A binary logistic judge: accept when the probability reaches ``threshold``."""

    weights: Mapping[str, float]
    bias: float = 0.0
    threshold: float = 0.5

    def margin(self, features: Mapping[str, float]) -> float:
        """bias + weights . features (features the judge has no weight for count 0)."""
        return self.bias + _dot(self.weights, features)

    def score(self, features: Mapping[str, float]) -> float:
        """The probability that the candidate is a fact."""
        return _sigmoid(self.margin(features))

    def accepts(self, features: Mapping[str, float]) -> bool:
        return self.score(features) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "bias": round(self.bias, DECIMALS),
            "threshold": round(self.threshold, DECIMALS),
            "weights": {k: round(v, DECIMALS) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Judge:
        return cls(
            weights={str(k): float(v) for k, v in data.get("weights", {}).items()},
            bias=float(data.get("bias", 0.0)),
            threshold=float(data.get("threshold", 0.5)),
        )


@dataclass(frozen=True)
class Choice:
    """A multinomial logistic choice among ``labels`` (softmax of one linear score each)."""

    labels: tuple[str, ...]
    weights: Mapping[str, Mapping[str, float]]
    biases: Mapping[str, float] = field(default_factory=dict)

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each label's probability, in ``labels`` order."""
        scores = [
            self.biases.get(label, 0.0) + _dot(self.weights.get(label, {}), features)
            for label in self.labels
        ]
        top = max(scores, default=0.0)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps) or 1.0
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def choose(self, features: Mapping[str, float]) -> tuple[str, float]:
        """The most probable label and its probability (ties: the earlier label)."""
        if not self.labels:
            raise ValueError("a choice with no labels chooses nothing")
        probabilities = self.probabilities(features)
        label = max(self.labels, key=lambda name: (probabilities[name], -self.labels.index(name)))
        return label, probabilities[label]

    def to_dict(self) -> dict[str, Any]:
        return {
            "biases": {k: round(self.biases.get(k, 0.0), DECIMALS) for k in self.labels},
            "labels": list(self.labels),
            "weights": {
                label: {
                    k: round(v, DECIMALS) for k, v in sorted(self.weights.get(label, {}).items())
                }
                for label in self.labels
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Choice:
        labels = tuple(str(label) for label in data.get("labels", ()))
        weights = data.get("weights", {})
        return cls(
            labels=labels,
            weights={
                label: {str(k): float(v) for k, v in weights.get(label, {}).items()}
                for label in labels
            },
            biases={label: float(data.get("biases", {}).get(label, 0.0)) for label in labels},
        )


@dataclass(frozen=True)
class Model:
    """The judges and choices by name, and what they were trained on (no corpus text)."""

    judges: Mapping[str, Judge] = field(default_factory=dict)
    choices: Mapping[str, Choice] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "choices": {name: c.to_dict() for name, c in sorted(self.choices.items())},
            "format": FORMAT,
            "judges": {name: j.to_dict() for name, j in sorted(self.judges.items())},
            "metadata": dict(self.metadata),
        }

    def to_json(self) -> str:
        """The weights file's text: sorted keys, rounded numbers, the same bytes every time."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=1, ensure_ascii=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Model:
        """The model ``to_dict`` wrote.

        Raises:
            ValueError: not a weights file of this format.
        """
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} weights file: format={data.get('format')!r}")
        return cls(
            judges={str(k): Judge.from_dict(v) for k, v in data.get("judges", {}).items()},
            choices={str(k): Choice.from_dict(v) for k, v in data.get("choices", {}).items()},
            metadata=dict(data.get("metadata", {})),
        )


def load_model(path: Path) -> Model:
    """A weights file written by ``briefing facts train --out PATH``."""
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


#: where the shipped weights live inside the package
WEIGHTS_RESOURCE = ("briefing.facts", "data/weights.json")

_shipped: Model | None = None


def shipped_model() -> Model:
    """The weights shipped with briefing, read on first use and kept."""
    global _shipped
    if _shipped is None:
        package, name = WEIGHTS_RESOURCE
        text = resources.files(package).joinpath(name).read_text("utf-8")
        _shipped = Model.from_dict(json.loads(text))
    return _shipped


@dataclass(frozen=True)
class _Verdict:
    score: float
    order: int
    candidate: Candidate
    why: str


def _why(candidate: Candidate, model: Model) -> tuple[float, str] | None:
    """The candidate's score and the sentence saying why it is kept; None if rejected."""
    if not candidate.judge:
        return 1.0, f"{candidate.rule}; no judge asked: rule only"
    judge = model.judges.get(candidate.judge)
    if judge is None:
        return 1.0, f"{candidate.rule}; no {candidate.judge} judge in the model: rule only"
    score = judge.score(candidate.features)
    if score < judge.threshold:
        return None
    terms = _terms(contributions(judge.weights, candidate.features))
    why = f"{candidate.rule}; {candidate.judge} judge {score:.2f} >= {judge.threshold:.2f}"
    return score, f"{why} ({terms})" if terms else why


def _with_stance(fact: Fact, candidate: Candidate, model: Model, why: str) -> tuple[Fact, str]:
    choice = model.choices.get("stance")
    if choice is None or candidate.stance_features is None or not hasattr(fact, "stance"):
        return fact, why
    label, probability = choice.choose(candidate.stance_features)
    chosen = choice.weights.get(label, {})
    terms = _terms(contributions(chosen, candidate.stance_features))
    why += f"; stance {label} {probability:.2f}" + (f" ({terms})" if terms else "")
    return replace(fact, stance=label), why  # type: ignore[type-var]


def decide(candidates: Iterable[Candidate], model: Model | None = None) -> list[Fact]:
    """The facts of the accepted candidates: the best-scoring one per key, in evidence
    order (then proposal order), each with its ``rule`` and ``explanation``.

    A candidate whose judge the model lacks is kept on the rule alone (score 1). A
    reaction's stance comes from the model's "stance" choice when the candidate gives
    ``stance_features``. ``model`` defaults to the shipped weights.
    """
    model = shipped_model() if model is None else model
    best: dict[Hashable, _Verdict] = {}
    for order, candidate in enumerate(candidates):
        judged = _why(candidate, model)
        if judged is None:
            continue
        score, why = judged
        known = best.get(candidate.key)
        if known is None or score > known.score:
            best[candidate.key] = _Verdict(score, order, candidate, why)
    kept = sorted(
        best.values(),
        key=lambda v: (v.candidate.fact.evidence.start, v.candidate.fact.evidence.end, v.order),
    )
    facts = []
    for kept_one in kept:
        candidate = kept_one.candidate
        fact, why = _with_stance(candidate.fact, candidate, model, kept_one.why)
        if hasattr(fact, "rule") and hasattr(fact, "explanation"):
            fact = replace(fact, rule=candidate.rule, explanation=why)  # type: ignore[type-var]
        facts.append(fact)
    return facts
