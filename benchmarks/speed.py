"""Speed of the full brief against sumy's LexRank and TextRank and the text-processing floor.

Usage::

    python benchmarks/speed.py [--sizes 1,2,4,8,16] [--runs 5]

Inputs are 1, 2, 4, 8 and 16 times the seed article (``seeds/*.txt``): the headline, then
that many copies of the seed's paragraphs, each copy in its own shuffled order (fixed
random seed), so the text never repeats the seed verbatim. In the same run it times (median
of ``--runs`` runs, caches warm as in a long-running service):

- ``brief``: ``build_brief(text, method="news")``: ingest, split, rank and facts;
- ``lexrank`` / ``textrank``: sumy's summarizers alone, called directly on a sumy document
  built beforehand from our sentences (the ranker alone, nothing else timed);
- ``floor``: split into sentences + tokenise + stem, the least any summariser must do.

Then it prints the ratios the targets are about, and the peak RSS of a fresh process that
builds the 16x brief (VmHWM, else ``resource.getrusage``, in a subprocess), and that brief's peak
Python allocation (``tracemalloc``).
Targets: brief >= 5x faster than LexRank at 1x and >= 50x at 16x; brief(16x) <= 20 x
brief(1x).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_text() -> str:
    """The first seed article (the project's own sample)."""
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no seed article in {SEEDS}")
    return paths[0].read_text(encoding="utf-8")


def scaled_input(seed: str, factor: int) -> str:
    """The headline and ``factor`` copies of the seed's paragraphs, each copy shuffled."""
    headline, _, body = seed.strip().partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    rng = random.Random(factor)
    parts = [headline.strip()]
    for _ in range(factor):
        copy = paragraphs[:]
        rng.shuffle(copy)
        parts.extend(copy)
    return "\n\n".join(parts) + "\n"


def median_time(func: Callable[[], Any], runs: int) -> float:
    """Median wall time of ``runs`` calls, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sumy_document(text: str) -> Any:
    """A sumy document of our own sentences (built outside the timed part)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    from briefing.ingest import read_article
    from briefing.summarise.sumy_rankers import _WordTokenizer
    from briefing.text import build_document

    document = build_document(read_article(text))
    tokenizer = _WordTokenizer("en")
    paragraphs: dict[int, list[Any]] = {}
    for sentence in document.body:
        paragraphs.setdefault(sentence.paragraph, []).append(SumySentence(sentence.text, tokenizer))
    return ObjectDocumentModel([Paragraph(s) for _, s in sorted(paragraphs.items())])


def sumy_summarizer(name: str) -> Any:
    """sumy's LexRank or TextRank with our stemmer and stop words, as our ranker builds it."""
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    from briefing.text.words import stem, stop_words

    summarizer = (LexRankSummarizer if name == "lexrank" else TextRankSummarizer)(stem)
    summarizer.stop_words = stop_words()
    return summarizer


def floor(text: str) -> None:
    """Split into sentences, tokenise and stem: no ranking, no objects."""
    from briefing.text import content_stems, split_sentences, tokenize_words

    for paragraph in text.split("\n\n"):
        for start, end in split_sentences(paragraph):
            content_stems(tokenize_words(paragraph[start:end]))


def peak_memory(factor: int) -> tuple[int, int, int]:
    """A fresh process building one brief: peak RSS (KiB, VmHWM) after imports and after
    the brief, and the brief's own peak Python allocation (bytes, tracemalloc, separate run).
    """
    code = (
        "import resource, sys, tracemalloc\n"
        # ru_maxrss survives fork+exec on Linux (it would report this parent's peak), so
        # read the fresh address space's high-water mark where /proc has it.
        "def peak():\n"
        "    try:\n"
        "        for line in open('/proc/self/status'):\n"
        "            if line.startswith('VmHWM:'):\n"
        "                return int(line.split()[1])\n"
        "    except OSError:\n"
        "        pass\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from benchmarks.speed import scaled_input, seed_text\n"
        "from briefing import build_brief\n"
        "import briefing.summarise.news, sumy.summarizers.lex_rank\n"
        f"text = scaled_input(seed_text(), {factor})\n"
        "build_brief('A warm-up sentence for the caches. And another one here.')\n"
        "before = peak()\n"
        "build_brief(text, method='news')\n"
        "after = peak()\n"
        "tracemalloc.start()\n"
        "build_brief(text, method='news')\n"
        "heap = tracemalloc.get_traced_memory()[1]\n"
        "print(before, after, heap)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(output[0]), int(output[1]), int(output[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8,16")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from briefing import build_brief
    from briefing.text import tokenize_words

    seed = seed_text()
    print(f"seed: {len(seed):,} chars; median of {args.runs} runs; times in ms")
    header = (
        f"{'size':>4} {'words':>7} {'sents':>6} {'brief':>9} {'floor':>9} "
        f"{'lexrank':>9} {'textrank':>9} {'lex/brief':>9} {'text/brief':>10} {'brief/floor':>11}"
    )
    print(header)
    print("-" * len(header))
    briefs: dict[int, float] = {}
    lexranks: dict[int, float] = {}
    for factor in sizes:
        text = scaled_input(seed, factor)

        document = sumy_document(text)
        sentences = len(document.sentences)
        runs = args.runs if factor <= 4 else max(1, args.runs // 2)
        t_brief = median_time(lambda text=text: build_brief(text, method="news"), args.runs)
        t_floor = median_time(lambda text=text: floor(text), args.runs)
        lexrank, textrank = sumy_summarizer("lexrank"), sumy_summarizer("textrank")
        t_lex = median_time(lambda d=document, s=lexrank: s(d, 5), runs)
        t_text = median_time(lambda d=document, s=textrank: s(d, 5), runs)
        briefs[factor], lexranks[factor] = t_brief, t_lex
        print(
            f"{factor:>3}x {len(tokenize_words(text)):>7,} {sentences:>6} "
            f"{1000 * t_brief:>9.1f} {1000 * t_floor:>9.1f} {1000 * t_lex:>9.1f} "
            f"{1000 * t_text:>9.1f} {t_lex / t_brief:>9.1f} {t_text / t_brief:>10.1f} "
            f"{t_brief / t_floor:>11.2f}"
        )
    print()
    smallest, largest = min(sizes), max(sizes)
    print("targets:")
    if smallest == 1:
        ratio = lexranks[1] / briefs[1]
        print(f"  lexrank / brief at 1x:   {ratio:7.1f}  (target >= 5)   {_ok(ratio >= 5)}")
    if largest == 16:
        ratio = lexranks[16] / briefs[16]
        print(f"  lexrank / brief at 16x:  {ratio:7.1f}  (target >= 50)  {_ok(ratio >= 50)}")
    if smallest == 1 and largest == 16:
        growth = briefs[16] / briefs[1]
        print(f"  brief 16x / brief 1x:    {growth:7.1f}  (target <= 20)  {_ok(growth <= 20)}")
    before, after, heap = peak_memory(largest)
    print(
        f"memory, fresh process, {largest}x brief: peak RSS {after / 1024:.1f} MiB "
        f"({before / 1024:.1f} MiB after imports and a warm-up brief); "
        f"peak Python allocation during the brief {heap / 2**20:.1f} MiB (tracemalloc)"
    )
    return 0


def _ok(passed: bool) -> str:
    return "ok" if passed else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
