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

The same store keeps ``digest_sends``: one row per (date, recipient list) whose digest was
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

from briefing.errors import NotFoundError, StorageError
from briefing.store.archive import create_tables
from briefing.store.keys import MAX_JOB_ID, check_id
from briefing.store.schema import (
    digest_sends_table,
    job_lines_table,
    job_sends_table,
    jobs_table,
    metadata,
)

__all__ = ["JobStore", "new_job_id", "recipients_key"]


def new_job_id() -> str:
    """A fresh job id (random: two uploads of the same file are two jobs)."""
    return uuid.uuid4().hex


def recipients_key(recipients: list[str] | tuple[str, ...]) -> str:
    """One key for a recipient list, whatever its order, case or repetitions."""
    canonical = ",".join(sorted({a.strip().lower() for a in recipients if a.strip()}))
    return hashlib.sha256(canonical.encode()).hexdigest()


class JobStore:
    """Jobs and digest sends, in the archive's database (its engine is shared)."""

    def __init__(self, engine: Engine, *, create: bool = True) -> None:
        self.engine = engine
        if create:  # a read-only archive has its tables already, or refused to open
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
        check_id(job_id, MAX_JOB_ID, "job")

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

    def record_digest(self, day: dt.date, recipients: list[str]) -> None:
        """Note that ``day``'s digest went to ``recipients`` (again, when sent by hand)."""
        if self.claim_digest(day, recipients):
            return
        self._run(
            lambda c: c.execute(
                digest_sends_table.update()
                .where(
                    digest_sends_table.c.day == day,
                    digest_sends_table.c.recipients_key == recipients_key(recipients),
                )
                .values(sent_at=dt.datetime.now(dt.UTC))
            )
        )

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
