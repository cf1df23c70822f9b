"""The task queue with real processes: Celery workers over the local Redis and PostgreSQL.

Two workers (``briefing worker --pool solo``, subprocesses) are shared by this module; they
use Redis DB 5 (only that DB is flushed), a queue and a PostgreSQL schema of their own.
Tests that kill or starve workers start their own on another queue. Everything skips
with a reason where Redis or PostgreSQL does not answer.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from corpus_lines import corpus_lines
from postgres import postgres_schema

from briefing.cli import main
from briefing.config import Settings
from briefing.store import Archive
from briefing.store.jobs import JobStore
from briefing.taskqueue import TaskQueue
from briefing.tasks import make_celery, resend_lost_lines
from briefing.web import create_app

REDIS_URL = os.environ.get("BRIEFING_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
#: Every wait in this module ends by then, so a broken worker fails the test, never hangs it.
DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis answers at {REDIS_URL}: {error}")
    return client


@dataclass
class Mailbox:
    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@dataclass
class Stack:
    """The servers and settings the module's workers run with."""

    settings: Settings
    env: dict[str, str]
    schema: str
    app_name: str
    mailbox: Mailbox
    logs: Path
    admin: sa.Engine

    def briefs_count(self, ids: list[str]) -> int:
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'set search_path to "{self.schema}"'))
            rows = connection.execute(
                sa.text("select id from briefs where id = any(:ids)"), {"ids": ids}
            ).all()
        return len(rows)

    def job_line_rows(self, job_id: str) -> int:
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'set search_path to "{self.schema}"'))
            return int(
                connection.execute(
                    sa.text("select count(*) from job_lines where job_id = :j"), {"j": job_id}
                ).scalar_one()
            )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    client = _redis()
    with postgres_schema("briefing_tasks") as pg:
        # the workers' connections carry a name, so a test can cut them off by it
        app_name = f"w_{pg.name}"
        url = f"{pg.url}&application_name={app_name}"
        client.flushdb()
        mailbox = Mailbox()
        port = free_port()
        smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
        smtp.start()
        logs = tmp_path_factory.mktemp("workers")
        env = {
            "BRIEFING_BROKER_URL": REDIS_URL,
            "DATABASE_URL": url,
            "BRIEFING_QUEUE": f"test-{pg.name}",
            "BRIEFING_SMTP_HOST": "127.0.0.1",
            "BRIEFING_SMTP_PORT": str(port),
            "BRIEFING_INSTANCE_PATH": str(logs),
            "BRIEFING_TASK_VISIBILITY_TIMEOUT": "5",
            "BRIEFING_TASK_TIME_LIMIT": "30",
            # the feed test's site runs on loopback
            "BRIEFING_FETCH_ALLOW_HOSTS": "127.0.0.1",
            "BRIEFING_FETCH_TIMEOUT": "5",
        }
        settings = Settings.from_env(env)
        try:
            yield Stack(settings, env, pg.name, app_name, mailbox, logs, pg.admin)
        finally:
            smtp.stop()
            client.flushdb()


class Worker:
    """One ``briefing worker`` subprocess; stopped by its pid."""

    def __init__(self, stack: Stack, name: str, **env: str) -> None:
        self.log = stack.logs / f"{name}.log"
        self.name = name
        environment = {**os.environ, **stack.env, **env}
        command = [sys.executable, "-m", "briefing.cli", "worker", "--pool", "solo"]
        command += ["--loglevel", "INFO"]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [*command], env=environment, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if "ready" in self.log.read_text():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.name} exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        raise AssertionError(f"worker {self.name} not ready: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def workers(stack: Stack) -> Iterator[list[Worker]]:
    started = [Worker(stack, "one"), Worker(stack, "two")]
    try:
        for worker in started:
            worker.wait_ready()
        yield started
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture(scope="module")
def jobs(stack: Stack) -> Iterator[JobStore]:
    archive = Archive.from_settings(stack.settings)
    yield JobStore(archive.engine)
    archive.close()


def wait_for(jobs: JobStore, job_id: str, seconds: float = DEADLINE) -> dict[str, Any]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job = jobs.get(job_id)
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} not finished in {seconds} s: {jobs.get(job_id)}")


def ndjson(lines: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


# -- the API with a broker ------------------------------------------------------------------


def test_prefer_respond_async_answers_202_and_a_worker_stores_the_brief(
    stack: Stack, workers: list[Worker], jobs: JobStore
) -> None:
    client = create_app(stack.settings).test_client()
    body = {"text": "The council approved the budget on Monday. Critics said it was late.",
            "title": "Budget approved", "published": "2024-05-02"}  # fmt: skip
    answer = client.post("/api/v1/briefs", json=body, headers={"Prefer": "respond-async"})
    assert answer.status_code == 202, answer.get_data(as_text=True)
    assert answer.headers["Preference-Applied"] == "respond-async"
    location = answer.headers["Location"]
    assert location == f"/api/v1/jobs/{answer.get_json()['id']}"
    assert answer.get_json()["state"] in {"queued", "running", "done"}
    job = wait_for(jobs, answer.get_json()["id"])
    followed = client.get(location).get_json()
    assert followed == job
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 1, 1, 0)
    [stored] = job["briefs"]
    brief = client.get(f"/api/v1/briefs/{stored['id']}")
    assert brief.status_code == 200
    assert brief.get_json()["title"] == "Budget approved"


def test_a_batch_reports_each_bad_line_and_stores_the_others(
    stack: Stack, workers: list[Worker], jobs: JobStore
) -> None:
    client = create_app(stack.settings).test_client()
    body = b"\n".join(
        [
            json.dumps({"text": "Floods closed the road on Tuesday. Drivers waited."}).encode(),
            b"{not json",  # line 2: not JSON
            json.dumps({"title": "no text"}).encode(),  # line 3: neither text nor html
            json.dumps({"html": "<html><body><h1>Fire</h1><p>A fire broke out at the mill "
                        "on Friday. Nobody was hurt, officials said.</p></body></html>"}).encode(),
            json.dumps({"text": "   "}).encode(),  # line 5: empty article (found by the worker)
        ]
    )  # fmt: skip
    answer = client.post(
        "/api/v1/batches", data=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert answer.status_code == 202, answer.get_data(as_text=True)
    job = wait_for(jobs, answer.get_json()["id"])
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 5, 2, 3)
    assert [b["line"] for b in job["briefs"]] == [1, 4]
    assert [e["line"] for e in job["errors"]] == [2, 3, 5]
    assert "JSON" in job["errors"][0]["error"]


def test_batch_of_500_corpus_articles_through_two_workers_stores_each_once(
    stack: Stack, workers: list[Worker], jobs: JobStore, corpus: Path
) -> None:
    lines = corpus_lines(corpus, 500, "b500")
    client = create_app(stack.settings).test_client()
    answer = client.post(
        "/api/v1/batches",
        data={"file": (io.BytesIO(ndjson(lines)), "batch.jsonl")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 202, answer.get_data(as_text=True)
    job = wait_for(jobs, answer.get_json()["id"])
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 500, 500, 0)
    ids = [line["id"] for line in lines]
    assert sorted(b["id"] for b in job["briefs"]) == sorted(ids)
    assert stack.briefs_count(ids) == 500
    assert stack.job_line_rows(job["id"]) == 500
    # both workers took part
    for worker in workers:
        assert "briefing.run_line" in worker.log.read_text(), worker.name
    # each line's log line names its job and line
    logged = "".join(worker.log.read_text() for worker in workers)
    assert re.search(rf"\[job={job['id']} line=\d+\] stored brief b500-", logged), logged[-2000:]


def test_kill_9_of_a_worker_holding_tasks_loses_and_duplicates_nothing(
    stack: Stack, jobs: JobStore, corpus: Path
) -> None:
    queue_name = f"kill-{uuid.uuid4().hex[:8]}"
    settings = stack.settings.with_changes(queue=queue_name)
    lines = corpus_lines(corpus, 120, "k9")
    victim = Worker(stack, "victim", BRIEFING_QUEUE=queue_name)
    heir: Worker | None = None
    try:
        victim.wait_ready()
        queue = TaskQueue(settings)
        items: list[tuple[int, dict[str, Any] | str]] = list(enumerate(lines, start=1))
        job_id = queue.enqueue(jobs, items)
        queue.close()
        end = time.monotonic() + DEADLINE
        while jobs.get(job_id)["done"] < 10 and time.monotonic() < end:
            time.sleep(0.05)
        victim.kill()
        before = jobs.get(job_id)
        assert before["state"] == "running" and 10 <= before["done"] < 120, before
        heir = Worker(stack, "heir", BRIEFING_QUEUE=queue_name)
        heir.wait_ready()
        try:
            job = wait_for(jobs, job_id)
        except AssertionError:
            client = _redis()
            keys = sorted(k.decode() for k in client.keys("*") if b"meta" not in k)
            dump = {k: client.type(k).decode() for k in keys}
            raise AssertionError(f"{dump} {heir.log.read_text()[-3000:]}") from None
    finally:
        victim.stop()
        if heir is not None:
            heir.stop()
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 120, 120, 0)
    ids = [line["id"] for line in lines]
    assert sorted(b["id"] for b in job["briefs"]) == sorted(ids)
    assert stack.briefs_count(ids) == 120
    assert stack.job_line_rows(job_id) == 120


def drop_queued_messages(queue_name: str) -> int:
    """Empty ``queue_name``'s lists in Redis, as a restart of a Redis without persistence
    does; how many messages were dropped."""
    client = _redis()
    keys = [k for k in client.keys(f"{queue_name}*") if not k.startswith(b"_kombu")]
    dropped = sum(int(client.llen(key)) for key in keys)
    if keys:
        client.delete(*keys)
    return dropped


def test_a_backlog_is_not_sent_again_but_lines_the_broker_lost_are(
    stack: Stack, jobs: JobStore
) -> None:
    # No worker reads this queue: its lines wait, past the visibility timeout.
    settings = stack.settings.with_changes(
        queue=f"lost-{uuid.uuid4().hex[:8]}", task_visibility_timeout=1
    )
    queue = TaskQueue(settings)
    try:
        items: list[tuple[int, dict[str, Any] | str]] = [
            (n, {"id": f"lost-{n}", "text": f"Item {n} was reported on Monday. It rained."})
            for n in range(1, 4)
        ]
        job_id = queue.enqueue(jobs, [*items, (4, "line 4 is not JSON")])
        time.sleep(1.5)
        assert queue.waiting() == 3
        assert resend_lost_lines(queue, jobs) == 0  # waiting in the queue: late, not lost
        assert drop_queued_messages(settings.queue) == 3
        assert queue.waiting() == 0
        assert resend_lost_lines(queue, jobs) == 3  # the lost lines, not the failed one
        assert queue.waiting() == 3
        assert resend_lost_lines(queue, jobs) == 0  # sent again once
        assert jobs.get(job_id)["failed"] == 1
    finally:
        drop_queued_messages(settings.queue)
        queue.close()


def test_a_worker_sends_again_the_lines_the_broker_lost_and_the_job_finishes(
    stack: Stack, jobs: JobStore
) -> None:
    queue_name = f"lost-{uuid.uuid4().hex[:8]}"
    settings = stack.settings.with_changes(queue=queue_name)
    lines = [{"id": f"gone-{n}", "text": f"Item {n} was reported on Monday. It rained."}
             for n in range(1, 6)]  # fmt: skip
    queue = TaskQueue(settings)
    job_id = queue.enqueue(jobs, list(enumerate(lines, start=1)))
    queue.close()
    assert drop_queued_messages(queue_name) == 5  # the broker restarted and lost them
    worker = Worker(stack, "finder", BRIEFING_QUEUE=queue_name)
    try:
        worker.wait_ready()
        job = wait_for(jobs, job_id)
    finally:
        worker.stop()
    assert (job["state"], job["done"], job["failed"]) == ("done", 5, 0)
    assert stack.briefs_count([line["id"] for line in lines]) == 5
    assert "sending again 5 lines the broker lost" in worker.log.read_text()


def test_postgresql_connections_dropped_mid_batch_are_retried(
    stack: Stack, workers: list[Worker], jobs: JobStore, corpus: Path
) -> None:
    # Restarting the machine's shared PostgreSQL would disturb other users of it: instead
    # every connection of the workers (their application_name) is terminated, again and
    # again, while the batch runs — what a restart does to them.
    lines = corpus_lines(corpus, 200, "pg")
    queue = TaskQueue(stack.settings)
    job_id = queue.enqueue(jobs, list(enumerate(lines, start=1)))
    queue.close()
    retries_before = sum(w.log.read_text().count("retrying") for w in workers)
    terminated = 0
    end = time.monotonic() + DEADLINE
    while jobs.get(job_id)["state"] not in {"done", "failed"} and time.monotonic() < end:
        with stack.admin.connect() as connection:
            terminated += len(
                connection.execute(
                    sa.text(
                        "select pg_terminate_backend(pid) from pg_stat_activity "
                        "where application_name = :name"
                    ),
                    {"name": stack.app_name},
                ).all()
            )
        time.sleep(0.05)
    job = wait_for(jobs, job_id)
    assert terminated > 0
    assert (job["state"], job["done"], job["failed"]) == ("done", 200, 0), job["errors"][:3]
    assert stack.briefs_count([line["id"] for line in lines]) == 200
    retries = sum(w.log.read_text().count("retrying") for w in workers) - retries_before
    assert retries > 0, "no task met a dropped connection: the test did not test retries"


def test_the_broker_unreachable_answers_503_for_async_and_sync_still_works(
    stack: Stack,
) -> None:
    settings = stack.settings.with_changes(broker_url=f"redis://127.0.0.1:{free_port()}/0")
    client = create_app(settings).test_client()
    body = {"text": "The bridge reopened on Sunday. Traffic returned to normal."}
    answer = client.post("/api/v1/briefs", json=body, headers={"Prefer": "respond-async"})
    assert answer.status_code == 503
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["type"] == "/problems/queue-unavailable"
    batch = client.post(
        "/api/v1/batches", data=json.dumps(body), headers={"Content-Type": "application/x-ndjson"}
    )
    assert (batch.status_code, batch.mimetype) == (503, "application/problem+json")
    assert client.post("/api/v1/briefs", json=body).status_code in {200, 201}


# -- the CLI with a broker ------------------------------------------------------------------


def test_cli_batch_queue_waits_with_a_progress_bar_then_prints_the_job(
    stack: Stack, workers: list[Worker], tmp_path: Path
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        ndjson([{"id": f"cli-{n}", "text": f"Item {n} was reported on Monday. It rained."}
                for n in range(3)])
    )  # fmt: skip
    result = CliRunner().invoke(main, ["brief", "--batch", str(path), "--queue"], env=stack.env)
    assert result.exit_code == 0, result.output
    job = json.loads(result.stdout.strip().splitlines()[-1])
    assert (job["state"], job["done"]) == ("done", 3)
    assert "article" in result.stderr  # the progress bar


def test_cli_ingest_queue_no_wait_prints_the_job_id(
    stack: Stack, workers: list[Worker], jobs: JobStore, tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Storm hits coast\n\nA storm hit the coast on Monday. Roads were shut.\n")
    result = CliRunner().invoke(main, ["ingest", str(path), "--queue", "--no-wait"], env=stack.env)
    assert result.exit_code == 0, result.output
    job = wait_for(jobs, result.stdout.strip())
    assert (job["state"], job["done"]) == ("done", 1)


def test_feeds_poll_with_a_broker_queues_one_task_per_entry_and_workers_store_them(
    stack: Stack, workers: list[Worker], corpus: Path
) -> None:
    from site_server import ENTRY_DAY, RSS_ITEMS, load_articles, serve

    with serve(load_articles(corpus)) as site:
        added = CliRunner().invoke(main, ["feeds", "add", site.url("/rss.xml")], env=stack.env)
        assert added.exit_code == 0, added.output
        result = CliRunner().invoke(main, ["feeds", "poll", "-v"], env=stack.env)
        assert result.exit_code == 0, result.output
        task_ids = result.stdout.split()
        assert len(task_ids) == len(RSS_ITEMS)  # one queued task per entry, none briefed here
        archive = Archive.from_settings(stack.settings)
        try:
            end = time.monotonic() + DEADLINE
            while time.monotonic() < end and archive.count(day=ENTRY_DAY) < len(RSS_ITEMS):
                time.sleep(0.3)
            assert archive.count(day=ENTRY_DAY) == len(RSS_ITEMS)  # stored by the workers
            # a second poll finds nothing new: no task queued, nothing stored twice
            again = CliRunner().invoke(main, ["feeds", "poll", "-v", "--force"], env=stack.env)
            assert (again.exit_code, again.stdout) == (0, "")
            assert archive.count(day=ENTRY_DAY) == len(RSS_ITEMS)
        finally:
            archive.close()
        pages = [path for path, _ in site.requests if path.startswith("/a/")]
        assert len(pages) == len(RSS_ITEMS)  # each page fetched once, by a worker


def test_queued_work_that_fails_in_a_worker_ends_its_job(
    stack: Stack, workers: list[Worker], jobs: JobStore, corpus: Path
) -> None:
    # a .docx whose deflate data is corrupt stayed "queued" for ever (zlib.error in the
    # worker, no line recorded); a URL line redirecting to about:blank left its batch
    # "running" (httpx.InvalidURL)
    import zipfile

    from site_server import load_articles, serve

    client = create_app(stack.settings).test_client()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/document.xml", "<w:document>" + "<w:p>Storm.</w:p>" * 200 + "</w:document>"
        )
    docx = bytearray(buffer.getvalue())
    start = 30 + len("word/document.xml")
    docx[start + 10 : start + 40] = b"\xff" * 30
    answer = client.post(
        "/api/v1/briefs",
        data={"file": (io.BytesIO(bytes(docx)), "storm.docx")},
        content_type="multipart/form-data",
        headers={"Prefer": "respond-async"},
    )
    assert answer.status_code == 202, answer.get_data(as_text=True)
    job = wait_for(jobs, answer.get_json()["id"])
    assert (job["state"], job["failed"]) == ("failed", 1)
    assert "not a readable .docx document" in job["errors"][0]["error"]

    with serve(load_articles(corpus)) as site:
        lines = [
            {"id": "redirected", "url": site.url("/to-scheme/about")},
            {"id": "fine", "text": "Floods closed the road on Tuesday. Drivers waited."},
        ]
        answer = client.post(
            "/api/v1/batches", data=ndjson(lines), headers={"Content-Type": "application/x-ndjson"}
        )
        assert answer.status_code == 202, answer.get_data(as_text=True)
        job = wait_for(jobs, answer.get_json()["id"])
    assert (job["state"], job["done"], job["failed"]) == ("done", 1, 1)
    assert "about: address" in job["errors"][0]["error"]


# -- the digest, sent once ------------------------------------------------------------------


def test_two_beats_firing_at_once_send_the_digest_once(
    stack: Stack, workers: list[Worker], jobs: JobStore
) -> None:
    from briefing import build_brief

    archive = Archive.from_settings(stack.settings)
    day = "2023-07-14"
    for n in range(3):
        text = f"Story {n} happened on Friday. Officials said more later."
        archive.save(build_brief(text, title=f"Digest story {n}", published=dt.date(2023, 7, 14)))
    archive.close()
    before = len(stack.mailbox.envelopes)
    queue = TaskQueue(stack.settings)
    recipients = ["desk@example.org", "chief@example.org"]
    # what two beat processes do at 06:30: each queues the digest task
    results = [queue.app.send_task("briefing.send_digest", args=(day, recipients),
                                   queue=stack.settings.queue) for _ in range(2)]  # fmt: skip
    answers = sorted(r.get(timeout=DEADLINE) for r in results)
    assert "already sent" in answers[0] and "sent to" in answers[1], answers
    # a third time, the recipients in another order: still sent once
    again = queue.app.send_task(
        "briefing.send_digest", args=(day, list(reversed(recipients))), queue=stack.settings.queue
    ).get(timeout=DEADLINE)
    queue.close()
    assert "already sent" in again
    assert len(stack.mailbox.envelopes) - before == 1
    assert sorted(stack.mailbox.envelopes[-1].rcpt_tos) == sorted(recipients)
    assert [d.isoformat() for d, _ in jobs.digest_sends()].count(day) == 1


def test_the_beat_schedule_comes_from_the_settings() -> None:
    settings = Settings(
        broker_url="redis://127.0.0.1:1/0",
        digest_schedule="06:30 Europe/London",
        digest_recipients=("desk@example.org",),
    )
    app = make_celery(settings)
    entry = app.conf.beat_schedule["daily-digest"]
    assert entry["task"] == "briefing.send_digest"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})
    assert app.conf.timezone == "Europe/London"
