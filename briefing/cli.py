"""The ``briefing`` command: builds the same objects the web app uses.

Exit codes: 0 success, 1 bad input (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from briefing.brief import build_brief
from briefing.config import Settings
from briefing.errors import BriefingError, OptionsError
from briefing.models import Brief
from briefing.options import BriefOptions
from briefing.summarise import METHODS, Length

FORMATS: dict[str, Callable[[Brief], str]] = {}


def _renderers() -> dict[str, Callable[[Brief], str]]:
    from briefing.render import render_json, render_markdown, render_text

    return {"text": render_text, "markdown": render_markdown, "json": render_json} | FORMATS


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit: the CLI's only way of reporting a problem."""
    click.echo(f"briefing: error: {message}", err=True)
    sys.exit(code)


class BriefingGroup(click.Group):
    """Turns BriefingError into one line on stderr and exit 1, whatever the subcommand."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            fail(exc.message)
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))


@click.group(cls=BriefingGroup)
@click.version_option(package_name="briefing")
@click.pass_context
def main(ctx: click.Context) -> None:
    """briefing: news articles in, one-page briefs out."""
    ctx.obj = Settings.from_env()


def settings_of(ctx: click.Context) -> Settings:
    """The Settings built once by the top-level command."""
    settings = ctx.find_root().obj
    return settings if isinstance(settings, Settings) else Settings.from_env()


def length_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--sentences / --words / --ratio / --method, shared by every command that ranks."""
    func = click.option(
        "--method",
        default="news",
        show_default=True,
        type=click.Choice(METHODS, case_sensitive=False),
        help="Ranker: news (the project's own), lead, or a sumy algorithm.",
    )(func)
    func = click.option("--ratio", type=float, help="Share of the sentences to keep (0-1].")(func)
    func = click.option("--words", type=int, help="Most words in the summary.")(func)
    func = click.option("--sentences", type=int, help="Sentences in the summary (default 5).")(func)
    return func


def options_from(
    method: str, sentences: int | None, words: int | None, ratio: float | None
) -> BriefOptions:
    """One BriefOptions from the CLI flags (validated: out-of-range values exit 1)."""
    return BriefOptions(method=method, length=Length(sentences=sentences, words=words, ratio=ratio))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    help="text, markdown, json (and html, eml where installed).",
)
@length_options
@click.option("--title", help="Headline to use instead of the one found in the text.")
@click.option(
    "--batch",
    type=click.Path(dir_okay=False, allow_dash=True),
    help='JSONL file of {"id", "text"[, "title"]} objects; writes one brief JSON per line.',
)
@click.pass_context
def brief(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    title: str | None,
    batch: str | None,
) -> None:
    """Print a brief of each FILE (or of standard input with -)."""
    settings = settings_of(ctx)
    options = options_from(method, sentences, words, ratio)
    if batch is not None:
        if files:
            raise click.UsageError("give either FILE arguments or --batch, not both")
        sys.exit(_run_batch(batch, options, title, settings))
    if not files:
        raise click.UsageError("give at least one FILE, or - for standard input")
    renderers = _renderers()
    if output_format not in renderers:
        raise click.UsageError(
            f"unknown format {output_format!r}; choose one of {', '.join(renderers)}"
        )
    render = renderers[output_format]
    if output_format == "json" and len(files) > 1:
        from briefing.render import render_json

        def render(b: Brief) -> str:
            return render_json(b, indent=None)

    failures = 0
    for number, name in enumerate(files):
        try:
            data, filename = _read_input(name)
            result = build_brief(
                data, title=title, options=options, filename=filename, settings=settings
            )
        except BriefingError as exc:
            failures += 1
            label = "<stdin>" if name == "-" else name
            click.echo(f"briefing: error: {label}: {exc.message}", err=True)
            continue
        output = render(result)
        if number and output_format not in {"json"}:
            click.echo("")
        click.echo(output, nl=not output.endswith("\n"))
    if failures:
        sys.exit(1)


def _read_input(name: str) -> tuple[bytes, str | None]:
    if name == "-":
        return sys.stdin.buffer.read(), None
    path = Path(name)
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise _InputFileError("no such file") from None
    except IsADirectoryError:
        raise _InputFileError("is a directory") from None
    except PermissionError:
        raise _InputFileError("permission denied") from None


class _InputFileError(BriefingError):
    """A file named on the command line cannot be read."""


def _batch_lines(handle: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield number, line


def _run_batch(path: str, options: BriefOptions, title: str | None, settings: Settings) -> int:
    """Write one brief JSON (or one error object) per input line, in input order."""
    from tqdm import tqdm

    from briefing.render import render_json

    if path == "-":
        handle: TextIO = sys.stdin
        total = None
    else:
        try:
            with open(path, "rb") as counter:
                total = sum(1 for line in counter if line.strip())
            handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise _InputFileError(f"{path}: no such file") from None
    failures = 0
    try:
        progress = tqdm(_batch_lines(handle), total=total, unit="article", file=sys.stderr)
        for number, line in progress:
            item_id: Any = None
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise OptionsError("each line must be a JSON object")
                item_id = item.get("id")
                text = item.get("text")
                if not isinstance(text, str):
                    raise OptionsError('each line needs a "text" string')
                result = build_brief(
                    text,
                    title=item.get("title") or title,
                    options=options,
                    id=str(item_id) if item_id is not None else None,
                    settings=settings,
                )
                sys.stdout.write(render_json(result, indent=None) + "\n")
            except (BriefingError, json.JSONDecodeError) as exc:
                failures += 1
                message = exc.message if isinstance(exc, BriefingError) else f"bad JSON: {exc.msg}"
                progress.write(f"briefing: error: line {number}: {message}", file=sys.stderr)
                error = {"id": item_id, "line": number, "error": message}
                sys.stdout.write(json.dumps(error, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdin:
            handle.close()
    sys.stdout.flush()
    return 1 if failures else 0


@main.group(name="eval")
def evaluate() -> None:
    """Measure briefing on the evaluation corpora (splitter, summary, facts)."""


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
        fail(f"{path}: no such corpus file (the shared corpora live in ../shared/corpus)")
    items = load_items(path, limit)
    scores = evaluate_methods(items, names, sentences, settings_of(ctx))
    click.echo(f"{path} · {len(items)} articles · {sentences} sentences · ROUGE F1 x100")
    click.echo(format_table(scores))


if __name__ == "__main__":  # pragma: no cover
    main()
