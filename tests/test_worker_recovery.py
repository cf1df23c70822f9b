"""A killed worker's lines come back within minutes, with the default settings, on each broker.

What an operator tries (issue 20): a batch of 60 posted to the web app, the Procfile's
worker (``briefing worker --concurrency 1``: Celery's prefork pool) killed with SIGKILL
after a few lines, another worker started. Every line must then be stored exactly once,
within the bound: at once on RabbitMQ (the broker gives a dead connection's unacknowledged
message to the next consumer), within 5 minutes on Redis (the message comes back after
the default visibility timeout). The recovery rests on Celery's own mechanisms only:
``acks_late`` with ``reject_on_worker_lost`` and the broker's redelivery.

The workers run against the loopback PostgreSQL (a schema of their own) and the broker
named by ``BRIEFING_TEST_AMQP_URL`` / ``BRIEFING_TEST_REDIS_URL``, on a queue of their
own; each test skips with the reason when a server does not answer. Every wait ends at
its bound, and every process started here is stopped by its pid.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from corpus_lines import corpus_lines
from postgres import postgres_schema

from briefing.config import Settings
from briefing.store import Archive
from briefing.store.jobs import JobStore
from briefing.web import create_app

REDIS_URL = os.environ.get("BRIEFING_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
AMQP_URL = os.environ.get("BRIEFING_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
#: what the issue promises with default settings: the batch done within 5 minutes
REDIS_BOUND = 300.0
#: RabbitMQ hands the message over as the connection drops: the heir's start-up dominates
AMQP_BOUND = 60.0
LINES = 60
RECEIVED = re.compile(r"Task briefing\.run_line\[([0-9a-f-]+)\] received")
STORED = re.compile(r"\[job=\w+ line=(\d+)\] stored brief")
SUCCEEDED_LINE = re.compile(
    r"\[job=\w+ line=(\d+)\] Task briefing\.run_line\[[0-9a-f-]+\] succeeded"
)
FINISHED = re.compile(r"Task briefing\.run_line\[([0-9a-f-]+)\] (?:succeeded|failed|raised)")


def broker_answers(url: str) -> str | None:
    """None when the broker at ``url`` answers, else why not."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None


@dataclass
class Worker:
    """``briefing worker --concurrency 1`` as the Procfile runs it; stopped by its pid."""

    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, env: dict[str, str], log: Path) -> Worker:
        command = [sys.executable, "-m", "briefing.cli", "worker", "--concurrency", "1"]
        with log.open("w") as out:
            process = subprocess.Popen(
                command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
            )
        return cls(process, log)

    def wait_ready(self, seconds: float = 60.0) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if " ready." in self.log.read_text():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        raise AssertionError(f"the worker is not ready: {self.log.read_text()[-2000:]}")

    def received(self) -> set[str]:
        """The ids of the tasks it was given."""
        return set(RECEIVED.findall(self.log.read_text()))

    def stored_unsaid(self) -> int:
        """How many lines it stored whose task it never said had succeeded."""
        log = self.log.read_text()
        return len(set(STORED.findall(log)) - set(SUCCEEDED_LINE.findall(log)))

    def held(self) -> set[str]:
        """The ids of the tasks it was given and has not finished."""
        return self.received() - set(FINISHED.findall(self.log.read_text()))

    def pool(self) -> list[int]:
        """The pids of its pool's processes."""
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def kill(self) -> list[int]:
        """SIGKILL to the worker (not its pool, as ``kill -9 <pid>`` does); its pool's pids."""
        children = self.pool()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        return children

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.send_signal(signal.SIGKILL)
                self.process.wait(timeout=10)


def end_orphans(pids: list[int], seconds: float = 20.0) -> None:
    """Wait for a killed worker's pool processes to notice and exit; kill those that stay."""
    end = time.monotonic() + seconds
    for pid in pids:
        while Path(f"/proc/{pid}").exists() and time.monotonic() < end:
            state = Path(f"/proc/{pid}/stat").read_text().split()[2] if _alive(pid) else "Z"
            if state == "Z":
                break
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@dataclass
class Deployment:
    """The web app's settings and the workers' environment for one broker."""

    settings: Settings
    env: dict[str, str]
    schema: str
    admin: sa.Engine
    folder: Path

    def stored(self, ids: list[str]) -> int:
        """How many rows hold these brief ids (a brief stored twice would be two ids only
        if the id changed, so the job's rows are counted too)."""
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'set search_path to "{self.schema}"'))
            return int(
                connection.execute(
                    sa.text("select count(*) from briefs where id = any(:ids)"), {"ids": ids}
                ).scalar_one()
            )

    def job_rows(self, job_id: str) -> tuple[int, int]:
        """The job's recorded lines: rows, and distinct line numbers among them."""
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'set search_path to "{self.schema}"'))
            rows, lines = connection.execute(
                sa.text("select count(*), count(distinct line) from job_lines where job_id = :j"),
                {"j": job_id},
            ).one()
        return int(rows), int(lines)


@contextmanager
def deployment(broker: str, folder: Path) -> Iterator[Deployment]:
    """Default settings but for the broker, the archive and a queue of the test's own."""
    with postgres_schema("briefing_recovery") as pg:
        env = {
            "BRIEFING_BROKER_URL": broker,
            "DATABASE_URL": pg.url,
            "BRIEFING_QUEUE": f"recovery-{uuid.uuid4().hex[:8]}",
            "BRIEFING_INSTANCE_PATH": str(folder),
        }
        settings = Settings.from_env(env)
        try:
            yield Deployment(settings, env, pg.name, pg.admin, folder)
        finally:
            _drop_queue(settings)


def _drop_queue(settings: Settings) -> None:
    from briefing.taskqueue import celery_app

    app = celery_app(settings)
    try:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(settings.queue)
    except Exception:  # the broker went away: nothing left to tidy
        pass
    finally:
        app.close()


def kill_a_worker_mid_batch(deploy: Deployment, corpus: Path, bound: float) -> float:
    """Post a batch of ``LINES``, kill the worker with SIGKILL after a few lines, start
    another; the seconds from the kill until the job was done. Asserts every line stored
    once."""
    lines = corpus_lines(corpus, LINES, f"r{uuid.uuid4().hex[:6]}")
    ids = [line["id"] for line in lines]
    victim = Worker.start(deploy.env, deploy.folder / "victim.log")
    heir: Worker | None = None
    orphans: list[int] = []
    archive = Archive.from_settings(deploy.settings)
    jobs = JobStore(archive.engine)
    try:
        victim.wait_ready()
        client = create_app(deploy.settings).test_client()
        body = "".join(json.dumps(line) + "\n" for line in lines)
        answer = client.post(
            "/api/v1/batches", data=body, headers={"Content-Type": "application/x-ndjson"}
        )
        assert answer.status_code == 202, answer.get_data(as_text=True)
        job_id = answer.get_json()["id"]
        end = time.monotonic() + 60
        while not (jobs.get(job_id)["done"] >= 3 and victim.held()) and time.monotonic() < end:
            time.sleep(0.01)
        orphans = victim.kill()
        killed_at = time.monotonic()
        before = jobs.get(job_id)
        assert 3 <= before["done"] < LINES, f"the kill did not come mid-batch: {before}"
        heir = Worker.start(deploy.env, deploy.folder / "heir.log")
        heir.wait_ready()
        while time.monotonic() < killed_at + bound:
            job = jobs.get(job_id)
            if job["state"] in {"done", "failed"}:
                break
            time.sleep(0.5)
        took = time.monotonic() - killed_at
        job = jobs.get(job_id)
        assert (job["state"], job["done"], job["failed"]) == ("done", LINES, 0), (
            f"after {took:.0f} s: {job['done']} of {LINES} done, {job['failed']} failed; "
            f"{heir.log.read_text()[-1500:]}"
        )
        # what the dead worker held and never finished was delivered again, to the heir
        # (its log read now: the pool's process the kill orphaned may have finished it)
        # the kill may also fall between storing a line and saying its task succeeded:
        # such a task is done (its line stored once) and not delivered again before the
        # job ends, so it may be missing from the heir's, one for each such line
        unfinished = victim.held()
        lost = unfinished - heir.received()
        assert len(lost) <= victim.stored_unsaid(), (lost, heir.log.read_text()[-1500:])
        assert sorted(b["id"] for b in job["briefs"]) == sorted(ids)
        assert deploy.stored(ids) == LINES
        assert deploy.job_rows(job_id) == (LINES, LINES)
        return took
    finally:
        for worker in (victim, heir):
            if worker is not None:
                worker.stop()
        end_orphans(orphans)
        archive.close()


def test_rabbitmq_gives_a_killed_workers_line_to_the_next_worker_at_once(
    corpus: Path, tmp_path: Path
) -> None:
    why = broker_answers(AMQP_URL)
    if why:
        pytest.skip(f"no RabbitMQ answers at {AMQP_URL}: {why}")
    with deployment(AMQP_URL, tmp_path) as deploy:
        assert deploy.settings.task_visibility_timeout == 150  # the defaults, untouched
        took = kill_a_worker_mid_batch(deploy, corpus, AMQP_BOUND)
    print(f"RabbitMQ: the batch was done {took:.1f} s after the kill")


@pytest.mark.slow
def test_redis_with_default_settings_brings_a_killed_workers_line_back_within_5_minutes(
    corpus: Path, tmp_path: Path
) -> None:
    why = broker_answers(REDIS_URL)
    if why:
        pytest.skip(f"no Redis answers at {REDIS_URL}: {why}")
    with deployment(REDIS_URL, tmp_path) as deploy:
        settings = deploy.settings
        assert settings.task_visibility_timeout > settings.task_time_limit  # never cut short
        took = kill_a_worker_mid_batch(deploy, corpus, REDIS_BOUND)
    print(f"Redis: the batch was done {took:.1f} s after the kill")
