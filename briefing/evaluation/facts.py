"""Scoring the key facts against the gold annotations of the shared corpus.

Matching rule (the corpus README's, made exact here):

- **casualty**: same ``status`` and same ``count`` (``null`` matches ``null``), one to one.
- **deployment**: same asset (lower case, a final "s" and "defence"/"defense" ignored; the
  first gold entries' "missile defense" and "carriers" read as the guide's classes
  artillery and ships) and same ``count``, one to one.
- **reaction**: scored per speaker, as a brief groups them: gold reactions and extracted
  reactions are each grouped by the speaker's last word ("Donald Trump" and "Trump" are
  one speaker); a predicted speaker matches a gold speaker when their last words are equal
  or when one of them is a single word that the other contains ("China" and "China and
  Russia"), one to one. Precision and recall count speakers.
- **stance accuracy**: over the gold reactions whose speaker was matched, the share whose
  gold stance is among the stances extracted for that speaker.

Everything counts, background tolls included (the gold annotates them too).

To tell rules that generalise from rules fitted to the dev articles, the articles can be
scored in folds (``fold_of``: a stable hash of the id, so a fold never changes as gold is
added) and by part of the gold file (``PARTS``): the original development articles that
the first rules were written against, and the articles annotated later.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import Settings
from briefing.errors import InputError
from briefing.evaluation import read_jsonl
from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import Facts
from briefing.text import build_document

SEED_ID = "seed"
SEED_FILE = "000_8b6ec4914fcd75e2.txt"
FACT_TYPES = ("casualties", "deployments", "reactions")
#: positions in facts-dev.jsonl: the seed, the 11 original dev articles, the later ones
PARTS: dict[str, range] = {
    "seed": range(0, 1),
    "original": range(1, 12),
    "new": range(12, 10**6),
    "articles": range(1, 10**6),
}


@dataclass
class Score:
    """Counts for one fact type; precision, recall and F1 derive from them."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FactsReport:
    """Scores per fact type plus stance accuracy over matched reactions."""

    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in FACT_TYPES})
    stance_total: int = 0
    stance_correct: int = 0
    articles: int = 0

    @property
    def stance_accuracy(self) -> float:
        return self.stance_correct / self.stance_total if self.stance_total else 1.0

    def add(self, other: FactsReport) -> None:
        """Pool ``other``'s counts into this report."""
        for name in FACT_TYPES:
            mine, theirs = self.scores[name], other.scores[name]
            mine.gold += theirs.gold
            mine.predicted += theirs.predicted
            mine.matched_gold += theirs.matched_gold
            mine.matched_predicted += theirs.matched_predicted
            mine.misses += theirs.misses
            mine.extras += theirs.extras
        self.stance_total += other.stance_total
        self.stance_correct += other.stance_correct
        self.articles += other.articles

    def table(self) -> str:
        """The figures as a plain-text table."""
        lines = [
            f"{'type':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}",
        ]
        for name in FACT_TYPES:
            s = self.scores[name]
            lines.append(
                f"{name:<12} {s.gold:>5} {s.predicted:>5} "
                f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        lines.append(
            f"stance accuracy over matched reactions: {self.stance_accuracy:.3f} "
            f"({self.stance_correct}/{self.stance_total})"
        )
        lines.append(f"articles: {self.articles}")
        return "\n".join(lines)


#: the first gold entries' asset names, as the classes of FACTS_GUIDE.md
_EARLIER_ASSET_NAMES = {"missile defense": "artillery", "carrier": "ship"}


def _asset_key(asset: Any) -> str:
    text = str(asset or "").lower().replace("defence", "defense").strip()
    text = text[:-1] if text.endswith("s") else text
    return _EARLIER_ASSET_NAMES.get(text, text)


def _one_to_one(gold: Sequence[Any], predicted: Sequence[Any], score: Score, label: str) -> None:
    """Match equal keys one to one and add the counts to ``score``."""
    left = list(predicted)
    for item in gold:
        if item in left:
            left.remove(item)
            score.matched_gold += 1
            score.matched_predicted += 1
        else:
            score.misses.append(f"{label}: {item}")
    score.extras += [f"{label}: {item}" for item in left]
    score.gold += len(gold)
    score.predicted += len(predicted)


def speaker_words(name: str) -> list[str]:
    """Lower-case words of a speaker's name, "Korea's" and "Korea s" alike."""
    cleaned = name.replace("'s ", " ").replace(" s ", " ").replace("\u2019s ", " ")
    words = [w.strip(".,'\"()").lower() for w in cleaned.replace("-", " ").split()]
    return [w for w in words if w and w not in {"of", "the", "and", "s"}]


def speakers_match(a: str, b: str) -> bool:
    """Same last word, or a one-word speaker contained in the other ("China")."""
    wa, wb = speaker_words(a), speaker_words(b)
    if not wa or not wb:
        return False
    if wa[-1] == wb[-1]:
        return True
    return (len(wa) == 1 and wa[0] in wb) or (len(wb) == 1 and wb[0] in wa)


def _group(items: Iterable[tuple[str, str | None]]) -> dict[str, list[tuple[str, str | None]]]:
    groups: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for speaker, stance in items:
        words = speaker_words(speaker)
        groups[words[-1] if words else speaker.lower()].append((speaker, stance))
    return groups


def score_article(gold: dict[str, Any], facts: Facts, report: FactsReport, label: str) -> None:
    """Add one article's comparison to ``report``."""
    report.articles += 1
    _one_to_one(
        [(g.get("status"), g.get("count")) for g in gold.get("casualties", ())],
        [(c.status, c.count) for c in facts.casualties],
        report.scores["casualties"],
        label,
    )
    _one_to_one(
        [(_asset_key(g.get("asset")), g.get("count")) for g in gold.get("deployments", ())],
        [(_asset_key(d.asset), d.count) for d in facts.deployments],
        report.scores["deployments"],
        label,
    )
    score = report.scores["reactions"]
    gold_groups = _group((g["speaker"], g.get("stance")) for g in gold.get("reactions", ()))
    predicted_groups = _group((r.speaker, r.stance) for r in facts.reactions)
    free = dict(predicted_groups)
    for members in gold_groups.values():
        name = members[0][0]
        match = next((k for k, v in free.items() if speakers_match(name, v[0][0])), None)
        if match is None:
            score.misses.append(f"{label}: {name}")
            continue
        stances = {stance for _, stance in free.pop(match)}
        score.matched_gold += 1
        score.matched_predicted += 1
        for _, stance in members:
            report.stance_total += 1
            if stance in stances:
                report.stance_correct += 1
            else:
                score.extras.append(f"{label}: stance of {name}: gold {stance}, got {stances}")
    score.extras += [f"{label}: {v[0][0]}" for v in free.values()]
    score.gold += len(gold_groups)
    score.predicted += len(predicted_groups)


def seed_path(settings: Settings, near: Path | None = None) -> Path:
    """Where the seed article lives: next to the gold file's corpus, the configured corpus,
    or in this checkout."""
    folders = [settings.corpus_path.parent / "seeds", Path("seeds")]
    if near is not None:
        folders.insert(0, near.resolve().parent.parent / "seeds")
    for folder in folders:
        if (folder / SEED_FILE).is_file():
            return folder / SEED_FILE
    raise InputError(f"seed article {SEED_FILE} not found next to the corpus or in ./seeds")


def fold_of(article_id: str, folds: int) -> int:
    """The fold an article belongs to: stable across runs, machines and added gold."""
    return zlib.crc32(article_id.encode("utf-8")) % folds


@dataclass(frozen=True)
class ScoredArticle:
    """One article's place in the gold file and its scores."""

    id: str
    position: int
    report: FactsReport


def score_articles(gold_path: Path, articles_path: Path, settings: Settings) -> list[ScoredArticle]:
    """Extract facts from every article with gold annotations and score each one.

    Raises:
        InputError: a file is missing or a gold id has no article.
    """
    articles = {str(a["id"]): a for a in read_jsonl(articles_path)}
    scored: list[ScoredArticle] = []
    for position, gold in enumerate(read_jsonl(gold_path)):
        article_id = str(gold.get("id"))
        if article_id in articles:
            item = articles[article_id]
            text, title = str(item["text"]), (item.get("title") or None)
        elif article_id == SEED_ID:
            text, title = seed_path(settings, gold_path).read_text(encoding="utf-8"), None
        else:
            raise InputError(f"{articles_path}: no article with id {article_id!r}")
        article = read_article(text.encode("utf-8"), title=title, settings=settings)
        document = build_document(article, max_sentences=settings.max_sentences)
        report = FactsReport()
        score_article(gold, extract_facts(document), report, article_id)
        scored.append(ScoredArticle(article_id, position, report))
    return scored


def fold_line(label: str, report: FactsReport) -> str:
    """One line of a fold table: articles, P/R/F1 per type, stance accuracy."""
    cells = " ".join(
        f"{name[:3]} {s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}"
        for name, s in report.scores.items()
    )
    return (
        f"{label:<10} {report.articles:>3} articles  {cells}  stance {report.stance_accuracy:.2f}"
    )


def pool(scored: Iterable[ScoredArticle]) -> FactsReport:
    """One report over all of ``scored``."""
    pooled = FactsReport()
    for item in scored:
        pooled.add(item.report)
    return pooled


def evaluate_facts(gold_path: Path, articles_path: Path, settings: Settings) -> FactsReport:
    """Extract facts from every article with gold annotations and score them together.

    Raises:
        InputError: a file is missing or a gold id has no article.
    """
    return pool(score_articles(gold_path, articles_path, settings))
