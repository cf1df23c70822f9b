"""Training the facts judges (``briefing facts train``) from the annotated corpora.

The rules propose candidates (``briefing.facts.propose``: a document to its
``Candidate`` list); this module labels every candidate against the article's gold and fits
the weights the judges decide with (``briefing/facts/data/weights.json``):

- **data**: the facts-corpus's ``train`` part and all of ``facts-dev.jsonl``, read by the
  evaluation's own path (``gold_articles``); never the ``check`` part.
- **labels**: a candidate is positive when its fact matches a gold item of its kind by
  the evaluation's rule (casualty: status and count; deployment: asset class and count;
  reaction: speaker) AND its evidence overlaps the sentence(s) of that item's gold
  evidence. A matched reaction's gold stance is the label of the stance choice.
- **judges**: one binary logistic model per judge name, fitted by Newton's method with
  conjugate-gradient steps (deterministic: sorted features, a fixed start, no sampling)
  and an L2 penalty; its threshold is the one that maximises F1 on predictions made
  out of fold (articles split into ``FOLDS`` folds by id, each scored by a model fitted
  without it). F1 here counts kept candidates (the best per key) for precision and the
  gold items they cover for recall.
- **stance**: one multinomial logistic choice, fitted the same way on the matched
  reaction candidates that carry ``stance_features``.

Every number is rounded (``judges.DECIMALS``) and the keys sorted, so two trainings write
the same bytes, and ``--check`` can say whether the shipped file is the one the corpus
and the rules give. The file holds feature names and weights only, no corpus text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import numpy as np

from briefing.config import Settings
from briefing.errors import InputError
from briefing.evaluation.facts import (
    CORPORA,
    ArticleScore,
    GoldArticle,
    _asset_key,
    fold_numbers,
    gold_articles,
    score_facts,
    speakers_match,
)
from briefing.facts.candidates import Candidate
from briefing.facts.judges import Choice, Judge, Model, decide
from briefing.models import FACT_MODELS, Document, Facts, normalise_for_matching

Proposer = Callable[[Document], Sequence[Candidate]]

#: the L2 penalty of every fit (on the weights; the bias is barely held)
L2 = 1.0
BIAS_L2 = 1e-4
#: folds of the cross-validation that chooses each judge's threshold
FOLDS = 5
#: the out-of-fold precision a judge's threshold must reach: a brief that says fewer
#: things it can stand behind beats one that says more (the issue's floor is 0.80)
PRECISION_FLOOR = 0.88
#: the thresholds tried, 0.05 to 0.95
THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
NEWTON_STEPS = 50
CG_STEPS = 200


def default_proposer() -> Proposer:
    """The rules' proposer, imported when training starts (not when briefing loads).

    Raises:
        InputError: the rules propose no candidates (``briefing.facts.propose`` is missing).
    """
    import briefing.facts

    propose = getattr(briefing.facts, "propose", None)
    if propose is None:
        raise InputError("the rules propose no candidates: briefing.facts.propose is missing")
    return cast(Proposer, propose)


def _parts(settings: Settings, folds: int) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """The facts-corpus's ``train`` part, and all of facts-dev.jsonl (folds by id)."""
    corpus, dev = CORPORA["facts-corpus"], CORPORA["dev"]
    train = gold_articles(
        corpus.gold_path(settings),
        corpus.articles_path(settings),
        settings,
        corpus=corpus,
        part="train",
    )
    development = gold_articles(
        dev.gold_path(settings), dev.articles_path(settings), settings, corpus=dev, folds=folds
    )
    return train, development


def training_articles(settings: Settings) -> list[GoldArticle]:
    """The facts-corpus's ``train`` part and every entry of facts-dev.jsonl (``check`` never).

    Raises:
        InputError: a corpus file is missing.
    """
    train, development = _parts(settings, 1)
    return train + development


# -- labels --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A candidate with its label: the gold items (of its kind, by index) it matches."""

    article_id: str
    candidate: Candidate
    matches: frozenset[int]
    #: the gold stance of the first matched item (reactions)
    stance: str | None = None
    #: gold items it matches by the evaluation's rule in another sentence than theirs:
    #: another mention of a fact the gold holds once ("Lloyd was killed" after "the killing
    #: of Odin Lloyd"); neither a positive nor a negative for the fit, kept as the
    #: evaluation keeps it for the threshold
    mentions: frozenset[int] = frozenset()

    @property
    def label(self) -> bool:
        return bool(self.matches)

    @property
    def fitted(self) -> bool:
        """Whether the fit learns from it (not a mere other mention of a gold fact)."""
        return self.label or not self.mentions


def gold_span(document: Document, evidence: str) -> tuple[int, int] | None:
    """The sentences of ``document`` that hold the gold ``evidence`` (start, end), found in
    the matching text with any run of spaces as one; None when the text does not hold it."""
    words = normalise_for_matching(evidence).split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), document.article.match_text)
    if found is None:
        return None
    start, end = found.span()
    inside = [s for s in document.sentences if s.start < end and start < s.end]
    if inside:
        start, end = min(start, inside[0].start), max(end, inside[-1].end)
    return start, end


def _same(kind: str, gold: dict[str, Any], fact: Any) -> bool:
    """The evaluation's matching rule for one gold item and one fact of ``kind``."""
    if kind == "casualties":
        return bool((gold.get("status"), gold.get("count")) == (fact.status, fact.count))
    if kind == "deployments":
        same_asset = _asset_key(gold.get("asset")) == _asset_key(fact.asset)
        return same_asset and gold.get("count") == fact.count
    if kind == "reactions":
        return speakers_match(str(gold.get("speaker", "")), fact.speaker)
    return False


def label_candidates(article: GoldArticle, candidates: Iterable[Candidate]) -> list[Example]:
    """Each candidate labelled against the article's gold (see the module docstring)."""
    spans: dict[tuple[str, int], tuple[int, int] | None] = {}
    examples = []
    for candidate in candidates:
        fact = candidate.fact
        kind = fact.kind
        matches = []
        mentions = []
        for index, gold in enumerate(article.gold.get(kind, ())):
            if not _same(kind, gold, fact):
                continue
            mentions.append(index)
            if (kind, index) not in spans:
                spans[(kind, index)] = gold_span(article.document, str(gold.get("evidence", "")))
            span = spans[(kind, index)]
            if span is not None and fact.evidence.start < span[1] and span[0] < fact.evidence.end:
                matches.append(index)
        stance = None
        if matches and kind == "reactions":
            stance = article.gold[kind][matches[0]].get("stance")
        elsewhere = frozenset(mentions) - frozenset(matches)
        examples.append(
            Example(article.article_id, candidate, frozenset(matches), stance, elsewhere)
        )
    return examples


# -- fitting -------------------------------------------------------------------------------


class _Design:
    """Rows of features as a sparse matrix (COO arrays) over sorted feature names."""

    def __init__(self, rows: Sequence[dict[str, float] | Any]) -> None:
        self.names = sorted({name for row in rows for name in row})
        column = {name: i for i, name in enumerate(self.names)}
        r, c, v = [], [], []
        for i, row in enumerate(rows):
            for name in sorted(row):
                r.append(i)
                c.append(column[name])
                v.append(float(row[name]))
        self.rows = np.array(r, dtype=np.int64)
        self.cols = np.array(c, dtype=np.int64)
        self.vals = np.array(v, dtype=np.float64)
        self.n, self.d = len(rows), len(self.names)

    def times(self, w: np.ndarray) -> np.ndarray:
        """X w (one column of weights)."""
        return np.bincount(self.rows, weights=self.vals * w[self.cols], minlength=self.n)

    def transposed_times(self, u: np.ndarray) -> np.ndarray:
        """X^T u."""
        return np.bincount(self.cols, weights=self.vals * u[self.rows], minlength=self.d)


def _conjugate_gradient(hessp: Callable[[np.ndarray], np.ndarray], b: np.ndarray) -> np.ndarray:
    """Solve H x = b approximately: stop once the residual is below min(0.5, sqrt|b|)|b|
    (the usual truncated-Newton rule: loose far from the optimum, tight near it)."""
    x = np.zeros_like(b)
    r = b.copy()
    p = r.copy()
    rr = float(r @ r)
    norm = rr**0.5
    tolerance = min(0.5, norm**0.5) * norm
    for _ in range(CG_STEPS):
        if rr**0.5 <= tolerance or rr < 1e-20:
            break
        hp = hessp(p)
        alpha = rr / float(p @ hp)
        x += alpha * p
        r -= alpha * hp
        rr_new = float(r @ r)
        p = r + (rr_new / rr) * p
        rr = rr_new
    return x


def _newton(
    value_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    hessp: Callable[[np.ndarray, np.ndarray], np.ndarray],
    size: int,
) -> np.ndarray:
    """Minimise a smooth convex function from zero: Newton-CG steps with backtracking."""
    theta = np.zeros(size)
    value, grad = value_grad(theta)
    for _ in range(NEWTON_STEPS):
        if float(np.abs(grad).max(initial=0.0)) < 1e-7:
            break
        step = _conjugate_gradient(partial(hessp, theta), -grad)
        slope = float(grad @ step)
        scale = 1.0
        while scale > 1e-10:
            candidate = theta + scale * step
            new_value, new_grad = value_grad(candidate)
            if new_value <= value + 1e-4 * scale * slope:
                break
            scale /= 2
        theta, value, grad = candidate, new_value, new_grad
    return theta


def fit_judge(rows: Sequence[Any], labels: Sequence[bool], l2: float = L2) -> Judge:
    """A logistic judge fitted to the rows (threshold 0.5; ``train_judge`` chooses one)."""
    design = _Design(rows)
    y = np.array([1.0 if label else 0.0 for label in labels])
    d = design.d

    def margins(theta: np.ndarray) -> np.ndarray:
        return np.asarray(design.times(theta[:d]) + theta[d])

    def value_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        m = margins(theta)
        p = 1.0 / (1.0 + np.exp(-m))
        loss = float(np.sum(np.logaddexp(0.0, m) - y * m))
        loss += 0.5 * l2 * float(theta[:d] @ theta[:d]) + 0.5 * BIAS_L2 * theta[d] ** 2
        residual = p - y
        grad = np.empty(d + 1)
        grad[:d] = design.transposed_times(residual) + l2 * theta[:d]
        grad[d] = residual.sum() + BIAS_L2 * theta[d]
        return loss, grad

    def hessp(theta: np.ndarray, v: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-margins(theta)))
        u = p * (1.0 - p) * (design.times(v[:d]) + v[d])
        out = np.empty(d + 1)
        out[:d] = design.transposed_times(u) + l2 * v[:d]
        out[d] = u.sum() + BIAS_L2 * v[d]
        return out

    theta = _newton(value_grad, hessp, d + 1)
    weights = {name: float(theta[i]) for i, name in enumerate(design.names)}
    return Judge(weights=weights, bias=float(theta[d]))


def fit_choice(rows: Sequence[Any], labels: Sequence[str], l2: float = L2) -> Choice:
    """A multinomial logistic choice over the labels seen (sorted), fitted to the rows."""
    names = tuple(sorted(set(labels)))
    design = _Design(rows)
    d, k = design.d, len(names)
    y = np.zeros((design.n, k))
    for i, label in enumerate(labels):
        y[i, names.index(label)] = 1.0

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return theta[: d * k].reshape(d, k), theta[d * k :]

    def scores(theta: np.ndarray) -> np.ndarray:
        w, b = unpack(theta)
        return np.asarray(np.stack([design.times(w[:, j]) for j in range(k)], axis=1) + b)

    def softmax(s: np.ndarray) -> np.ndarray:
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def back(r: np.ndarray) -> np.ndarray:
        return np.stack([design.transposed_times(r[:, j]) for j in range(k)], axis=1)

    def value_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = unpack(theta)
        s = scores(theta)
        top = s.max(axis=1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(s - top).sum(axis=1))
        loss = float(np.sum(log_norm - (s * y).sum(axis=1)))
        loss += 0.5 * l2 * float(np.sum(w * w)) + 0.5 * BIAS_L2 * float(b @ b)
        residual = softmax(s) - y
        grad_w = back(residual) + l2 * w
        grad_b = residual.sum(axis=0) + BIAS_L2 * b
        return loss, np.concatenate([grad_w.ravel(), grad_b])

    def hessp(theta: np.ndarray, v: np.ndarray) -> np.ndarray:
        p = softmax(scores(theta))
        vw, vb = unpack(v)
        u = np.stack([design.times(vw[:, j]) for j in range(k)], axis=1) + vb
        r = p * u - p * (p * u).sum(axis=1, keepdims=True)
        return np.concatenate([(back(r) + l2 * vw).ravel(), r.sum(axis=0) + BIAS_L2 * vb])

    theta = _newton(value_grad, hessp, d * k + k)
    w, b = unpack(theta)
    weights = {
        label: {name: float(w[i, j]) for i, name in enumerate(design.names)}
        for j, label in enumerate(names)
    }
    return Choice(
        labels=names, weights=weights, biases={n: float(b[j]) for j, n in enumerate(names)}
    )


# -- thresholds ----------------------------------------------------------------------------


def best_threshold(scored: Sequence[tuple[float, Example]], gold_items: int) -> tuple[float, float]:
    """The threshold of ``THRESHOLDS`` with the highest F1 among those whose precision
    reaches ``PRECISION_FLOOR`` (none does: the most precise), and that F1 (ties: the lowest).

    Kept at a threshold: the best-scoring accepted candidate per (article, key); precision
    is the share of kept candidates that match gold, recall the share of the
    ``gold_items`` that kept candidates match.
    """
    rows = []
    for threshold in THRESHOLDS:
        kept: dict[tuple[str, Hashable], tuple[float, Example]] = {}
        for score, example in scored:
            if score < threshold:
                continue
            key = (example.article_id, example.candidate.key)
            if key not in kept or score > kept[key][0]:
                kept[key] = (score, example)
        positives = [e for _, e in kept.values() if e.label or e.mentions]
        covered = {(e.article_id, index) for e in positives for index in e.matches | e.mentions}
        precision = len(positives) / len(kept) if kept else 0.0
        recall = len(covered) / gold_items if gold_items else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((threshold, precision, f1))
    floor = [row for row in rows if row[1] >= PRECISION_FLOOR] or [max(rows, key=lambda r: r[1])]
    best = floor[0]
    for row in floor[1:]:
        if row[2] > best[2] + 1e-12:
            best = row
    return best[0], max(best[2], 0.0)


def train_judge(
    examples: Sequence[Example], gold_items: int, fold_of: dict[str, int], l2: float = L2
) -> Judge:
    """A judge fitted on all ``examples``, its threshold chosen out of fold."""
    scored: list[tuple[float, Example]] = []
    for fold in sorted(set(fold_of.values())):
        inside = [e for e in examples if fold_of[e.article_id] != fold]
        held = [e for e in examples if fold_of[e.article_id] == fold]
        if not held:
            continue
        inside = [e for e in inside if e.fitted]
        judge = fit_judge([e.candidate.features for e in inside], [e.label for e in inside], l2)
        scored += [(judge.score(e.candidate.features), e) for e in held]
    threshold, _ = best_threshold(scored, gold_items)
    fitted = [e for e in examples if e.fitted]
    judge = fit_judge([e.candidate.features for e in fitted], [e.label for e in fitted], l2)
    return Judge(weights=judge.weights, bias=judge.bias, threshold=threshold)


# -- the model -----------------------------------------------------------------------------


def propose_all(articles: Iterable[GoldArticle], proposer: Proposer) -> dict[str, list[Example]]:
    """Every article's candidates, labelled (proposed once: candidates ignore the weights)."""
    return {a.article_id: label_candidates(a, proposer(a.document)) for a in articles}


def _gold_count(article: GoldArticle, kind: str) -> int:
    return len(article.gold.get(kind, ()))


def train_model(
    articles: Sequence[GoldArticle],
    labelled: dict[str, list[Example]],
    *,
    l2: float = L2,
    folds: int = FOLDS,
) -> Model:
    """The judges and the stance choice fitted on ``articles`` (their labelled candidates)."""
    fold_of = fold_numbers([a.article_id for a in articles], folds)
    by_judge: dict[str, list[Example]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for article in articles:
        for example in labelled[article.article_id]:
            if not example.candidate.judge:
                continue  # a rule that does not ask a judge
            by_judge[example.candidate.judge].append(example)
            kinds.setdefault(example.candidate.judge, example.candidate.fact.kind)
    judges = {}
    for name in sorted(by_judge):
        gold_items = sum(_gold_count(a, kinds[name]) for a in articles)
        judges[name] = train_judge(by_judge[name], gold_items, fold_of, l2)
    stance = [
        e
        for examples in by_judge.values()
        for e in examples
        if e.label and e.stance and e.candidate.stance_features is not None
    ]
    choices = {}
    if stance:
        choices["stance"] = fit_choice(
            [e.candidate.stance_features for e in stance], [str(e.stance) for e in stance], l2
        )
    metadata = {
        "articles": len(articles),
        "candidates": {
            name: {"all": len(ex), "positive": sum(e.label for e in ex)}
            for name, ex in sorted(by_judge.items())
        },
        "folds": folds,
        "l2": l2,
        "stance_examples": len(stance),
        "trained_on": "facts-corpus part train and facts-dev.jsonl (briefing facts train)",
    }
    return Model(judges=judges, choices=choices, metadata=metadata)


def build_model(settings: Settings, proposer: Proposer | None = None) -> Model:
    """The model ``briefing facts train`` writes: trained on the training articles.

    Raises:
        InputError: a corpus file is missing.
    """
    articles = training_articles(settings)
    labelled = propose_all(articles, proposer or default_proposer())
    return train_model(articles, labelled)


def facts_of(candidates: Iterable[Candidate], model: Model) -> Facts:
    """The decided candidates as ``Facts`` (by kind, in evidence order)."""
    decided = decide(candidates, model)
    return Facts(**{kind: [f for f in decided if f.kind == kind] for kind in FACT_MODELS})


def heldout_scores(
    chosen: Sequence[GoldArticle],
    settings: Settings,
    folds: int,
    proposer: Proposer | None = None,
) -> list[ArticleScore]:
    """Each chosen dev article scored with weights trained without its fold.

    ``chosen`` are dev articles with the folds of ``--folds K``. Training data per fold:
    the facts-corpus's ``train`` part and the dev articles of the other folds. Candidates
    are proposed once per article and reused by every fold's training.

    Raises:
        InputError: a corpus file is missing.
    """
    proposer = proposer or default_proposer()
    train, development = _parts(settings, folds)
    labelled = propose_all([*train, *development], proposer)
    results = []
    for fold in sorted({a.fold for a in chosen}):
        scored_here = {a.article_id for a in chosen if a.fold == fold}
        kept = [a for a in development if a.fold != fold and a.article_id not in scored_here]
        model = train_model([*train, *kept], labelled)
        for article in chosen:
            if article.article_id in scored_here:
                if article.article_id not in labelled:
                    labelled[article.article_id] = label_candidates(
                        article, proposer(article.document)
                    )
                candidates = [e.candidate for e in labelled[article.article_id]]
                results.append(score_facts(article, facts_of(candidates, model)))
    return results


def shipped_weights_path() -> Path:
    """The weights file in this checkout's package (what ``shipped_model`` reads)."""
    import briefing.facts

    return Path(briefing.facts.__file__).parent / "data" / "weights.json"
