"""HTTP load on the Procfile's gunicorn: briefs per second and latency, next to build_brief.

Usage::

    python benchmarks/load.py [--articles 150] [--concurrency 1,2,4] [--workers 2]

It starts the Procfile's ``web:`` command on a free loopback port (SQLite in a temporary
instance folder), then POSTs distinct corpus articles (``cnndm-test-more``; never the same
body twice, so no cache can stand in for the work) to ``/api/v1/summary`` from
``--concurrency`` client threads, and prints briefs/s, p50 and p99 latency. In the same run
it times ``build_brief`` in this process on the same articles, so the HTTP overhead is the
ratio of the API's p50 at concurrency 1 to ``build_brief``'s median (target: under 1.15,
the API adding under 15 %). The server is stopped by its process id at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus"))


def articles(count: int) -> list[str]:
    path = CORPUS / "cnndm-test-more" / "test.jsonl"
    if not path.is_file():
        raise SystemExit(f"corpus not found at {path} (set BRIEFING_CORPUS)")
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == count:
                break
    return texts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_gunicorn(port: int, workers: int, instance: Path) -> subprocess.Popen[bytes]:
    command = next(
        line.removeprefix("web:").strip()
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    env = dict(os.environ)
    env.update(
        PORT=str(port),
        WEB_CONCURRENCY=str(workers),
        BRIEFING_INSTANCE_PATH=str(instance),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        env=env,
        cwd=instance,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not answer within 30 s")


def post(url: str, text: str) -> float:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"the API answered {answer.status}")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    levels = [int(n) for n in args.concurrency.split(",")]
    texts = articles(args.articles * len(levels) + 2)
    if len(texts) < args.articles * len(levels) + 2:
        raise SystemExit("not enough distinct articles for that many requests")
    warm, texts = texts[:2], texts[2:]
    batches = [texts[k * args.articles : (k + 1) * args.articles] for k in range(len(levels))]

    from briefing import build_brief

    build_brief(warm[0])  # warm caches, as a worker is after its first request
    own: list[float] = []
    for text in batches[0]:  # the articles the server gets at the first level
        started = time.perf_counter()
        build_brief(text)
        own.append(time.perf_counter() - started)
    own_median = statistics.median(own)
    print(f"build_brief in-process: {args.articles} articles, median {own_median * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start_gunicorn(port, args.workers, Path(folder))
        url = f"http://127.0.0.1:{port}/api/v1/summary"
        try:
            post(url, warm[0])  # each worker's first request loads the package
            post(url, warm[1])
            for level, batch in zip(levels, batches, strict=True):
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=level) as pool:
                    latencies = list(pool.map(lambda text: post(url, text), batch))
                elapsed = time.perf_counter() - started
                p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
                line = (
                    f"API, {args.workers} workers, concurrency {level}: "
                    f"{len(batch) / elapsed:.1f} briefs/s, p50 {p50 * 1000:.1f} ms, "
                    f"p99 {p99 * 1000:.1f} ms"
                )
                if level == 1:
                    line += f"; p50 / build_brief median = {p50 / own_median:.2f} (target < 1.15)"
                print(line)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
