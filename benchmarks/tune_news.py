"""Tune the ``news`` ranker's weights on a DEV split (never on test).

Usage::

    python benchmarks/tune_news.py [--corpus ../shared/corpus/cnndm-test-frank250/dev.jsonl]
                                   [--passes 3] [--sentences 3]

Builds every article once (ingest + split + features: the code ``build_brief`` runs), then
does coordinate search over a grid per weight, maximising ROUGE-1 + ROUGE-2 F1 of
``news`` at 3 sentences. Prints ``lead`` in the same run, the starting and the best
weights, as a ``NewsWeights(...)`` literal to paste into ``briefing/summarise/news.py``.

Refuses any file whose name does not start with ``dev``: held-out splits stay held out.

Caution: the search fits 74 articles. ``benchmarks/cv_news.py --nested`` re-runs it inside
5-fold cross-validation from a neutral start: the held-out gain over ``lead`` is about
-0.4 ROUGE-1 (spread +-1.2 over folds), so a better dev score from this script is not by
itself a reason to ship new weights.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import random
import sys
from pathlib import Path

from briefing.evaluation.summary import RougeScorer, load_items
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Sentence
from briefing.summarise import Length
from briefing.summarise.lead import LeadRanker
from briefing.summarise.news import NewsFeatures, NewsRanker, NewsWeights
from briefing.summarise.selection import eligible_sentences
from briefing.text import build_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "cnndm-test-frank250" / "dev.jsonl"

#: candidate values per weight; the search moves one weight at a time. ``headline`` is
#: not searched: CNN/DailyMail items have no headline, so dev cannot inform it and it
#: keeps its documented default.
GRID: dict[str, list[float]] = {
    "position": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "position_decay": [1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0],
    "centrality": [0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0],
    "lead": [0.0, 0.1, 0.2, 0.3, 0.5, 0.8],
    "forward": [0.0, 0.1, 0.2, 0.4, 0.6, 1.0, 1.5, 2.0],
    "backward": [0.0, 0.1, 0.2, 0.4, 0.6, 1.0, 1.5, 2.0],
    "specifics": [0.0, 0.1, 0.2, 0.3, 0.5],
    "dangling": [0.0, 0.1, 0.25, 0.4, 0.6, 1.0],
    "quote": [0.0, 0.1, 0.2, 0.3, 0.5, 0.8],
    "short": [0.0, 0.15, 0.3, 0.5, 1.0],
    "wordiness": [0.0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "long": [0.0, 0.1, 0.2, 0.4, 0.8, 1.5],
    "redundancy": [0.0, 0.2, 0.4, 0.7, 1.0, 1.5],
    "duplicate": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
    "short_words": [4, 6, 8, 10, 12],
    "long_words": [25, 30, 35, 40, 45, 55, 70],
}


@dataclasses.dataclass
class Prepared:
    reference: str
    candidates: list[Sentence]
    features: NewsFeatures


class Evaluator:
    """Scores weights on prepared articles; caches ROUGE by the chosen sentence ids."""

    def __init__(self, prepared: list[Prepared], sentences: int) -> None:
        self.prepared = prepared
        self.length = Length(sentences=sentences)
        self.rouge = RougeScorer()
        self.cache: dict[tuple[int, tuple[int, ...]], tuple[float, float, float]] = {}

    def _score(self, number: int, chosen: tuple[int, ...], summary: str) -> tuple[float, ...]:
        key = (number, chosen)
        if key not in self.cache:
            self.cache[key] = self.rouge.score(self.prepared[number].reference, summary)
        return self.cache[key]

    def mean(self, weights: NewsWeights) -> tuple[float, float, float]:
        """Mean R1/R2/RLsum of ``news`` with ``weights``."""
        totals = [0.0, 0.0, 0.0]
        for number, item in enumerate(self.prepared):
            summary = NewsRanker(weights).select(item.candidates, item.features, self.length)
            text = "\n".join(" ".join(s.text.split()) for s in summary)
            for i, value in enumerate(self._score(number, tuple(s.index for s in summary), text)):
                totals[i] += value
        n = len(self.prepared)
        return totals[0] / n, totals[1] / n, totals[2] / n


def prepare(path: Path, limit: int | None) -> tuple[list[Prepared], list[str]]:
    """Every article built once; also the lead summaries (for the baseline line)."""
    prepared: list[Prepared] = []
    leads: list[str] = []
    for item in load_items(path, limit):
        article = read_article(item.text, meta=ArticleMeta(title=item.title or None))
        document = build_document(article)
        candidates = eligible_sentences(document)
        prepared.append(Prepared(item.reference, candidates, NewsFeatures.of(document, candidates)))
        lead = LeadRanker()(document, Length(sentences=3))
        leads.append("\n".join(" ".join(s.text.split()) for s in lead))
    return prepared, leads


def objective(scores: tuple[float, float, float]) -> float:
    """What the search maximises: ROUGE-1 + ROUGE-2 (the two targets)."""
    return scores[0] + scores[1]


def descend(
    evaluator: Evaluator, start: NewsWeights, passes: int
) -> tuple[NewsWeights, tuple[float, float, float]]:
    """Coordinate search from ``start``: one weight at a time, over its grid."""
    best, best_scores = start, evaluator.mean(start)
    for _ in range(passes):
        improved = False
        for name, values in GRID.items():
            for value in values:
                trial = dataclasses.replace(best, **{name: type(getattr(best, name))(value)})
                scores = evaluator.mean(trial)
                if objective(scores) > objective(best_scores) + 1e-9:
                    best, best_scores, improved = trial, scores, True
        if not improved:
            break
    return best, best_scores


def random_start(rng: random.Random) -> NewsWeights:
    """Weights drawn from the grid: restarts escape the lead-only local optimum."""
    default = NewsWeights()
    return NewsWeights(
        **{name: type(getattr(default, name))(rng.choice(values)) for name, values in GRID.items()}
    )


_EVALUATOR: Evaluator | None = None


def _descend_from(job: tuple[NewsWeights, int]) -> tuple[NewsWeights, tuple[float, float, float]]:
    assert _EVALUATOR is not None
    return descend(_EVALUATOR, job[0], job[1])


def main() -> int:
    global _EVALUATOR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--restarts", type=int, default=15, help="random starting points")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not args.corpus.name.startswith("dev"):
        print(f"refusing to tune on {args.corpus}: use a dev split", file=sys.stderr)
        return 2
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus} (the shared corpora live in ../shared/corpus)")
        return 1
    prepared, leads = prepare(args.corpus, args.limit)
    _EVALUATOR = evaluator = Evaluator(prepared, args.sentences)
    lead = evaluator.rouge.mean((p.reference, s) for p, s in zip(prepared, leads, strict=True))
    current = evaluator.mean(NewsWeights())
    print(f"{len(prepared)} articles of {args.corpus}")
    print(f"lead       R1 {lead[0]:.2f}  R2 {lead[1]:.2f}  RLsum {lead[2]:.2f}")
    print(f"current    R1 {current[0]:.2f}  R2 {current[1]:.2f}  RLsum {current[2]:.2f}")
    rng = random.Random(args.seed)
    starts = [NewsWeights()] + [random_start(rng) for _ in range(args.restarts)]
    jobs = [(start, args.passes) for start in starts]
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        results = pool.map(_descend_from, jobs)
    for number, (_, scores) in enumerate(results):
        print(f"start {number:<3}  R1 {scores[0]:.2f}  R2 {scores[1]:.2f}  RLsum {scores[2]:.2f}")
    best, best_scores = max(results, key=lambda result: objective(result[1]))
    print(
        f"best       R1 {best_scores[0]:.2f}  R2 {best_scores[1]:.2f}  RLsum {best_scores[2]:.2f}"
    )
    print(f"news-lead  R1 {best_scores[0] - lead[0]:+.2f}  R2 {best_scores[1] - lead[1]:+.2f}")
    print(best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
