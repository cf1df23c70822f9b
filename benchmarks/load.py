"""HTTP load on the Procfile's gunicorn: briefs per second and latency, next to build_brief.

Usage::

    python benchmarks/load.py [--articles 150] [--concurrency 1,2,4] [--workers 2]

It starts the Procfile's ``web:`` command on a free loopback port (SQLite in a temporary
instance folder), then POSTs distinct corpus articles (``cnndm-test-more``; never the same
body twice, so no cache can stand in for the work) to ``/api/v1/summary`` from
``--concurrency`` client threads, and prints briefs/s, p50 and p99 latency.

The overhead is measured at concurrency 1 against ``build_brief`` in this process on the
same articles, interleaved: each article is briefed in-process and posted back to back
(in alternating order), so that the machine's drift (other jobs, CPU boost) falls on both
sides alike; measured one after the other, the two medians differed by up to 40 % from
drift alone. It prints the ratio of the API's median to ``build_brief``'s (target: under
1.15, the API adding under 15 %) and splits the difference with gunicorn's own request
time (its access log's ``%(D)s``): what the worker spends around ``build_brief`` (Flask,
validation, JSON) and what the HTTP round trip adds. The server is stopped by its process
id at the end.
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


def start_gunicorn(
    port: int, workers: int, instance: Path, access_log: Path
) -> subprocess.Popen[bytes]:
    command = next(
        line.removeprefix("web:").strip()
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    # the Procfile's command as it is, plus an access log of each request's time in µs
    command += f" --access-logfile {access_log} --access-logformat '%(D)s %(U)s'"
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
        stderr=(instance / "gunicorn.err").open("wb"),
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


def get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as answer:
        answer.read()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def server_times(access_log: Path, skip: int) -> list[float]:
    """Seconds gunicorn spent on each POST to the summary route after the first ``skip``."""
    lines = access_log.read_text().splitlines()[skip:]
    return [int(line.split()[0]) / 1e6 for line in lines if line.endswith("/api/v1/summary")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warm", type=int, default=20, help="requests before measuring")
    args = parser.parse_args()
    levels = [int(n) for n in args.concurrency.split(",")]
    needed = args.warm + args.articles * len(levels)
    texts = articles(needed)
    if len(texts) < needed:
        raise SystemExit("not enough distinct articles for that many requests")
    warm, texts = texts[: args.warm], texts[args.warm :]
    batches = [texts[k * args.articles : (k + 1) * args.articles] for k in range(len(levels))]

    from briefing import build_brief

    for text in warm[:2]:
        build_brief(text)  # warm caches, as a worker is after its first requests

    def own(text: str) -> float:
        started = time.perf_counter()
        build_brief(text)
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        access_log = Path(folder) / "access.log"
        server = start_gunicorn(port, args.workers, Path(folder), access_log)
        url = f"http://127.0.0.1:{port}/api/v1/summary"
        try:
            for text in warm:  # every worker's first requests load the package
                post(url, text)
            # the floor of one request over HTTP: urllib, a new connection, a tiny answer
            health = [get(f"http://127.0.0.1:{port}/healthz") for _ in range(100)]
            print(f"GET /healthz over HTTP: p50 {percentile(health, 0.5) * 1000:.2f} ms")
            time.sleep(0.5)
            logged = len(access_log.read_text().splitlines())
            for level, batch in zip(levels, batches, strict=True):
                if level == 1:
                    mine: list[float] = []
                    latencies = []
                    started = time.perf_counter()
                    for index, text in enumerate(batch):
                        if index % 2:
                            mine.append(own(text))
                            latencies.append(post(url, text))
                        else:
                            latencies.append(post(url, text))
                            mine.append(own(text))
                    elapsed = time.perf_counter() - started - sum(mine)
                else:
                    started = time.perf_counter()
                    with ThreadPoolExecutor(max_workers=level) as pool:
                        latencies = list(pool.map(lambda text: post(url, text), batch))
                    elapsed = time.perf_counter() - started
                p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
                print(
                    f"API, {args.workers} workers, concurrency {level}: "
                    f"{len(batch) / elapsed:.1f} briefs/s, p50 {p50 * 1000:.1f} ms, "
                    f"p99 {p99 * 1000:.1f} ms"
                )
                if level == 1:
                    time.sleep(0.5)
                    in_worker = statistics.median(server_times(access_log, logged))
                    base = statistics.median(mine)
                    api = statistics.median(latencies)
                    print(
                        f"  same {len(batch)} articles, interleaved: build_brief in-process "
                        f"median {base * 1000:.1f} ms; the API's {api * 1000:.1f} ms "
                        f"(in the worker {in_worker * 1000:.1f} ms, HTTP round trip "
                        f"{(api - in_worker) * 1000:.1f} ms)"
                    )
                    pairs = statistics.median(a / b for a, b in zip(latencies, mine, strict=True))
                    print(
                        f"  API / build_brief = {api / base:.2f} (medians), {pairs:.2f} (median "
                        "of the per-article ratios); target < 1.15"
                    )
        except BaseException:
            sys.stderr.write((Path(folder) / "gunicorn.err").read_text()[-3000:])
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
