"""Sentence splitter speed and Golden Rules score: briefing vs pysbd vs plain NLTK Punkt.

Run:  pip install -e '.[bench]' && python benchmarks/splitter_speed.py [--articles 150]

All three splitters run in the same process on the same input: the seed article's
paragraphs shuffled and repeated, plus corpus articles when the shared corpus is present
(``BRIEFING_CORPUS`` or ../shared/corpus). It prints the Golden Rules score of each, the
sentences per second (median of several runs), and each speed as a multiple of pysbd's.
The target (issue 6) is briefing at 20 times pysbd's speed or better.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.config import Settings
from briefing.evaluation import read_jsonl
from briefing.evaluation.splitter import briefing_sentences, load_rules, score_splitter
from briefing.text.sentences import abbreviations

ROOT = Path(__file__).resolve().parent.parent
Splitter = Callable[[str], Sequence[str]]


def seed_texts(copies: int, rng: random.Random) -> list[str]:
    """The seed articles' paragraphs, shuffled, ``copies`` times over (no verbatim repeat)."""
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    texts = []
    for _ in range(copies):
        rng.shuffle(paragraphs)
        texts.append("\n\n".join(paragraphs))
    return texts


def corpus_texts(corpus: Path, articles: int) -> list[str]:
    """Up to ``articles`` texts from each news corpus present (dev splits only)."""
    texts: list[str] = []
    for name in (
        "cnndm-test-frank250/dev.jsonl",
        "bbc-news-summary/dev.jsonl",
        "facts-articles.jsonl",
    ):
        path = corpus / name
        if not path.exists():
            continue
        for number, item in enumerate(read_jsonl(path)):
            if number >= articles:
                break
            if isinstance(item.get("text"), str):
                texts.append(item["text"])
    return texts


def plain_punkt() -> Splitter:
    """NLTK Punkt with nothing but our abbreviation list: the plain baseline."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    tokenizer = PunktSentenceTokenizer(params)
    return lambda text: [text[s:e] for s, e in tokenizer.span_tokenize(text)]


def pysbd_splitter() -> Splitter | None:
    """pysbd's English segmenter, or None when the bench extra is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: [str(s) for s in segmenter.segment(text)]


def time_splitter(splitter: Splitter, texts: Sequence[str], runs: int) -> tuple[int, float]:
    """Sentences found and the median seconds of ``runs`` passes over ``texts``."""
    timings = []
    count = 0
    for _ in range(runs):
        start = time.perf_counter()
        count = sum(len(splitter(text)) for text in texts)
        timings.append(time.perf_counter() - start)
    return count, statistics.median(timings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150, help="articles per corpus file")
    parser.add_argument("--seed-copies", type=int, default=8, help="shuffled seed copies")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median is shown)")
    parser.add_argument("--pysbd-runs", type=int, default=1, help="timed runs for pysbd")
    args = parser.parse_args(argv)

    splitters: dict[str, Splitter] = {"briefing": briefing_sentences, "nltk-punkt": plain_punkt()}
    pysbd = pysbd_splitter()
    if pysbd is None:
        print("pysbd is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    splitters["pysbd"] = pysbd

    corpus = Settings.from_env().corpus_path
    rng = random.Random(20200103)
    texts = seed_texts(args.seed_copies, rng)
    extra = corpus_texts(corpus, args.articles) if corpus.is_dir() else []
    if not extra:
        print(f"(no corpus at {corpus}: timing on the seed only)", file=sys.stderr)
    texts += extra
    chars = sum(len(t) for t in texts)
    print(f"input: {len(texts)} texts, {chars:,} characters ({len(extra)} corpus articles)")

    rules_path = corpus / "golden-rules-en.jsonl"
    rules = load_rules(rules_path) if rules_path.exists() else None

    rows = []
    for name, splitter in splitters.items():
        runs = args.pysbd_runs if name == "pysbd" else args.runs
        count, seconds = time_splitter(splitter, texts, runs)
        golden = score_splitter(rules, splitter) if rules else None
        score = f"{golden.passed}/{golden.total}" if golden else "n/a"
        rows.append((name, score, count, seconds, count / seconds))
    baseline = next(r[4] for r in rows if r[0] == "pysbd")
    header = ("splitter", "golden", "sentences", "seconds", "sent/s", "x pysbd")
    print("{:<12} {:>7} {:>10} {:>9} {:>10} {:>8}".format(*header))
    for name, score, count, seconds, rate in rows:
        print(
            f"{name:<12} {score:>7} {count:>10,} {seconds:>9.3f} {rate:>10,.0f} "
            f"{rate / baseline:>8.1f}"
        )
    ratio = rows[0][4] / baseline
    verdict = "meets" if ratio >= 20 else "MISSES"
    print(f"briefing is {ratio:.1f}x pysbd's speed: {verdict} the 20x target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
