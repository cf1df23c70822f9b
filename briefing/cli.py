"""The ``briefing`` command: builds the same objects the web app uses.

Exit codes: 0 success, 1 bad input (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from briefing import logs
from briefing.config import Settings
from briefing.errors import BriefingError, OptionsError, StorageError, UnreadableFileError
from briefing.models import ArticleMeta, Brief
from briefing.options import OPTIONS, BriefOptions, parse_date
from briefing.render.formats import output_format as output_format_named
from briefing.request import ArticleRequest, BatchLine, Upload, numbered_lines, parse_line
from briefing.service import Briefing

if TYPE_CHECKING:
    from briefing.store.archive import StoredBrief
    from briefing.store.feeds import FeedRegistry

T = TypeVar("T")


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit: the CLI's only way of reporting a problem."""
    report(message)
    sys.exit(code)


def report(message: str) -> None:
    """One line on stderr: the first line of ``message`` (driver errors can span several)."""
    lines = message.strip().splitlines() or ["unknown error"]
    click.echo(f"briefing: error: {lines[0]}", err=True)


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
    settings = Settings.from_env()
    # one-off commands log warnings and errors only; serve, worker and beat log more
    logs.configure(settings.log_format, settings.log_level or "WARNING")
    briefing = Briefing(settings)
    ctx.call_on_close(briefing.close)
    ctx.obj = briefing


def briefing_of(ctx: click.Context) -> Briefing:
    """The service built once by the top-level command (it opens what a command uses)."""
    briefing = ctx.find_root().obj
    if not isinstance(briefing, Briefing):
        briefing = ctx.find_root().obj = Briefing(Settings.from_env())
        ctx.find_root().call_on_close(briefing.close)
    return briefing


def settings_of(ctx: click.Context) -> Settings:
    """The Settings the top-level command read."""
    return briefing_of(ctx).settings


def length_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--method / --sentences / --words / --ratio / --facts, from ``briefing.options.OPTIONS``.

    Shared by every command that ranks; values are checked by ``BriefOptions`` (exit 1).
    """
    for option in reversed(OPTIONS):
        flag = f"--{option.name}"
        if option.kind is bool:
            func = click.option(
                f"{flag}/--no-{option.name}", default=option.default, help=option.help
            )(func)
        elif option.choices:
            func = click.option(
                flag,
                default=option.default,
                show_default=True,
                type=click.Choice(option.choices, case_sensitive=False),
                help=option.help,
            )(func)
        else:
            text = (
                f"{option.help.removesuffix('.')} ({option.bounds})."
                if option.bounds
                else option.help
            )
            func = click.option(flag, type=option.kind, help=text)(func)
    return func


def queue_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--queue / --no-wait: hand the work to ``briefing worker`` processes (issue 11)."""
    func = click.option(
        "--no-wait",
        "wait",
        is_flag=True,
        default=True,
        flag_value=False,
        help="With --queue: print the job id and exit instead of waiting.",
    )(func)
    func = click.option(
        "--queue",
        is_flag=True,
        help="Queue the articles for the workers (BRIEFING_BROKER_URL), show progress.",
    )(func)
    return func


def options_from(
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    facts: bool = True,
    explain: bool = False,
) -> BriefOptions:
    """One BriefOptions from the CLI flags (validated: out-of-range values exit 1)."""
    return BriefOptions.from_mapping(
        {
            "method": method,
            "sentences": sentences,
            "words": words,
            "ratio": ratio,
            "facts": facts,
            "explain": explain,
        }
    )


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    help="text, markdown (md), json, html or eml (the formats of briefing.render.formats).",
)
@length_options
@click.option("--title", help="Headline to use instead of the one found in the text.")
@click.option(
    "--language",
    help="The article's language (ISO 639-1, e.g. fr); by default it is identified.",
)
@click.option(
    "--batch",
    type=click.Path(dir_okay=False, allow_dash=True),
    help='JSONL file of {"id", "text"[, "title"]} objects; writes one brief JSON per line.',
)
@queue_options
@click.pass_context
def brief(
    ctx: click.Context,
    files: tuple[str, ...],
    output_format: str,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    facts: bool,
    explain: bool,
    title: str | None,
    language: str | None,
    batch: str | None,
    queue: bool,
    wait: bool,
) -> None:
    """Print a brief of each FILE (or of standard input with -)."""
    briefing = briefing_of(ctx)
    settings = briefing.settings
    options = options_from(method, sentences, words, ratio, facts, explain)
    if batch is not None:
        if files:
            raise click.UsageError("give either FILE arguments or --batch, not both")
        defaults = {"title": title, "options": options.to_mapping()}
        if queue:
            from briefing.queue_cli import queued_batch

            sys.exit(queued_batch(briefing, batch, defaults, wait=wait))
        sys.exit(_run_batch(briefing, batch, defaults))
    if queue:
        raise click.UsageError("--queue is for --batch (or use briefing ingest --queue)")
    if not files:
        raise click.UsageError("give at least one FILE, or - for standard input")
    try:
        chosen = output_format_named(output_format)
    except OptionsError as error:
        raise click.UsageError(error.message) from None
    if chosen.single and len(files) > 1:
        raise click.UsageError(
            f"a {chosen.label} holds one brief: give one FILE with --format {chosen.name}"
        )

    rendering = replace(settings.output, explain=options.explain)

    def render(b: Brief) -> str | bytes:
        return chosen.render(b, rendering, None)

    if chosen.name == "json" and len(files) > 1:
        from briefing.render import render_json

        def render(b: Brief) -> str | bytes:
            return render_json(b, indent=None)  # one object per line

    failures = _Failures()
    meta = ArticleMeta(title=title, language=language)
    briefs = _each_input(briefing.brief, files, meta, options, failures)
    for number, result in enumerate(briefs):
        output = render(result)
        if isinstance(output, bytes):
            sys.stdout.buffer.write(output)
            sys.stdout.flush()
            continue
        if number and chosen.name != "json":
            click.echo("")
        click.echo(output, nl=not output.endswith("\n"))
    if failures.count:
        sys.exit(1)


@dataclass
class _Failures:
    """How many inputs of one command could not be briefed (each reported on its line)."""

    count: int = 0


def _each_input(
    run: Callable[[ArticleRequest], T],
    files: tuple[str, ...],
    meta: ArticleMeta,
    options: BriefOptions,
    failures: _Failures,
) -> Iterator[T]:
    """``run`` (brief, or store) of each input that can be read and briefed; one line on
    stderr per other."""
    for name in files:
        try:
            yield run(request_of(name, meta, options))
        except BriefingError as exc:
            failures.count += 1
            label = "<stdin>" if name == "-" else name
            report(f"{label}: {exc.message}")


def request_of(name: str, meta: ArticleMeta, options: BriefOptions) -> ArticleRequest:
    """The article a command-line argument names: a web address, a file, or - (stdin)."""
    if _is_url(name):
        return ArticleRequest(url=name, meta=meta, options=options)
    data, filename = _read_input(name)
    return ArticleRequest(file=Upload(data, filename), meta=meta, options=options)


def _is_url(name: str) -> bool:
    """A command-line input that names a web page rather than a file."""
    return name.lower().startswith(("http://", "https://")) and not Path(name).exists()


def _read_input(name: str) -> tuple[bytes, str | None]:
    if name == "-":
        return sys.stdin.buffer.read(), None
    path = Path(name)
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise UnreadableFileError("no such file") from None
    except IsADirectoryError:
        raise UnreadableFileError("is a directory") from None
    except PermissionError:
        raise UnreadableFileError("permission denied") from None


def _run_batch(briefing: Briefing, path: str, defaults: dict[str, Any]) -> int:
    """Write one brief JSON (or one error object) per input line, in input order.

    Each line is read as ``POST /api/v1/batches`` reads it (``request.parse_line``).
    """
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
            raise UnreadableFileError(f"{path}: no such file") from None
    failures = 0
    try:
        progress = tqdm(numbered_lines(handle), total=total, unit="article", file=sys.stderr)
        for number, text in progress:
            line = parse_line(number, text, defaults, max_depth=briefing.settings.max_json_depth)
            message = line.error
            if line.request is not None:
                try:
                    result = briefing.brief(line.request)
                    sys.stdout.write(render_json(result, indent=None) + "\n")
                    continue
                except BriefingError as exc:
                    message = exc.message
            failures += 1
            progress.write(f"briefing: error: line {number}: {message}", file=sys.stderr)
            error = {"id": line.id, "line": number, "error": message}
            sys.stdout.write(json.dumps(error, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdin:
            handle.close()
    sys.stdout.flush()
    return 1 if failures else 0


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The briefs' date (default: the article's publication date, else today).",
)
@length_options
@click.option("--title", help="Headline to use instead of the one found in the text.")
@click.option(
    "--language",
    help="The article's language (ISO 639-1, e.g. fr); by default it is identified.",
)
@queue_options
@click.pass_context
def ingest(
    ctx: click.Context,
    files: tuple[str, ...],
    day: Any,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    facts: bool,
    explain: bool,
    title: str | None,
    language: str | None,
    queue: bool,
    wait: bool,
) -> None:
    """Store a brief of each FILE in the archive and print its id.

    Storing an article again keeps one brief (same id), updated.
    """
    briefing = briefing_of(ctx)
    options = options_from(method, sentences, words, ratio, facts, explain)
    meta = ArticleMeta(title=title, language=language)
    if queue:
        if day:
            raise click.UsageError("--date is not available with --queue")
        from briefing.queue_cli import submit_and_follow

        lines: list[BatchLine] = []
        for number, name in enumerate(files, start=1):
            try:
                lines.append(BatchLine(number, request=request_of(name, meta, options)))
            except BriefingError as error:
                lines.append(BatchLine(number, error=f"{name}: {error.message}"))
        sys.exit(submit_and_follow(briefing, lines, wait=wait))
    failures = _Failures()

    def store(request: ArticleRequest) -> StoredBrief:
        return briefing.store(request, day=day.date() if day else None)

    for stored in _each_input(store, files, meta, options, failures):
        click.echo(stored.brief.id)
    if failures.count:
        sys.exit(1)


#: exit status of ``briefing digest --if-empty fail`` for a date with no stored article
EXIT_NO_ARTICLES = 3


def _digest_day(text: str, settings: Settings) -> dt.date:
    """YYYY-MM-DD, or today / yesterday in the configured time zone."""
    if text in {"today", "yesterday"}:
        today = dt.datetime.now(settings.zone).date()
        return today if text == "today" else today - dt.timedelta(days=1)
    try:
        return parse_date(text)
    except OptionsError:
        raise click.BadParameter(
            f"{text!r} is not a date: use YYYY-MM-DD, today or yesterday", param_hint="--date"
        ) from None


@main.command()
@click.option(
    "--date",
    "day_text",
    required=True,
    metavar="YYYY-MM-DD",
    help="The day to digest: a date, or today / yesterday in BRIEFING_TIMEZONE.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the email to this .eml file (- for standard output).",
)
@click.option("--send", is_flag=True, help="Send the email over SMTP (BRIEFING_SMTP_*).")
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDR",
    help="Recipient for --send; repeat it or separate addresses with commas.",
)
@click.option(
    "--if-empty",
    type=click.Choice(["notice", "fail"]),
    default="notice",
    show_default=True,
    help='A date with no articles: a short "no articles" digest, or a message on stderr '
    f"and exit status {EXIT_NO_ARTICLES}.",
)
@click.option("--verbose", "-v", is_flag=True, help="Say what was written or sent.")
@click.pass_context
def digest(
    ctx: click.Context,
    day_text: str,
    out: str | None,
    send: bool,
    recipients: tuple[str, ...],
    if_empty: str,
    verbose: bool,
) -> None:
    """Build the daily brief of a date as an email: write it (--out) and/or send it (--send).

    Meant for cron: no prompts, silent on success (unless -v), one line on stderr per
    problem. Exit status: 0 done, 1 failure (archive, SMTP, file), 2 bad usage,
    3 no articles for that date with --if-empty fail.
    """
    briefing = briefing_of(ctx)
    addresses = [a.strip() for value in recipients for a in value.split(",") if a.strip()]
    if not out and not send:
        raise click.UsageError("say what to do with the digest: --out FILE.eml and/or --send")
    if send and not addresses:
        raise click.UsageError("--send needs at least one --to ADDR")
    if addresses and not send:
        raise click.UsageError("--to is for --send; add --send to mail the digest")
    day = _digest_day(day_text, briefing.settings)
    try:
        result, data = briefing.digest_email(day, to=addresses)
    except StorageError as exc:
        # database drivers write several lines; cron gets the first, which says what failed
        fail(exc.message.strip().splitlines()[0])
    if not result.article_count and if_empty == "fail":
        fail(f"no articles stored for {day.isoformat()}; nothing to send", EXIT_NO_ARTICLES)
    stories = "1 story" if len(result.stories) == 1 else f"{len(result.stories)} stories"
    summary = f"{stories} from {result.article_count} articles"
    if out:
        if out == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            Path(out).write_bytes(data)
            if verbose:
                click.echo(f"wrote {out}: {summary}", err=True)
    if send:
        briefing.send_digest(day, addresses, message=data)
        if verbose:
            click.echo(f"sent to {', '.join(addresses)}: {summary}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Run the web app for local use (in production use gunicorn, as the Procfile does)."""
    from briefing.web import create_app

    busy = _port_in_use(host, port)
    if busy:
        fail(busy)
    settings = settings_of(ctx)
    logs.configure(settings.log_format, settings.log_level or "INFO")
    app = create_app(settings)
    click.echo(f"briefing: serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    app.run(host=host, port=port, threaded=True, load_dotenv=False)


def _port_in_use(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served (in use, or not an address here), else None.

    Checked by binding before the app starts, so a busy port is one clear line with the
    next free one to try, not "serving on ..." followed by a traceback.
    """
    import socket

    def free(number: int) -> bool:
        try:
            infos = socket.getaddrinfo(host, number, type=socket.SOCK_STREAM)
        except socket.gaierror:
            return True  # let the server report an unknown host in its own words
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError:
                return False
        return True

    if port == 0 or free(port):
        return None
    suggestion = next((n for n in range(port + 1, min(port + 100, 65536)) if free(n)), None)
    hint = f"; try --port {suggestion}" if suggestion else ""
    return f"port {port} is in use{hint}"


# -- feeds ------------------------------------------------------------------------------


@main.group(name="feeds")
def feeds_group() -> None:
    """RSS and Atom feeds whose new entries are briefed and stored by `feeds poll`."""


def _registry(ctx: click.Context) -> FeedRegistry:
    return briefing_of(ctx).feeds


@feeds_group.command(name="add")
@click.argument("url")
@click.option("--name", help="Name shown in listings (default: the URL).")
@click.pass_context
def feeds_add(ctx: click.Context, url: str, name: str | None) -> None:
    """Register the feed at URL and print its id."""
    click.echo(_registry(ctx).add(url, name).id)


@feeds_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per feed.")
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool) -> None:
    """The feeds: id, name, last poll, entries today, last error."""
    for feed in _registry(ctx).list():
        if as_json:
            click.echo(json.dumps(feed.to_dict()))
            continue
        moment = feed.last_polled_at
        polled = moment.isoformat(timespec="seconds") if moment else "never"
        error = f"  error: {feed.last_error}" if feed.last_error else ""
        click.echo(
            f"{feed.id}\t{feed.name}\t{feed.url}\tpolled {polled}\t"
            f"{feed.entries_today} today{error}"
        )


@feeds_group.command(name="remove")
@click.argument("feed")
@click.pass_context
def feeds_remove(ctx: click.Context, feed: str) -> None:
    """Forget FEED (an id or URL); the briefs made from it stay in the archive."""
    _registry(ctx).remove(feed)


@feeds_group.command(name="poll")
@click.option("--force", is_flag=True, help="Also poll feeds waiting to be retried.")
@click.option("--verbose", "-v", is_flag=True, help="Print the id of each brief stored.")
@click.pass_context
def feeds_poll(ctx: click.Context, force: bool, verbose: bool) -> None:
    """Brief and store every new entry of every feed; silent on success (for cron).

    A feed that fails is reported on stderr and waits longer before each retry
    (BRIEFING_FEED_RETRY_SECONDS, doubled per failure); the others are polled all the same.
    With BRIEFING_BROKER_URL set, each new entry is queued as one task for the workers.
    Exit 1 when anything failed.
    """
    result = briefing_of(ctx).poll_feeds(force=force)
    if verbose:
        for brief_id in result.stored:
            click.echo(brief_id)  # the task id of each queued entry, with a broker
    for line in result.errors:
        report(line)
    if result.errors:
        sys.exit(1)


# -- the task queue's commands: briefing worker, briefing beat, briefing db upgrade --------
from briefing.queue_cli import register as _register_queue_commands  # noqa: E402

_register_queue_commands(main)

# -- briefing eval: measuring on the shared corpora (briefing/evaluation/cli.py) ------------
from briefing.evaluation.cli import evaluate, facts_group  # noqa: E402

main.add_command(evaluate)
main.add_command(facts_group)

if __name__ == "__main__":  # pragma: no cover
    main()
