"""How long extract_facts takes on the seed, against splitting the same article.

Run: ``python benchmarks/facts_speed.py [--repeat N]``. The target is under 10 ms (issue 13) for the
~1,600-word seed; the ratio to splitting (measured in the same run, on the same machine)
says whether the rules stay cheap next to the rest of the pipeline.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.text import build_document, tokenize_words

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8b6ec4914fcd75e2.txt"
TARGET_MS = 10.0


def best_of(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Fastest and median wall time of ``func`` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    article = read_article(SEED.read_bytes(), filename=SEED.name)
    document = build_document(article)
    words = len(tokenize_words(article.text))
    split_best, split_median = best_of(lambda: build_document(article), args.repeat)
    facts_best, facts_median = best_of(lambda: extract_facts(document), args.repeat)
    facts = extract_facts(document)
    print(f"seed: {words:,} words, {len(document.sentences)} sentences, {len(facts)} facts")
    print(f"baseline build_document: best {split_best:.2f} ms, median {split_median:.2f} ms")
    print(f"extract_facts:           best {facts_best:.2f} ms, median {facts_median:.2f} ms")
    print(f"ratio facts / split (median): {facts_median / split_median:.2f}")
    verdict = "meets" if facts_median < TARGET_MS else "misses"
    print(f"target < {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
