"""Scoring the key facts against the gold annotations of the shared corpus.

Matching rule (the corpus README's, made exact here):

- **casualty**: same ``status`` and same ``count`` (``null`` matches ``null``), one to one.
- **deployment**: same asset (lower case, a final "s" and "defence"/"defense" ignored) and
  same ``count``, one to one.
- **reaction**: scored per speaker, as a brief groups them: gold reactions and extracted
  reactions are each grouped by the speaker's last word ("Donald Trump" and "Trump" are
  one speaker); a predicted speaker matches a gold speaker when their last words are equal
  or when one of them is a single word that the other contains ("China" and "China and
  Russia"), one to one. Precision and recall count speakers.
- **stance accuracy**: over the matched speakers (each counted once, as FACTS_GUIDE.md's
  scoring rule says), the share where a stance the brief shows for the speaker (the
  distinct stances of the speaker's extracted reactions, as the speaker's one line lists
  them) is one the gold gives that speaker. This reproduces the team's held-out figures.

Everything counts, background tolls included (the gold annotates them too).

Folds (``--folds K``): every entry of the gold file gets a fold from its id alone (ids ranked
by their SHA-1, the rank modulo K), so an article stays in its fold whatever part or ids
are selected, and the folds are balanced.

Corpora (``CORPORA``, ``--corpus``): ``dev`` is ``facts-dev.jsonl`` with
``facts-articles.jsonl``; ``facts-corpus`` is ``facts-corpus/gold.jsonl`` with
``facts-corpus/articles.jsonl``. No list of ids (corpus content) lives in the project:
the dev parts select by position in the gold file (``seed`` is the first entry,
``original`` the next 11, the articles the first rules were written against, ``new`` the
rest, the 37 annotated later by FACTS_GUIDE.md, ``articles`` everything but the seed);
the facts-corpus parts (``train``, ``check``) select by each article's ``split`` field.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import Settings
from briefing.errors import InputError
from briefing.evaluation import read_jsonl
from briefing.facts import KINDS, extract_facts
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Document, Facts
from briefing.text import build_document

SEED_ID = "seed"
SEED_FILE = "000_8b6ec4914fcd75e2.txt"
FACT_TYPES = tuple(kind.name for kind in KINDS)
#: entries of facts-dev.jsonl annotated first: the seed and the 11 original articles
ORIGINAL_ENTRIES = 12
PARTS = ("all", "seed", "original", "new", "articles")
#: the facts-corpus's parts: its articles' ``split`` values
SPLITS = ("all", "train", "check")


@dataclass(frozen=True)
class FactsCorpus:
    """A gold corpus: its two files under ``Settings.corpus_path`` and how parts select."""

    name: str
    gold_file: str
    articles_file: str
    parts: tuple[str, ...]
    #: parts select by each article's ``split`` field (else by position in the gold file)
    by_split: bool = False

    def gold_path(self, settings: Settings) -> Path:
        return settings.corpus_path / self.gold_file

    def articles_path(self, settings: Settings) -> Path:
        return settings.corpus_path / self.articles_file

    def selects(self, part: str, position: int, article: dict[str, Any] | None) -> bool:
        """Whether the gold entry at ``position`` (its article ``article``) is in ``part``.

        Raises:
            InputError: ``part`` is not one of this corpus's parts.
        """
        if part not in self.parts:
            raise InputError(
                f"the {self.name} corpus has no part {part!r}; choose one of "
                + ", ".join(self.parts)
            )
        if not self.by_split:
            return in_part(position, part)
        return part == "all" or (article or {}).get("split") == part


CORPORA = {
    "dev": FactsCorpus("dev", "facts-dev.jsonl", "facts-articles.jsonl", PARTS),
    "facts-corpus": FactsCorpus(
        "facts-corpus",
        "facts-corpus/gold.jsonl",
        "facts-corpus/articles.jsonl",
        SPLITS,
        by_split=True,
    ),
}
DEV = CORPORA["dev"]


@dataclass(frozen=True)
class GoldItem:
    """One gold item and whether the extracted facts matched it (for the miss categories).

    A reaction item stands for its speaker: a speaker's items are matched or missed
    together, as the scorer counts speakers.
    """

    kind: str
    item: dict[str, Any]
    matched: bool


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
    #: every gold item, matched or not, in gold order (what ``--categories`` classifies)
    items: list[GoldItem] = field(default_factory=list)

    @property
    def stance_accuracy(self) -> float:
        return self.stance_correct / self.stance_total if self.stance_total else 1.0

    def add(self, other: FactsReport) -> None:
        """Pool ``other``'s counts into this report (micro-averaged figures)."""
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
        self.items += other.items

    def row(self, label: str) -> str:
        """One line of P/R/F1 per type and stance accuracy, for the per-fold table."""
        cells = [f"{label:<8} {self.articles:>3}"]
        for name in FACT_TYPES:
            s = self.scores[name]
            cells.append(f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}".ljust(18))
        cells.append(f"{self.stance_accuracy:.2f}")
        return "  ".join(cells)

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


def _asset_key(asset: Any) -> str:
    """The asset's class: the first 12 gold entries name some assets by an earlier, compatible
    wording ("missile defense", "carriers"), which FACTS_GUIDE.md's classes now cover."""
    from briefing.facts.deployments import ASSETS

    text = str(asset or "").lower().strip()
    text = ASSETS.get(text, text).lower().replace("defence", "defense")
    return text[:-1] if text.endswith("s") else text


def _one_to_one(
    gold: Sequence[Any],
    predicted: Sequence[Any],
    score: Score,
    label: str,
    matched: list[bool] | None = None,
) -> None:
    """Match equal keys one to one and add the counts to ``score`` (and to ``matched``,
    one flag per gold key)."""
    left = list(predicted)
    for item in gold:
        hit = item in left
        if matched is not None:
            matched.append(hit)
        if hit:
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
    casualties = list(gold.get("casualties", ()))
    found: list[bool] = []
    _one_to_one(
        [(g.get("status"), g.get("count")) for g in casualties],
        [(c.status, c.count) for c in facts.casualties],
        report.scores["casualties"],
        label,
        found,
    )
    report.items += [
        GoldItem("casualties", g, hit) for g, hit in zip(casualties, found, strict=True)
    ]
    deployments = list(gold.get("deployments", ()))
    found = []
    _one_to_one(
        [(_asset_key(g.get("asset")), g.get("count")) for g in deployments],
        [(_asset_key(d.asset), d.count) for d in facts.deployments],
        report.scores["deployments"],
        label,
        found,
    )
    report.items += [
        GoldItem("deployments", g, hit) for g, hit in zip(deployments, found, strict=True)
    ]
    score = report.scores["reactions"]
    reactions = list(gold.get("reactions", ()))
    gold_groups = _group((g["speaker"], g.get("stance")) for g in reactions)
    first_item: dict[str, dict[str, Any]] = {}
    for g in reactions:
        words = speaker_words(g["speaker"])
        first_item.setdefault(words[-1] if words else g["speaker"].lower(), g)
    predicted_groups = _group((r.speaker, r.stance) for r in facts.reactions)
    free = dict(predicted_groups)
    for group, members in gold_groups.items():
        name = members[0][0]
        match = next((k for k, v in free.items() if speakers_match(name, v[0][0])), None)
        report.items.append(GoldItem("reactions", first_item[group], match is not None))
        if match is None:
            score.misses.append(f"{label}: {name}")
            continue
        shown = {stance for _, stance in free.pop(match) if stance}
        score.matched_gold += 1
        score.matched_predicted += 1
        gold_stances = {stance for _, stance in members}
        report.stance_total += 1
        if shown & gold_stances:
            report.stance_correct += 1
        else:
            score.extras.append(f"{label}: stance of {name}: gold {gold_stances}, got {shown}")
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


def fold_numbers(ids: Sequence[str], folds: int) -> dict[str, int]:
    """Fold (1..K) of every id: ids ranked by SHA-1, the rank modulo K (balanced, stable)."""
    if folds < 1:
        raise InputError(f"--folds must be at least 1, not {folds}")
    ranked = sorted(ids, key=lambda i: hashlib.sha1(i.encode("utf-8")).hexdigest())
    return {article_id: rank % folds + 1 for rank, article_id in enumerate(ranked)}


def in_part(position: int, part: str) -> bool:
    """Whether the gold file's entry at ``position`` (0-based) belongs to ``part``."""
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; choose one of {', '.join(PARTS)}")
    return {
        "all": True,
        "seed": position == 0,
        "original": 0 < position < ORIGINAL_ENTRIES,
        "new": position >= ORIGINAL_ENTRIES,
        "articles": position > 0,
    }[part]


def read_ids(path: Path) -> list[str]:
    """Ids of an ``--ids`` file: one per line; blank lines and ``#`` comments ignored.

    Raises:
        InputError: the file is missing or lists no id.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    ids = [line.split("#", 1)[0].strip() for line in lines]
    ids = [i for i in ids if i]
    if not ids:
        raise InputError(f"{path}: no ids in the file")
    return ids


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article, read the way a brief reads it, with its gold and its fold."""

    article_id: str
    fold: int
    document: Document
    gold: dict[str, Any]


def gold_articles(
    gold_path: Path,
    articles_path: Path,
    settings: Settings,
    *,
    corpus: FactsCorpus = DEV,
    folds: int = 1,
    part: str = "all",
    ids: Collection[str] | None = None,
) -> list[GoldArticle]:
    """Every selected article with gold annotations, as the ``Document`` a brief builds
    (the evaluation and the training read articles by this one path).

    Raises:
        InputError: a file is missing, a part is unknown, a gold id has no article, or a
            wanted id has no gold.
    """
    articles = {str(a["id"]): a for a in read_jsonl(articles_path)}
    entries = list(read_jsonl(gold_path))
    all_ids = [str(g.get("id")) for g in entries]
    fold_of = fold_numbers(all_ids, folds)
    if ids is not None:
        unknown = sorted(set(ids) - set(all_ids))
        if unknown:
            raise InputError(f"{gold_path}: no gold for id {unknown[0]!r}")
    results = []
    for position, gold in enumerate(entries):
        article_id = all_ids[position]
        item = articles.get(article_id)
        if not corpus.selects(part, position, item) or (ids is not None and article_id not in ids):
            continue
        if item is not None:
            text, title = str(item["text"]), (item.get("title") or None)
        elif article_id == SEED_ID:
            text, title = seed_path(settings, gold_path).read_text(encoding="utf-8"), None
        else:
            raise InputError(f"{articles_path}: no article with id {article_id!r}")
        article = read_article(
            text.encode("utf-8"), meta=ArticleMeta(title=title), limits=settings.limits
        )
        document = build_document(article, max_sentences=settings.max_sentences)
        results.append(GoldArticle(article_id, fold_of[article_id], document, gold))
    return results


@dataclass
class ArticleScore:
    """One article's comparison and the fold it falls in."""

    article_id: str
    fold: int
    report: FactsReport


def score_facts(article: GoldArticle, facts: Facts) -> ArticleScore:
    """One article's facts compared with its gold."""
    report = FactsReport()
    score_article(article.gold, facts, report, article.article_id)
    return ArticleScore(article.article_id, article.fold, report)


def score_articles(
    gold_path: Path,
    articles_path: Path,
    settings: Settings,
    *,
    corpus: FactsCorpus = DEV,
    folds: int = 1,
    part: str = "all",
    ids: Collection[str] | None = None,
) -> list[ArticleScore]:
    """Extract facts from every selected article with gold annotations and score each.

    Raises:
        InputError: a file is missing, a gold id has no article, or a wanted id has no gold.
    """
    chosen = gold_articles(
        gold_path, articles_path, settings, corpus=corpus, folds=folds, part=part, ids=ids
    )
    return [score_facts(article, extract_facts(article.document)) for article in chosen]


def pooled(results: Iterable[ArticleScore], fold: int | None = None) -> FactsReport:
    """The articles' counts summed (all of them, or one fold's)."""
    report = FactsReport()
    for result in results:
        if fold is None or result.fold == fold:
            report.add(result.report)
    return report


def fold_table(results: Sequence[ArticleScore], folds: int) -> str:
    """Figures per fold and pooled, one line each (P/R/F1 per type, stance accuracy)."""
    head = f"{'fold':<8} {'n':>3}  " + "  ".join(f"{name + ' P/R/F1':<18}" for name in FACT_TYPES)
    lines = [head + "  stance"]
    for number in range(1, folds + 1):
        lines.append(pooled(results, number).row(f"{number}/{folds}"))
    lines.append(pooled(results).row("pooled"))
    return "\n".join(lines)


def evaluate_facts(
    gold_path: Path,
    articles_path: Path,
    settings: Settings,
    *,
    part: str = "all",
    ids: Collection[str] | None = None,
) -> FactsReport:
    """Extract facts from every selected article with gold annotations and score them.

    Raises:
        InputError: a file is missing or a gold id has no article.
    """
    return pooled(score_articles(gold_path, articles_path, settings, part=part, ids=ids))
