"""``briefing eval``: measuring briefing on the shared evaluation corpora.

Splitter accuracy, summary ROUGE and key-facts precision/recall; the corpora are read from
``Settings.corpus_path`` at run time. Registered on the ``briefing`` command by cli.py.
"""

from __future__ import annotations

from pathlib import Path

import click

from briefing.config import Settings
from briefing.errors import InputError
from briefing.summarise import METHODS, Length


def settings_of(ctx: click.Context) -> Settings:
    """The settings of the ``briefing`` command this group hangs under (its service's)."""
    root = ctx.find_root().obj
    settings = getattr(root, "settings", None)
    return settings if isinstance(settings, Settings) else Settings.from_env()


@click.group(name="eval")
def evaluate() -> None:
    """Measure briefing on the evaluation corpora (splitter, summary, facts)."""


@evaluate.command(name="splitter")
@click.option(
    "--corpus",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Golden Rules JSONL (default: golden-rules-en.jsonl in BRIEFING_CORPUS).",
)
@click.pass_context
def evaluate_splitter(ctx: click.Context, corpus: Path | None) -> None:
    """Score the sentence splitter on the English Golden Rules and print its speed."""
    from briefing.evaluation.splitter import format_report, load_rules, score_splitter

    path = corpus or settings_of(ctx).corpus_path / "golden-rules-en.jsonl"
    click.echo(format_report(score_splitter(load_rules(path))))


@evaluate.command(name="facts")
@click.option(
    "--corpus",
    "corpus_name",
    type=click.Choice(["dev", "facts-corpus"]),
    default="dev",
    show_default=True,
    help="dev: facts-dev.jsonl with facts-articles.jsonl; facts-corpus: the 200 articles "
    "of facts-corpus/ (parts train and check).",
)
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Gold facts JSONL (default: the corpus's gold file in the corpus folder).",
)
@click.option(
    "--articles",
    "articles_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Articles JSONL (default: the corpus's articles file in the corpus folder).",
)
@click.option("--errors", is_flag=True, help="Also list missed and extra facts.")
@click.option(
    "--categories",
    is_flag=True,
    help="Also print the misses per category of gold evidence (missed / gold).",
)
@click.option(
    "--folds",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Split the articles into K folds by id; print figures per fold and pooled.",
)
@click.option(
    "--fold",
    "only_folds",
    type=click.IntRange(min=1),
    multiple=True,
    help="Score only this fold (1..K, repeatable): develop on some folds, check on the rest.",
)
@click.option(
    "--heldout",
    is_flag=True,
    help="With --folds on dev: score each fold with weights retrained without it "
    "(on facts-corpus train and the other dev folds).",
)
@click.option(
    "--part",
    type=click.Choice(["all", "seed", "original", "new", "articles", "train", "check"]),
    default="all",
    show_default=True,
    help="dev: entries by position in the gold file (the seed, the 11 original articles, "
    "the 37 new ones, or all 48 articles); facts-corpus: train or check, by each "
    "article's split.",
)
@click.option(
    "--ids",
    "ids_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Score only the article ids listed in FILE (one per line, # comments).",
)
@click.pass_context
def eval_facts(
    ctx: click.Context,
    corpus_name: str,
    gold_path: Path | None,
    articles_path: Path | None,
    errors: bool,
    categories: bool,
    folds: int,
    only_folds: tuple[int, ...],
    heldout: bool,
    part: str,
    ids_path: Path | None,
) -> None:
    """Precision, recall and F1 of the key facts per type, and stance accuracy."""
    from briefing.evaluation.facts import (
        CORPORA,
        FACT_TYPES,
        fold_table,
        gold_articles,
        pooled,
        read_ids,
        score_facts,
    )
    from briefing.facts import extract_facts

    settings = settings_of(ctx)
    corpus = CORPORA[corpus_name]
    gold_path = gold_path or corpus.gold_path(settings)
    articles_path = articles_path or corpus.articles_path(settings)
    if any(number > folds for number in only_folds):
        raise click.UsageError(f"--fold must be between 1 and --folds ({folds})")
    if heldout and (folds < 2 or corpus_name != "dev"):
        raise click.UsageError("--heldout needs --corpus dev and --folds K of 2 or more")
    ids = read_ids(ids_path) if ids_path is not None else None
    chosen = gold_articles(
        gold_path, articles_path, settings, corpus=corpus, folds=folds, part=part, ids=ids
    )
    if only_folds:
        chosen = [a for a in chosen if a.fold in only_folds]
    if heldout:
        from briefing.evaluation.training import heldout_scores

        results = heldout_scores(chosen, settings, folds)
    else:
        results = [score_facts(a, extract_facts(a.document)) for a in chosen]
    report = pooled(results)
    click.echo(report.table())
    if folds > 1:
        click.echo("")
        click.echo(fold_table(results, folds))
    if categories:
        from briefing.evaluation.misses import category_table

        click.echo("")
        click.echo(category_table(report.items))
    if errors:
        for name in FACT_TYPES:
            score = report.scores[name]
            for line in score.misses:
                click.echo(f"missed {name} {line}")
            for line in score.extras:
                click.echo(f"extra  {name} {line}")


@evaluate.command(name="summary")
@click.option(
    "--corpus",
    "corpus_file",
    required=True,
    type=click.Path(dir_okay=False),
    help='JSONL of {"id", "title", "text", "reference"} (reference: one sentence a line).',
)
@click.option(
    "--methods",
    default="news,lead,lexrank,textrank",
    show_default=True,
    help="Comma-separated rankers to compare in the same run.",
)
@click.option("--sentences", default=3, show_default=True, type=int, help="Summary length.")
@click.option("--limit", type=int, help="Only the first N articles.")
@click.pass_context
def evaluate_summary(
    ctx: click.Context, corpus_file: str, methods: str, sentences: int, limit: int | None
) -> None:
    """ROUGE-1/2/Lsum F1 (x100, stemmed) and ms per article of each method."""
    from briefing.evaluation.summary import evaluate_methods, format_table, load_items

    names = [m.strip().lower() for m in methods.split(",") if m.strip()]
    unknown = [m for m in names if m not in METHODS]
    if not names or unknown:
        raise click.BadParameter(
            f"unknown method {unknown[0] if unknown else methods!r}; choose from "
            + ", ".join(METHODS),
            param_hint="--methods",
        )
    if limit is not None and limit < 1:
        raise click.BadParameter("must be at least 1", param_hint="--limit")
    Length(sentences=sentences)  # out of range: OptionsError, exit 1
    path = Path(corpus_file)
    if not path.is_file():
        raise InputError(
            f"{path}: no such corpus file (the shared corpora live in ../shared/corpus)"
        )
    items = load_items(path, limit)
    scores = evaluate_methods(items, names, sentences, settings_of(ctx))
    click.echo(f"{path} · {len(items)} articles · {sentences} sentences · ROUGE F1 x100")
    click.echo(format_table(scores))


@click.group(name="facts")
def facts_group() -> None:
    """The key-facts judges: train the weights the rules' candidates are decided with."""


@facts_group.command(name="train")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the weights (default: the shipped briefing/facts/data/weights.json).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Rebuild in memory; exit 1 if the shipped weights (or --out) differ.",
)
@click.pass_context
def facts_train(ctx: click.Context, out_path: Path | None, check: bool) -> None:
    """Fit the judges on facts-corpus train and facts-dev.jsonl (never on check)."""
    from briefing.evaluation.training import build_model, shipped_weights_path

    path = out_path or shipped_weights_path()
    model = build_model(settings_of(ctx))
    text = model.to_json()
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            raise InputError(
                f"{path}: differs from the weights the corpus gives; run briefing facts train"
            )
        click.echo(f"{path}: up to date")
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"{path}: {len(text.encode('utf-8')):,} bytes")
    counts = model.metadata.get("candidates", {})
    for name, judge in sorted(model.judges.items()):
        seen = counts.get(name, {})
        click.echo(
            f"  {name} judge: {len(judge.weights)} features, threshold {judge.threshold:.2f}, "
            f"{seen.get('positive', 0)}/{seen.get('all', 0)} candidates positive"
        )
    for name, choice in sorted(model.choices.items()):
        click.echo(f"  {name} choice: {', '.join(choice.labels)}")
