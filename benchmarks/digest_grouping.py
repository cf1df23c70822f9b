"""Tuning aid for same-story grouping: prints article pairs around the thresholds.

Usage: python benchmarks/digest_grouping.py [DEV.jsonl] [--low 0.38] [--high 0.60]

Reads a ``dev`` split of the shared corpus (never a test split), scores every pair of
articles as ``briefing.digest.grouping`` does, and prints the pairs whose story score falls
between --low and --high with their headlines, for a person to judge: same event or not.
Then prints how many stories the whole file groups into. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

from briefing.digest.grouping import EVENT_SCORE, group_articles, pair_scores, text_features

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpus/bbc-news-summary/dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--low", type=float, default=0.38)
    parser.add_argument("--high", type=float, default=0.60)
    args = parser.parse_args()
    if "/test" in str(args.path):
        print("refusing a test split: tune on dev only", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.path.open(encoding="utf-8") if line.strip()]
    features = [text_features(r.get("title") or "", r["text"]) for r in rows]
    pairs = []
    for i, j in itertools.combinations(range(len(rows)), 2):
        if not features[i].names & features[j].names:
            continue
        scores = pair_scores(features[i], features[j])
        if args.low <= scores["score"] <= args.high:
            pairs.append((scores, i, j))
    pairs.sort(key=lambda p: -p[0]["score"])
    for scores, i, j in pairs:
        mark = "MERGE" if scores["score"] >= EVENT_SCORE else "     "
        print(
            f"{mark} score {scores['score']:.3f} names {scores['names']:.3f} "
            f"words {scores['words']:.3f} shingles {scores['containment']:.2f} | "
            f"{_label(rows[i])[:50]} || {_label(rows[j])[:50]}"
        )
    start = time.perf_counter()
    grouping = group_articles(features)
    seconds = time.perf_counter() - start
    multi = [s for s in grouping.stories if len(s) > 1]
    print(
        f"\n{len(rows)} articles -> {len(grouping.stories)} stories "
        f"({len(multi)} with several articles, {len(grouping.duplicates)} near-duplicate pairs) "
        f"in {seconds:.2f} s"
    )
    for story in multi:
        print("  story: " + " || ".join(_label(rows[i])[:40] for i in story))
    return 0


def _label(row: dict[str, str]) -> str:
    return row.get("title") or row["text"][:60].replace("\n", " ")


if __name__ == "__main__":
    sys.exit(main())
