"""Summary quality: ROUGE of every ranker against reference highlights, in one run.

Each summary is built by ``build_brief`` (ingest, split, rank: the code users run; facts
are switched off because they do not change the summary), so the scores and the
milliseconds per article describe exactly what ``briefing brief --method M`` produces.
ROUGE is Google's ``rouge-score`` package with the Porter stemmer on; ``rougeLsum`` gets
one sentence per line on both sides, as that package expects.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.brief import build_brief
from briefing.config import Settings
from briefing.errors import BriefingError, InputError
from briefing.evaluation import read_jsonl
from briefing.options import BriefOptions

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class SummaryItem:
    """One corpus article with its reference summary (sentences one per line)."""

    id: str
    title: str
    text: str
    reference: str


@dataclass(frozen=True)
class MethodScore:
    """Mean ROUGE F1 (x100) and mean milliseconds per article of one method."""

    method: str
    rouge1: float
    rouge2: float
    rouge_lsum: float
    ms_per_article: float
    articles: int
    failures: int


def load_items(path: Path, limit: int | None = None) -> list[SummaryItem]:
    """The first ``limit`` items (all when ``None``) of a summary corpus in JSON Lines.

    Raises:
        InputError: the file is missing, or a line lacks ``text`` or ``reference``.
    """
    items: list[SummaryItem] = []
    for number, raw in enumerate(read_jsonl(path), start=1):
        if limit is not None and len(items) >= limit:
            break
        text, reference = raw.get("text"), raw.get("reference")
        if not isinstance(text, str) or not isinstance(reference, str):
            raise InputError(f'{path}: item {number} needs "text" and "reference" strings')
        title = raw.get("title")
        items.append(
            SummaryItem(
                id=str(raw.get("id", number)),
                title=title if isinstance(title, str) else "",
                text=text,
                reference=reference,
            )
        )
    if not items:
        raise InputError(f"{path}: no articles")
    return items


def summarise_item(
    item: SummaryItem, method: str, sentences: int, settings: Settings | None = None
) -> str:
    """The summary ``briefing brief`` gives for ``item``, one sentence per line."""
    brief = build_brief(
        item.text,
        title=item.title or None,
        method=method,
        sentences=sentences,
        facts=False,
        id=item.id,
        limits=(settings or Settings()).limits,
    )
    return "\n".join(" ".join(s.text.split()) for s in brief.summary.sentences)


class RougeScorer:
    """``rouge-score`` with stemming; mean F1 x100 over a set of summaries."""

    def __init__(self) -> None:
        try:
            from rouge_score import rouge_scorer
        except ImportError:  # pragma: no cover - depends on the install
            raise InputError(
                "ROUGE needs rouge-score, which the embedded install leaves out: "
                "pip install 'briefing[eval]'"
            ) from None
        self._scorer: Any = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)

    def score(self, reference: str, summary: str) -> tuple[float, float, float]:
        """ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 x100 of one summary."""
        scores = self._scorer.score(reference, summary)
        r1, r2, rl = (100.0 * scores[name].fmeasure for name in ROUGE_TYPES)
        return r1, r2, rl

    def mean(self, pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
        """Mean ROUGE-1/2/Lsum F1 x100 over ``(reference, summary)`` pairs (zeros if none)."""
        totals = [0.0, 0.0, 0.0]
        count = 0
        for reference, summary in pairs:
            for i, value in enumerate(self.score(reference, summary)):
                totals[i] += value
            count += 1
        if not count:
            return 0.0, 0.0, 0.0
        return totals[0] / count, totals[1] / count, totals[2] / count


def evaluate_methods(
    items: Sequence[SummaryItem],
    methods: Sequence[str],
    sentences: int = 3,
    settings: Settings | None = None,
) -> list[MethodScore]:
    """Score every method on every item in one run.

    An article a method cannot summarise (no sentence, say) scores zero for that method
    and is counted in ``failures``, so every method is averaged over the same articles.
    """
    scorer = RougeScorer()
    results: list[MethodScore] = []
    for method in methods:
        BriefOptions(method=method)  # unknown names fail before any work is done
    for method in methods:
        pairs: list[tuple[str, str]] = []
        failures = 0
        started = time.perf_counter()
        for item in items:
            try:
                summary = summarise_item(item, method, sentences, settings)
            except BriefingError:
                failures += 1
                summary = ""
            pairs.append((item.reference, summary))
        elapsed = time.perf_counter() - started
        r1, r2, rl = scorer.mean(pairs)
        results.append(
            MethodScore(
                method=method,
                rouge1=r1,
                rouge2=r2,
                rouge_lsum=rl,
                ms_per_article=1000.0 * elapsed / len(items),
                articles=len(items),
                failures=failures,
            )
        )
    return results


def format_table(scores: Sequence[MethodScore], baseline: str = "lead") -> str:
    """A plain-text table; when ``baseline`` is among the methods, also the R1 difference."""
    base = next((s for s in scores if s.method == baseline), None)
    header = f"{'method':<10} {'R1':>6} {'R2':>6} {'RLsum':>6} {'ms/art':>8}"
    if base is not None:
        header += f" {'R1-' + baseline:>8}"
    lines = [header, "-" * len(header)]
    for s in scores:
        line = (
            f"{s.method:<10} {s.rouge1:6.2f} {s.rouge2:6.2f} {s.rouge_lsum:6.2f} "
            f"{s.ms_per_article:8.2f}"
        )
        if base is not None:
            line += f" {s.rouge1 - base.rouge1:+8.2f}"
        if s.failures:
            line += f"  ({s.failures} failed)"
        lines.append(line)
    return "\n".join(lines)
