"""How long extract_facts takes per corpus article, against splitting the same articles.

Run: ``python benchmarks/facts_speed.py [--limit N]``. The budget (issue 17) is a median of
at most 10 ms per article of the facts corpus (its ``train`` part and the dev articles:
timing reads no gold), with the weights file under 5 MB. Each article is a fresh
``Document``, so the reader's one-document cache never answers; CPU time
(``time.process_time``) is reported next to wall time because these machines are shared.
The baseline, measured in the same run on the same articles, is ``build_document``
(splitting and stemming), so the ratio says whether the facts stay cheap beside the rest
of the pipeline whatever the machine's speed. A fresh interpreter then times the first
call (the lexicon and the weights load on first use, not at import).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from briefing.config import Settings
from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import ArticleMeta
from briefing.text import build_document

TARGET_MS = 10.0
WEIGHTS = Path(__file__).resolve().parent.parent / "briefing" / "facts" / "data" / "weights.json"
FIRST_CALL = """
import time
started = time.process_time()
import briefing
from briefing import build_brief
imported = time.process_time()
build_brief("Three soldiers were killed on Saturday, the army said.", facts=True)
print(imported - started, time.process_time() - imported)
"""


def texts(corpus: Path, limit: int) -> list[str]:
    """Article texts: the facts corpus's ``train`` part, then the dev articles."""
    found = []
    with (corpus / "facts-corpus" / "articles.jsonl").open(encoding="utf-8") as lines:
        found += [a["text"] for a in map(json.loads, lines) if a["split"] == "train"]
    with (corpus / "facts-articles.jsonl").open(encoding="utf-8") as lines:
        found += [a["text"] for a in map(json.loads, lines)]
    return found[:limit]


def timed(func: object, documents: list[object]) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for document in documents:
        started, clock = time.process_time(), time.perf_counter()
        func(document)  # type: ignore[operator]
        cpu.append((time.process_time() - started) * 1000)
        wall.append((time.perf_counter() - clock) * 1000)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=10_000)
    args = parser.parse_args()
    settings = Settings.from_env()
    articles = [
        read_article(text.encode("utf-8"), meta=ArticleMeta(), limits=settings.limits)
        for text in texts(settings.corpus_path, args.limit)
    ]
    extract_facts(build_document(articles[0]))  # lexicon and weights loaded once
    split_cpu, _ = timed(build_document, articles)  # type: ignore[arg-type]
    documents = [build_document(article) for article in articles]
    facts_cpu, facts_wall = timed(extract_facts, documents)  # type: ignore[arg-type]
    facts_median = statistics.median(facts_cpu)
    print(f"{len(articles)} articles (facts-corpus train and dev)")
    print(f"baseline build_document: median {statistics.median(split_cpu):.2f} ms CPU")
    print(
        f"extract_facts:           median {facts_median:.2f} ms CPU "
        f"({statistics.median(facts_wall):.2f} ms wall), 90th percentile "
        f"{statistics.quantiles(facts_cpu, n=10)[-1]:.2f} ms, max {max(facts_cpu):.2f} ms"
    )
    print(f"ratio facts / split (median): {facts_median / statistics.median(split_cpu):.2f}")
    print(f"target <= {TARGET_MS:.0f} ms: {'meets' if facts_median <= TARGET_MS else 'misses'}")
    size = WEIGHTS.stat().st_size
    print(f"weights: {size:,} bytes (budget 5 MB: {'meets' if size <= 5_000_000 else 'misses'})")
    out = subprocess.run(
        [sys.executable, "-c", FIRST_CALL], capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"fresh process: import briefing {float(out[0]) * 1000:.0f} ms CPU, "
        f"first brief with facts {float(out[1]) * 1000:.0f} ms CPU (lexicon and weights load)"
    )


if __name__ == "__main__":
    main()
