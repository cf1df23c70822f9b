"""The CLI's task-queue commands: ``briefing worker``, ``briefing beat``, ``briefing db
upgrade``, and how ``briefing ingest --queue`` and ``briefing brief --batch ... --queue``
follow the job they submit.

Kept apart from ``cli.py`` so the commands that run in one process stay as they were.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from briefing import logs, metrics
from briefing.config import Settings
from briefing.errors import BriefingError, OptionsError
from briefing.request import BatchLine, parse_batch
from briefing.service import Briefing

#: Seconds between two looks at a job's progress.
POLL_SECONDS = 0.5


def _settings(ctx: click.Context) -> Settings:
    root = ctx.find_root().obj
    settings = getattr(root, "settings", None)
    return settings if isinstance(settings, Settings) else Settings.from_env()


def submit_and_follow(briefing: Briefing, lines: list[BatchLine], *, wait: bool) -> int:
    """Queue ``lines`` as one job; print its id, then (unless not ``wait``) a progress bar
    on stderr until it is finished, and the job JSON on stdout. Exit status: 0, or 1 if
    a line failed."""
    from tqdm import tqdm

    if not briefing.queued:
        raise OptionsError("--queue needs a task queue: set BRIEFING_BROKER_URL")
    job = briefing.submit(lines)
    click.echo(f"briefing: job {job.id}: {len(lines)} articles queued", err=True)
    if not wait:
        click.echo(job.id)
        return 0
    with tqdm(total=len(lines), unit="article", file=sys.stderr) as progress:
        while True:
            data = briefing.jobs.get(job.id)
            progress.n = data["done"] + data["failed"]
            progress.refresh()
            if data["state"] in {"done", "failed"}:
                break
            time.sleep(POLL_SECONDS)
    click.echo(json.dumps(data, ensure_ascii=False))
    return 1 if data["failed"] else 0


def queued_batch(briefing: Briefing, path: str, defaults: dict[str, Any], *, wait: bool) -> int:
    """``briefing brief --batch FILE --queue``: the lines go to the workers."""
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    lines = parse_batch(
        data,
        max_lines=briefing.settings.batch_max_lines,
        defaults=defaults,
        max_depth=briefing.settings.max_json_depth,
    )
    return submit_and_follow(briefing, lines, wait=wait)


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
    from briefing.taskqueue import TaskQueue
    from briefing.tasks import make_celery

    settings = _settings(ctx)
    logs.configure(settings.log_format, settings.log_level or loglevel.upper())
    # every pool process counts in one folder of this worker's own, emptied at start;
    # this runs before the first metric is made, so the pool's processes inherit it
    metrics.use_folder(settings.metrics_folder / f"worker-{os.getpid()}", clear=True)
    app = make_celery(settings)
    if settings.worker_metrics_port:
        key = settings.metrics_key.get_secret_value() if settings.metrics_key else None
        depth = metrics.QueueDepth(settings.queue, TaskQueue(settings, app=app).waiting)
        metrics.serve(settings.worker_metrics_port, key, [depth])
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
    logs.configure(settings.log_format, settings.log_level or loglevel.upper())
    if not settings.digest_schedule:
        # the Procfile runs beat everywhere: with nothing to send it waits, and says so
        logging.getLogger(__name__).warning(
            'nothing to schedule: set BRIEFING_DIGEST_SCHEDULE (e.g. "06:30 UTC") and '
            "BRIEFING_DIGEST_RECIPIENTS to send the daily digest"
        )
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
