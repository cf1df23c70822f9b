"""Scoring a sentence splitter on the English Golden Rules, and timing it.

The Golden Rules (pySBD's 48 hand-made cases, see ``GOLDEN_RULES.md`` in the corpus) are
scored the way pySBD's own benchmark scores them: a case passes only if the list of
stripped sentences equals the expected list exactly. Any splitter can be scored (the
benchmark scores pysbd and plain Punkt with the same code), so a splitter here is a
function from text to its sentences.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import InputError
from briefing.evaluation import read_jsonl
from briefing.text.sentences import split_sentences

Splitter = Callable[[str], Sequence[str]]

#: Least time spent timing a splitter, so that the sentences-per-second figure is stable.
MIN_TIMING_SECONDS = 0.2


@dataclass(frozen=True)
class GoldenRule:
    """One case: a text and the sentences it must be split into."""

    id: int | str
    rule: str
    text: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class RuleResult:
    """What a splitter made of one rule."""

    rule: GoldenRule
    got: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Exact match of the stripped sentence lists (pySBD's convention)."""
        return self.got == self.rule.sentences


@dataclass(frozen=True)
class SplitterScore:
    """Results on every rule plus the measured speed."""

    results: tuple[RuleResult, ...]
    sentences_per_second: float

    @property
    def passed(self) -> int:
        """Number of rules passed."""
        return sum(1 for r in self.results if r.passed)

    @property
    def total(self) -> int:
        """Number of rules scored."""
        return len(self.results)

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        """The rules that did not pass, in file order."""
        return tuple(r for r in self.results if not r.passed)


def briefing_sentences(text: str) -> list[str]:
    """Our splitter as a text -> sentences function."""
    return [text[start:end] for start, end in split_sentences(text)]


def load_rules(path: Path) -> list[GoldenRule]:
    """The rules of a Golden Rules JSONL file (``{"id", "rule", "text", "sentences"}``).

    Raises:
        InputError: the file is missing, or a line lacks a field or has the wrong type.
    """
    rules: list[GoldenRule] = []
    for number, item in enumerate(read_jsonl(path), start=1):
        text, sentences = item.get("text"), item.get("sentences")
        if not isinstance(text, str) or not isinstance(sentences, list):
            raise InputError(f"{path}: rule {number} needs a 'text' string and a 'sentences' list")
        if not all(isinstance(s, str) for s in sentences):
            raise InputError(f"{path}: rule {number}: 'sentences' must hold strings")
        rules.append(
            GoldenRule(
                id=item.get("id", number),
                rule=str(item.get("rule", "")),
                text=text,
                sentences=tuple(sentences),
            )
        )
    if not rules:
        raise InputError(f"{path}: no rules in the file")
    return rules


def score_splitter(
    rules: Sequence[GoldenRule], splitter: Splitter = briefing_sentences
) -> SplitterScore:
    """Score ``splitter`` on ``rules`` and time it on their texts (sentences per second)."""
    results = tuple(
        RuleResult(rule, tuple(s.strip() for s in splitter(rule.text) if s.strip()))
        for rule in rules
    )
    return SplitterScore(results, measure_speed(splitter, [r.text for r in rules]))


def measure_speed(splitter: Splitter, texts: Sequence[str]) -> float:
    """Sentences per second of ``splitter`` over ``texts``, run until timing is stable."""
    sentences = 0
    rounds = 0
    start = time.perf_counter()
    elapsed = 0.0
    while rounds == 0 or elapsed < MIN_TIMING_SECONDS:
        for text in texts:
            sentences += len(splitter(text))
        rounds += 1
        elapsed = time.perf_counter() - start
    return sentences / elapsed if elapsed > 0 else float("inf")


def format_report(score: SplitterScore, *, name: str = "briefing") -> str:
    """The report ``briefing eval splitter`` prints: score, failures, speed."""
    lines = [f"Golden Rules: {score.passed} of {score.total} passed ({name} splitter)"]
    for result in score.failed:
        lines.append(f"  failed #{result.rule.id} {result.rule.rule}")
        lines.append(f"    expected: {list(result.rule.sentences)!r}")
        lines.append(f"    got:      {list(result.got)!r}")
    lines.append(f"Speed: {score.sentences_per_second:,.0f} sentences per second")
    return "\n".join(lines)
