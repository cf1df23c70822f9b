"""The CLI's task-queue commands: ``briefing worker``, ``briefing db upgrade``, and what
``briefing ingest --queue`` and ``briefing brief --batch ... --queue`` do.

Kept apart from ``cli.py`` so the commands that run in one process stay as they were.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from briefing.config import Settings
from briefing.errors import BriefingError, OptionsError
from briefing.options import BriefOptions

#: Seconds between two looks at a job's progress.
POLL_SECONDS = 0.5


def _settings(ctx: click.Context) -> Settings:
    settings = ctx.find_root().obj
    return settings if isinstance(settings, Settings) else Settings.from_env()


def _options_payload(options: BriefOptions) -> dict[str, Any]:
    length = options.length
    given = {
        "method": options.method,
        "sentences": length.sentences,
        "words": length.words,
        "ratio": length.ratio,
        "facts": options.facts,
    }
    return {k: v for k, v in given.items() if v is not None}


def _queue(settings: Settings) -> Any:
    from briefing.tasks import TaskQueue

    if not settings.broker_url:
        raise OptionsError("--queue needs a task queue: set BRIEFING_BROKER_URL")
    return TaskQueue(settings)


def enqueue_and_follow(
    settings: Settings, items: list[tuple[int, dict[str, Any] | str]], *, wait: bool
) -> int:
    """Queue ``items`` as one job; print its id, then (unless not ``wait``) a progress bar
    on stderr until it is finished, and the job JSON on stdout. Exit status: 0, or 1 if
    a line failed."""
    from tqdm import tqdm

    from briefing.jobs import JobStore
    from briefing.store import Archive

    archive = Archive.from_settings(settings)
    queue = _queue(settings)
    try:
        jobs = JobStore(archive.engine)
        job_id = queue.enqueue(jobs, items)
        click.echo(f"briefing: job {job_id}: {len(items)} articles queued", err=True)
        if not wait:
            click.echo(job_id)
            return 0
        with tqdm(total=len(items), unit="article", file=sys.stderr) as progress:
            while True:
                job = jobs.get(job_id)
                progress.n = job["done"] + job["failed"]
                progress.refresh()
                if job["state"] in {"done", "failed"}:
                    break
                time.sleep(POLL_SECONDS)
        click.echo(json.dumps(job, ensure_ascii=False))
        return 1 if job["failed"] else 0
    finally:
        queue.close()
        archive.close()


def queued_batch(
    path: str, options: BriefOptions, title: str | None, settings: Settings, *, wait: bool
) -> int:
    """``briefing brief --batch FILE --queue``: the lines go to the workers."""
    from briefing.jobs import parse_batch

    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    items = parse_batch(data, max_lines=settings.batch_max_lines)
    extra = _options_payload(options)
    for _line, payload in items:
        if isinstance(payload, dict):
            payload.setdefault("options", extra)
            if title and not payload.get("title"):
                payload["title"] = title
    return enqueue_and_follow(settings, items, wait=wait)


def queued_ingest(
    files: tuple[str, ...],
    options: BriefOptions,
    title: str | None,
    settings: Settings,
    *,
    wait: bool,
) -> int:
    """``briefing ingest FILE... --queue``: each file becomes one line of a job."""
    from briefing.tasks import upload_payload

    items: list[tuple[int, dict[str, Any] | str]] = []
    for number, name in enumerate(files, start=1):
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            items.append((number, f"{name}: {error.strerror or error}"))
            continue
        fields: dict[str, Any] = {"options": _options_payload(options)}
        if title:
            fields["title"] = title
        items.append(
            (number, upload_payload(data, None if name == "-" else Path(name).name, fields))
        )
    return enqueue_and_follow(settings, items, wait=wait)


@click.command()
@click.option(
    "--concurrency", "-c", type=click.IntRange(1), help="Processes (default: one per core)."
)
@click.option(
    "--pool",
    type=click.Choice(["prefork", "solo", "threads"]),
    default="prefork",
    show_default=True,
    help="prefork enforces the time limit; solo runs tasks in this one process.",
)
@click.option("--beat", is_flag=True, help="Also run the digest schedule (one per deployment).")
@click.option("--loglevel", default="INFO", show_default=True)
@click.pass_context
def worker(
    ctx: click.Context, concurrency: int | None, pool: str, beat: bool, loglevel: str
) -> None:
    """Run a Celery worker that builds and stores briefs from the queue (BRIEFING_BROKER_URL)."""
    from briefing.tasks import make_celery

    settings = _settings(ctx)
    app = make_celery(settings)
    import os

    # a node name of its own: several workers on one machine must not answer as one
    argv = [
        "worker",
        f"--queues={settings.queue}",
        f"--loglevel={loglevel}",
        f"--pool={pool}",
        f"--hostname=briefing-{os.getpid()}@%h",
        "--without-mingle",
        "--without-gossip",
    ]
    if concurrency:
        argv.append(f"--concurrency={concurrency}")
    if beat:
        argv += ["--beat", f"--schedule={settings.instance_path / 'celerybeat-schedule'}"]
    app.worker_main(argv)


@click.command()
@click.option("--loglevel", default="INFO", show_default=True)
@click.pass_context
def beat(ctx: click.Context, loglevel: str) -> None:
    """Run Celery beat: queues the daily digest at BRIEFING_DIGEST_SCHEDULE."""
    from briefing.tasks import make_celery

    settings = _settings(ctx)
    if not settings.digest_schedule:
        raise OptionsError('nothing to schedule: set BRIEFING_DIGEST_SCHEDULE (e.g. "06:30 UTC")')
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    app = make_celery(settings)
    app.start(
        [
            "beat",
            f"--loglevel={loglevel}",
            f"--schedule={settings.instance_path / 'celerybeat-schedule'}",
        ]
    )


@click.group()
def db() -> None:
    """The archive's schema (Alembic migrations shipped in the package)."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Migrate the archive (DATABASE_URL) to the newest schema; safe to run every release."""
    from briefing.migrate import upgrade as run_upgrade

    settings = _settings(ctx)
    try:
        revision = run_upgrade(settings)
    except BriefingError:
        raise
    click.echo(f"briefing: archive at revision {revision}", err=True)


def register(main: click.Group) -> None:
    """Add these commands to the ``briefing`` group."""
    main.add_command(worker)
    main.add_command(beat)
    main.add_command(db)
