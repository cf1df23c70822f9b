"""Key-facts quality on the dev gold, against issue 13's targets, per fold and pooled.

Run: ``python benchmarks/facts_quality.py [--folds K]``. Prints the figures on all 48 dev
articles (per fold and pooled) and on the 37 articles annotated after the first rules were
written (never tuned on before issue 13), then each target with its verdict. The targets are
on articles the rules were not tuned on: F1 >= 0.90 casualties and deployments, >= 0.85
reactions, stance accuracy >= 0.80. Needs the shared corpus (``BRIEFING_CORPUS``).
"""

from __future__ import annotations

import argparse
import sys

from briefing.config import Settings
from briefing.errors import BriefingError
from briefing.evaluation.facts import fold_table, pooled, score_articles

TARGETS = {"casualties": 0.90, "deployments": 0.90, "reactions": 0.85}
STANCE_TARGET = 0.80


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=4)
    args = parser.parse_args()
    settings = Settings()
    gold = settings.corpus_path / "facts-dev.jsonl"
    articles = settings.corpus_path / "facts-articles.jsonl"
    try:
        every = score_articles(gold, articles, settings, folds=args.folds, part="articles")
        new = score_articles(gold, articles, settings, folds=args.folds, part="new")
    except BriefingError as exc:
        print(f"facts_quality: {exc}", file=sys.stderr)
        return 1
    print(f"all {len(every)} dev articles, {args.folds} folds:")
    print(fold_table(every, args.folds))
    print(f"\nthe {len(new)} new articles:")
    report = pooled(new)
    print(report.table())
    print("\ntargets (the 37 new articles):")
    for name, target in TARGETS.items():
        f1 = report.scores[name].f1
        verdict = "meets" if f1 >= target else f"misses by {target - f1:.2f}"
        print(f"  {name:<12} F1 {f1:.3f} >= {target:.2f}: {verdict}")
    stance = report.stance_accuracy
    verdict = "meets" if stance >= STANCE_TARGET else f"misses by {STANCE_TARGET - stance:.2f}"
    print(f"  {'stance':<12} acc {stance:.3f} >= {STANCE_TARGET:.2f}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
