"""Scaling out: briefs/s with 1 then 2 worker processes, and 1 vs 2 gunicorn processes.

Usage::

    python benchmarks/scale.py [--n 2000] [--web-n 300] [--redis redis://127.0.0.1:6379/5]
                               [--postgres postgresql://postgres@127.0.0.1:5432/test]

Workers: N BBC corpus articles (``../shared/corpus/bbc-news-summary``, dev then test) are
enqueued as one job on loopback Redis, and the clock runs until the last one is stored in
PostgreSQL (a schema of its own, dropped afterwards); with one ``briefing worker
--pool solo`` process, then with two, in the same run. Each run stores its own brief ids.
The machine is shared (other jobs come and go), so ``--rounds`` alternates 1, 2, 1, 2, ...
with N/rounds articles each and reports the median of the per-round ratios, so a burst of
outside load hits both configurations alike; the load average is printed per round.

Web tier: the Procfile's gunicorn with ``--workers 1`` then ``--workers 2`` on the same
PostgreSQL; 4 client threads POST ``/api/v1/briefs`` for ``--web-n`` articles.

Prints briefs/s for each and the ratios (target >= 1.7x on a 2-core machine, where the
client, Redis and PostgreSQL share the cores). Only Redis DB of ``--redis`` is flushed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus"))
DEADLINE = 1800.0


def articles(count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for part in ("dev", "test"):
        path = CORPUS / "bbc-news-summary" / f"{part}.jsonl"
        with path.open(encoding="utf-8") as handle:
            for raw in handle:
                item = json.loads(raw)
                found.append({"id": item["id"], "title": item["title"], "text": item["text"]})
                if len(found) == count:
                    return found
    raise SystemExit(f"the BBC corpus has fewer than {count} articles")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "briefing.cli", "worker", "--pool", "solo"]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    end = time.monotonic() + 60
    while "ready" not in log.read_text():
        if process.poll() is not None or time.monotonic() > end:
            raise SystemExit(f"worker did not start: {log.read_text()[-1500:]}")
        time.sleep(0.2)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_run(count: int, items: list[dict[str, Any]], env: dict[str, str], tag: str) -> float:
    """Seconds from enqueuing ``items`` until all are stored, with ``count`` workers."""
    from briefing.config import Settings
    from briefing.store import Archive
    from briefing.store.jobs import JobStore
    from briefing.taskqueue import TaskQueue

    settings = Settings.from_env(env)
    logs = Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    workers = [start_worker(env, logs / f"worker{n}.log") for n in range(count)]
    archive = Archive.from_settings(settings)
    jobs = JobStore(archive.engine)
    queue = TaskQueue(settings)
    try:
        lines: list[tuple[int, dict[str, Any] | str]] = [
            (n, {**item, "id": f"{tag}-{item['id']}"}) for n, item in enumerate(items, start=1)
        ]
        started = time.perf_counter()
        job_id = queue.enqueue(jobs, lines)
        end = time.monotonic() + DEADLINE
        while (job := jobs.get(job_id))["state"] not in {"done", "failed"}:
            if time.monotonic() > end:
                raise SystemExit(f"job not finished: {job['done']} of {job['total']}")
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        if job["done"] != len(items):
            raise SystemExit(f"{job['failed']} lines failed: {job['errors'][:3]}")
        return elapsed
    finally:
        queue.close()
        archive.close()
        for process in workers:
            stop(process)


def web_run(count: int, items: list[dict[str, Any]], env: dict[str, str], tag: str) -> float:
    """Seconds for 4 client threads to store ``items`` through gunicorn --workers count."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
               str(count), "--timeout", "120", "briefing.web:create_app()"]  # fmt: skip
    web_env = {k: v for k, v in env.items() if k != "BRIEFING_BROKER_URL"}
    server = subprocess.Popen(
        command, env=web_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        end = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > end or server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        work = list(items)
        lock = threading.Lock()
        failures: list[int] = []

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            while True:
                with lock:
                    if not work:
                        return
                    item = work.pop()
                body = json.dumps({"text": item["text"], "title": item["title"]})
                connection.request(
                    "POST", "/api/v1/briefs", body, {"Content-Type": "application/json"}
                )
                answer = connection.getresponse()
                answer.read()
                if answer.status not in {200, 201}:
                    failures.append(answer.status)

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        if failures:
            raise SystemExit(f"{len(failures)} requests failed: {failures[:5]}")
        return elapsed
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles through the workers")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of 1 and 2 workers")
    parser.add_argument("--web-n", type=int, default=300, help="articles through gunicorn")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    import redis

    from briefing.store import engine_url

    redis.Redis.from_url(args.redis).flushdb()
    admin = sa.create_engine(engine_url(args.postgres))
    schema = f"briefing_scale_{uuid.uuid4().hex[:8]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'create schema "{schema}"'))
    url = f"{args.postgres}?options={quote(f'-csearch_path={schema}')}"
    env = {
        **os.environ,
        "BRIEFING_BROKER_URL": args.redis,
        "DATABASE_URL": url,
        "BRIEFING_QUEUE": f"scale-{schema}",
        "BRIEFING_INSTANCE_PATH": tempfile.mkdtemp(prefix="briefing-scale-"),
    }
    try:
        per_round = args.n // args.rounds
        items = articles(per_round)
        print(
            f"workers: {args.rounds} rounds of {per_round} BBC articles (one job each), "
            "1 then 2 workers, until all are stored"
        )
        ratios = []
        totals = {1: 0.0, 2: 0.0}
        for number in range(args.rounds):
            rates = {}
            for count in (1, 2):
                seconds = worker_run(count, items, env, f"r{number}w{count}")
                totals[count] += seconds
                rates[count] = per_round / seconds
                load = os.getloadavg()[0]
                print(
                    f"  round {number + 1}, {count} worker(s): {seconds:6.1f} s "
                    f"{rates[count]:6.1f} briefs/s  (load {load:.1f})"
                )
            ratios.append(rates[2] / rates[1])
        overall = {count: per_round * args.rounds / totals[count] for count in (1, 2)}
        print(
            f"  all rounds: 1 worker {overall[1]:.1f} briefs/s, 2 workers {overall[2]:.1f} "
            f"briefs/s; ratio {overall[2] / overall[1]:.2f}x, median of rounds "
            f"{statistics.median(ratios):.2f}x (target >= 1.7x)"
        )
        web_items = articles(args.web_n)
        print(f"web: {args.web_n} POST /api/v1/briefs from 4 client threads")
        web = {}
        for count in (1, 2):
            tagged = [{**item, "title": f"{item['title']} g{count}"} for item in web_items]
            seconds = web_run(count, tagged, env, f"g{count}")
            web[count] = args.web_n / seconds
            print(f"  gunicorn --workers {count}: {seconds:7.1f} s  {web[count]:7.1f} briefs/s")
        print(f"  ratio 2/1: {web[2] / web[1]:.2f}x")
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'drop schema "{schema}" cascade'))
        admin.dispose()
        redis.Redis.from_url(args.redis).flushdb()


if __name__ == "__main__":
    main()
