"""Job state in the archive: what a batch (or one async brief) asked for and how far it got.

A job is a row in ``jobs`` (its id, how many lines it has) plus one row per finished
line in ``job_lines`` keyed by ``(job_id, line)``: the brief id or the error. A line is
recorded by *upsert*, so a task delivered twice (its worker was killed after storing the
brief but before acknowledging) still counts once, and the counts are always ``count(*)``
of those rows, never a counter that a redelivery could bump twice.

A job handed to the task queue also keeps, in ``job_sends``, each line's payload until that
line is recorded: the broker is a transport, not the record. A message it loses (Redis
hands a message over before the worker has noted it as unacknowledged, so a ``kill -9``
in that gap (about a millisecond) loses it; a Redis restart without persistence loses every
queued one) is found there and sent again (``briefing.tasks.resend_lost_lines``).

The same tables hold ``digest_sends``: one row per (date, recipient list) whose digest was
sent, claimed before sending, so two beat processes started by mistake send it once.

The job JSON (CONTRACTS: ``GET /api/v1/jobs/<id>``)::

    {"id", "state": "queued" | "running" | "done" | "failed", "total", "done", "failed",
     "briefs": [{"line", "id"}], "errors": [{"line", "error"}]}

``state`` is ``queued`` until a worker has finished a line (one write per line, not two),
``running`` until every line is recorded, then ``done``, or ``failed`` when not one line
gave a brief.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Engine

from briefing.config import Settings
from briefing.errors import BriefingError, NotFoundError, OptionsError, StorageError
from briefing.models import Brief
from briefing.options import BriefOptions, parse_date
from briefing.store import create_tables

__all__ = [
    "JobStore",
    "brief_of_payload",
    "metadata",
    "new_job_id",
    "parse_batch",
    "run_line",
]

metadata = sa.MetaData()

jobs_table = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

job_lines_table = sa.Table(
    "job_lines",
    metadata,
    sa.Column(
        "job_id", sa.String(64), sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("line", sa.Integer, primary_key=True),
    sa.Column("brief_id", sa.String(200), nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
)

job_sends_table = sa.Table(
    "job_sends",
    metadata,
    sa.Column(
        "job_id", sa.String(64), sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("line", sa.Integer, primary_key=True),
    #: the task queue it was sent to: the workers of that queue send it again
    sa.Column("queue", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

digest_sends_table = sa.Table(
    "digest_sends",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("recipients_key", sa.String(64), primary_key=True),
    sa.Column("recipients", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
)


def new_job_id() -> str:
    """A fresh job id (random: two uploads of the same file are two jobs)."""
    return uuid.uuid4().hex


def recipients_key(recipients: list[str] | tuple[str, ...]) -> str:
    """One key for a recipient list, whatever its order, case or repetitions."""
    canonical = ",".join(sorted({a.strip().lower() for a in recipients if a.strip()}))
    return hashlib.sha256(canonical.encode()).hexdigest()


class JobStore:
    """Jobs and digest sends, in the archive's database (its engine is shared)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine, metadata.create_all, "the job tables")

    def create(
        self,
        job_id: str,
        total: int,
        sending: list[tuple[int, dict[str, Any]]] | None = None,
        *,
        queue: str = "",
    ) -> None:
        """Record a job of ``total`` lines, none finished, and the ``(line, payload)`` pairs
        about to be sent to the workers of ``queue`` (kept until each line is recorded)."""
        now = dt.datetime.now(dt.UTC)

        def write(connection: sa.Connection) -> None:
            connection.execute(jobs_table.insert().values(id=job_id, total=total, created_at=now))
            if sending:
                connection.execute(
                    job_sends_table.insert(),
                    [
                        {"job_id": job_id, "line": line, "queue": queue,
                         "payload": json.dumps(payload), "sent_at": now}
                        for line, payload in sending
                    ],
                )  # fmt: skip

        self._run(write)

    def record(
        self, job_id: str, line: int, *, brief_id: str | None = None, error: str | None = None
    ) -> None:
        """Record how ``line`` of the job ended; recording it again replaces, never adds."""
        now = dt.datetime.now(dt.UTC)
        values = {"brief_id": brief_id, "error": error, "finished_at": now}

        def write(connection: sa.Connection) -> None:
            connection.execute(
                job_sends_table.delete().where(
                    job_sends_table.c.job_id == job_id, job_sends_table.c.line == line
                )
            )
            updated = connection.execute(
                job_lines_table.update()
                .where(job_lines_table.c.job_id == job_id, job_lines_table.c.line == line)
                .values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(
                    job_lines_table.insert().values(job_id=job_id, line=line, **values)
                )

        for attempt in range(3):
            try:
                self._run(write)
                return
            except exc.IntegrityError:
                # the same line recorded at the same moment by a redelivered task: update
                if attempt == 2:
                    raise StorageError(f"could not record line {line} of job {job_id}") from None

    def get(self, job_id: str) -> dict[str, Any]:
        """The job JSON (see the module docstring).

        Raises:
            NotFoundError: no job has that id.
        """

        def read(connection: sa.Connection) -> dict[str, Any]:
            job = connection.execute(sa.select(jobs_table).where(jobs_table.c.id == job_id)).first()
            if job is None:
                raise NotFoundError(f"no job with id {job_id!r}")
            lines = connection.execute(
                sa.select(job_lines_table)
                .where(job_lines_table.c.job_id == job_id)
                .order_by(job_lines_table.c.line)
            ).all()
            briefs = [{"line": r.line, "id": r.brief_id} for r in lines if r.brief_id]
            errors = [{"line": r.line, "error": r.error} for r in lines if not r.brief_id]
            finished = len(lines) >= job.total
            if finished:
                state = "done" if briefs or job.total == 0 else "failed"
            else:
                state = "running" if lines else "queued"
            return {
                "id": job.id,
                "state": state,
                "total": job.total,
                "done": len(briefs),
                "failed": len(errors),
                "briefs": briefs,
                "errors": errors,
            }

        result: dict[str, Any] = self._read(read)
        return result

    def claim_lost(
        self, queue: str, quiet_seconds: float, *, limit: int = 500
    ) -> list[tuple[str, int, dict[str, Any]]]:
        """Lines sent to ``queue`` more than ``quiet_seconds`` ago, still unrecorded, of jobs
        that have recorded nothing for as long: ``(job_id, line, payload)``, each claimed for
        sending again.

        A line still waiting behind others, or running, belongs to a job that makes
        progress (or was sent recently), so it is left alone. The claim moves the line's
        ``sent_at`` to now only if it still holds the value just read, so of two workers
        sweeping at once one sends each line (and not a line recorded in between: its row
        is gone), and it is not claimed again for another ``quiet_seconds``.
        """
        now = dt.datetime.now(dt.UTC)
        ceiling = now - dt.timedelta(seconds=quiet_seconds)
        sends, lines = job_sends_table.c, job_lines_table.c
        recent_progress = sa.exists().where(
            lines.job_id == sends.job_id, lines.finished_at > ceiling
        )
        query = (
            sa.select(sends.job_id, sends.line, sends.payload, sends.sent_at)
            .where(sends.queue == queue, sends.sent_at < ceiling, ~recent_progress)
            .order_by(sends.sent_at, sends.job_id, sends.line)
            .limit(limit)
        )

        # read first, without the write lock a SQLite transaction takes: most sweeps find
        # nothing
        candidates = self._read(lambda c: c.execute(query).all())
        if not candidates:
            return []

        def claim(connection: sa.Connection) -> list[tuple[str, int, dict[str, Any]]]:
            claimed = []
            for row in candidates:
                moved = connection.execute(
                    job_sends_table.update()
                    .where(
                        sends.job_id == row.job_id,
                        sends.line == row.line,
                        sends.sent_at == row.sent_at,
                    )
                    .values(sent_at=now)
                )
                if moved.rowcount == 1:
                    claimed.append((row.job_id, row.line, json.loads(row.payload)))
            return claimed

        result: list[tuple[str, int, dict[str, Any]]] = self._run(claim)
        return result

    # -- digest sends ----------------------------------------------------------------------

    def claim_digest(self, day: dt.date, recipients: list[str]) -> bool:
        """Claim the sending of ``day``'s digest to ``recipients``; False if already claimed.

        The primary key makes the claim atomic across processes and machines: of two beat
        processes firing at once, exactly one insert succeeds.
        """
        now = dt.datetime.now(dt.UTC)
        try:
            self._run(
                lambda c: c.execute(
                    digest_sends_table.insert().values(
                        day=day,
                        recipients_key=recipients_key(recipients),
                        recipients=", ".join(recipients),
                        sent_at=now,
                    )
                )
            )
        except exc.IntegrityError:
            return False
        return True

    def release_digest(self, day: dt.date, recipients: list[str]) -> None:
        """Give up a claim whose sending failed, so that a retry may send it."""
        self._run(
            lambda c: c.execute(
                digest_sends_table.delete().where(
                    digest_sends_table.c.day == day,
                    digest_sends_table.c.recipients_key == recipients_key(recipients),
                )
            )
        )

    def digest_sends(self) -> list[tuple[dt.date, str]]:
        """Every digest sent: (date, recipients), oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(digest_sends_table.c.day, digest_sends_table.c.recipients).order_by(
                    digest_sends_table.c.sent_at
                )
            ).all()
        return [(row.day, row.recipients) for row in rows]

    def _read(self, work: Any) -> Any:
        try:
            with self.engine.connect() as connection:
                return work(connection)
        except exc.SQLAlchemyError as error:
            raise StorageError(f"the archive is unavailable: {type(error).__name__}") from error

    def _run(self, work: Any) -> Any:
        try:
            # briefing_write: on SQLite the transaction takes the write lock when it begins
            with self.engine.execution_options(briefing_write=True).begin() as connection:
                return work(connection)
        except exc.IntegrityError:
            raise
        except exc.SQLAlchemyError as error:
            raise StorageError(f"the archive is unavailable: {type(error).__name__}") from error


# -- the work itself: the same functions in a worker and in a request --------------------

#: Fields of one batch line (and of an async brief's JSON body).
LINE_FIELDS = ("id", "text", "html", "url", "title", "source", "published", "options")


def parse_batch(data: bytes, *, max_lines: int) -> list[tuple[int, dict[str, Any] | str]]:
    """The non-blank lines of a JSONL upload: ``(line number, payload or error message)``.

    A line that is not a JSON object with ``"text"`` or ``"html"`` becomes its error (the
    job reports it); the upload as a whole is refused only when it is not UTF-8, holds
    no line, or more than ``max_lines``.

    Raises:
        OptionsError: the upload cannot be read as a batch at all.
    """
    import json

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OptionsError("the batch is not UTF-8 text (one JSON object a line)") from None
    items: list[tuple[int, dict[str, Any] | str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(items) >= max_lines:
            raise BatchTooLarge(
                f"the batch has more than {max_lines:,} lines (BRIEFING_BATCH_MAX_LINES)"
            )
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            items.append((number, f"bad JSON: {error.msg}"))
            continue
        problem = _line_problem(item)
        items.append((number, problem if problem else item))
    if not items:
        raise OptionsError("the batch holds no line: send one JSON object a line")
    return items


class BatchTooLarge(BriefingError):
    """A batch with more lines than the configured limit."""

    status = 413
    code = "input-too-large"


def _line_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "each line must be a JSON object"
    unknown = sorted(set(item) - set(LINE_FIELDS))
    if unknown:
        return f"unknown field {unknown[0]!r}; a line has {', '.join(LINE_FIELDS)}"
    if sum(item.get(name) is not None for name in ("text", "html", "url")) != 1:
        return 'give the article as "text", "html" or "url" (exactly one)'
    for name in ("text", "html", "url", "title", "source", "published"):
        if item.get(name) is not None and not isinstance(item[name], str):
            return f"{name} must be a string"
    if item.get("id") is not None and not isinstance(item["id"], str | int):
        return "id must be a string or a number"
    if item.get("options") is not None and not isinstance(item["options"], dict):
        return "options must be an object"
    return None


def brief_of_payload(payload: dict[str, Any], settings: Settings) -> Brief:
    """Build the brief one batch line (or one async request) describes.

    ``payload`` is a batch line, or an upload: ``{"file_b64", "filename", "title"?,
    "source"?, "published"?, "options"?}``.

    Raises:
        BriefingError: the article cannot be briefed (bad input, bad option).
    """
    import base64

    from briefing.brief import build_brief
    from briefing.ingest import read_article

    options = BriefOptions.from_mapping(payload.get("options") or {})
    published = parse_date(payload["published"]) if payload.get("published") else None
    brief_id = str(payload["id"]) if payload.get("id") is not None else None
    common: dict[str, Any] = {
        "title": payload.get("title") or None,
        "source": payload.get("source") or None,
        "published": published,
        "settings": settings,
    }
    if payload.get("file_b64") is not None:
        data = base64.b64decode(payload["file_b64"])
        return build_brief(
            data, options=options, filename=payload.get("filename"), id=brief_id, **common
        )
    if payload.get("url") is not None:
        from briefing.fetch import fetch_article

        fields = {k: v for k, v in common.items() if k != "settings"}
        article = fetch_article(payload["url"], settings, **fields)
        return build_brief(article, options=options, id=brief_id, settings=settings)
    if payload.get("html") is not None:
        article = read_article(payload["html"], format="html", **common)
        return build_brief(article, options=options, id=brief_id, settings=settings)
    return build_brief(payload["text"], options=options, id=brief_id, **common)


def run_line(
    archive: Any,
    jobs: JobStore,
    settings: Settings,
    job_id: str,
    line: int,
    payload: dict[str, Any],
) -> str | None:
    """Build, store and record one line of a job; the brief id, or None if it failed.

    Bad input is recorded as the line's error. A ``StorageError`` is *raised* (the
    archive is down: a worker retries it later); everything here is idempotent, so
    running a line twice stores one brief and records one line.
    """
    try:
        brief = brief_of_payload(payload, settings)
    except StorageError:
        raise
    except BriefingError as error:
        jobs.record(job_id, line, error=error.message)
        return None
    archive.save(brief)
    jobs.record(job_id, line, brief_id=brief.id)
    return brief.id
