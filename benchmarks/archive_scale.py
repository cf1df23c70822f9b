"""An archive that stays fast: the archive page, search, filters and the digest's query
at 200,000 briefs, on SQLite and on PostgreSQL.

Usage::

    python benchmarks/archive_scale.py [--n 200000] [--baseline 2000] [--runs 40]
        [--backends sqlite,postgresql] [--postgres postgresql://postgres@127.0.0.1:5432/test]

Filling: the BBC corpus's articles (``../shared/corpus/bbc-news-summary``, read from
there) are briefed once; the archive is then filled by bulk insert with ``--n`` rows
made from those briefs (a row per brief and per article, the Brief JSON, the full-text
index), spread over 400 days (~500 a day) and 40 sources, as a newsroom's two years
would be. The SQLite file and the PostgreSQL schema are the run's own and are removed
afterwards.

Measuring: the web app (in process, Flask's test client) answers each request ``--runs``
times, with other words or dates each time, and the p50 and p95 are printed: the
archive's first page and a deep page, full-text search with one word and with three,
a date range, a source, and the day's digest query (``Archive.briefs_for_day``), plus
opening the archive (each gunicorn worker does). A small archive of ``--baseline``
briefs, filled and measured the same way in the same run, is the baseline: the ratio
says what 100 times more briefs cost. Targets (issue 20): p95 <= 100 ms for search,
<= 50 ms for a page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import build_brief  # noqa: E402
from briefing.config import Settings  # noqa: E402
from briefing.store import Archive, engine_url  # noqa: E402
from briefing.store import search as store_search  # noqa: E402
from briefing.store.schema import ArticleRow, BriefRow  # noqa: E402
from briefing.web import create_app  # noqa: E402

CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus"))
DAYS = 400
LAST_DAY = dt.date(2026, 11, 30)
SOURCES = [f"{name} {part}" for name in ("Reuters", "AP", "BBC News", "AFP", "The Guardian",
           "Le Monde", "Der Spiegel", "Al Jazeera") for part in ("World", "Business",
           "Politics", "Sport", "Tech")]  # fmt: skip
TARGETS = {"search": 100.0, "page": 50.0}
STOP = {"with", "from", "that", "this", "have", "will", "after", "over", "their", "says",
        "into", "more", "than", "been", "were", "they"}  # fmt: skip


def corpus_briefs() -> list[dict[str, Any]]:
    """The BBC articles' Brief JSON, built once."""
    found = []
    for part in ("dev", "test"):
        with (CORPUS / "bbc-news-summary" / f"{part}.jsonl").open(encoding="utf-8") as handle:
            for raw in handle:
                item = json.loads(raw)
                found.append(build_brief(item["text"], title=item["title"]).to_dict())
    return found


def rows(bases: list[dict[str, Any]], count: int, seed: int) -> Iterator[dict[str, Any]]:
    """``count`` realistic rows: each a corpus brief under an id, day and source of its own."""
    pick = random.Random(seed)
    start = dt.datetime.combine(LAST_DAY - dt.timedelta(days=DAYS - 1), dt.time(), dt.UTC)
    for n in range(count):
        data = dict(bases[n % len(bases)])
        moment = start + dt.timedelta(seconds=n * DAYS * 86400 / count + pick.random() * 60)
        data["id"] = f"b{n:07d}-{hashlib.sha1(str(n).encode()).hexdigest()[:10]}"
        data["source"] = SOURCES[pick.randrange(len(SOURCES))]
        data["published"] = moment.date().isoformat()
        yield {"data": data, "moment": moment}


def fill(engine: sa.Engine, bases: list[dict[str, Any]], count: int, *, seed: int = 7) -> float:
    """Bulk-insert ``count`` rows into an archive's tables; the seconds it took."""
    from briefing.models import Brief

    began = time.perf_counter()
    dialect = engine.dialect.name
    batch: list[dict[str, Any]] = []

    def flush(connection: sa.Connection) -> None:
        connection.execute(sa.insert(ArticleRow), [b["article"] for b in batch])
        connection.execute(sa.insert(BriefRow), [b["brief"] for b in batch])
        if dialect == "sqlite":
            connection.execute(sa.insert(store_search.search), [b["search"] for b in batch])
        else:
            connection.execute(
                sa.insert(store_search._postgres),
                [{**b["search"], "config": "english"} for b in batch],
            )
        batch.clear()

    with engine.begin() as connection:
        for number, row in enumerate(rows(bases, count, seed), start=1):
            data, moment = row["data"], row["moment"]
            article_id = hashlib.sha256(data["id"].encode()).hexdigest()
            day = dt.date.fromisoformat(data["published"])
            brief = Brief.from_dict(data)
            batch.append(
                {
                    "article": {"id": article_id, "title": data["title"],
                                "source": data["source"], "published": day,
                                "created_at": moment},
                    "brief": {"id": data["id"], "article_id": article_id, "day": day,
                              "title": data["title"], "source": data["source"],
                              "method": data["method"],
                              "language": "en", "ingested_at": moment, "updated_at": moment,
                              "data": json.dumps(data, ensure_ascii=False)},
                    # SQLite: the index row's rowid is the brief's (a fresh table numbers
                    # its rows from 1 in insertion order; checked below)
                    "search": {**store_search.fields(brief),
                               **({"rowid": number} if dialect == "sqlite" else {})},
                }
            )  # fmt: skip
            if len(batch) == 2000:
                flush(connection)
        if batch:
            flush(connection)
    if dialect == "sqlite":
        with engine.begin() as connection:
            paired = connection.exec_driver_sql(
                "SELECT count(*) FROM briefs JOIN brief_search"
                " ON brief_search.rowid = briefs.rowid AND brief_search.brief_id = briefs.id"
            ).scalar_one()
            assert paired == count, f"{paired} index rows of {count} are their brief's row"
            connection.exec_driver_sql("ANALYZE")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - began


def query_words(bases: list[dict[str, Any]], seed: int = 11) -> tuple[list[str], list[str]]:
    """One-word and three-word searches a reader would type: words of the headlines."""
    pick = random.Random(seed)
    ones, threes = [], []
    for data in pick.sample(bases, 200):
        words = [w for w in re.findall(r"[a-z]{4,}", data["title"].lower()) if w not in STOP]
        if words:
            ones.append(pick.choice(words))
        if len(words) >= 3:
            threes.append(" ".join(pick.sample(words, 3)))
    return ones, threes


#: the PostgreSQL connections of this run carry this name, so their server processes'
#: CPU time can be added to ours (``server_cpu``)
APPLICATION = "archive_scale"


def server_cpu(admin: sa.Engine | None) -> float:
    """Seconds of CPU the PostgreSQL server processes serving this run have used (0 on
    SQLite, or where the server's processes are not on this machine)."""
    if admin is None:
        return 0.0
    with admin.connect() as connection:
        pids = connection.execute(
            sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
            {"name": APPLICATION},
        ).scalars()
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a connection that closed, or a server elsewhere
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def timed(
    call: Callable[[int], Any], runs: int, admin: sa.Engine | None = None
) -> tuple[float, float, float, float]:
    """p50 and p95 of ``call(run)`` in milliseconds of the clock, then of the CPU the
    request used: this process's and, on PostgreSQL on this machine, its server
    processes' (one warm-up call first). The CPU time is the work, whatever else the
    machine runs; the clock counts the waiting for a busy core too."""
    call(runs)
    times, cpu = [], []
    for run in range(runs):
        began_server = server_cpu(admin)
        began, began_cpu = time.perf_counter(), time.process_time()
        call(run)
        times.append((time.perf_counter() - began) * 1000)
        ours = time.process_time() - began_cpu  # before asking the server: not the request's
        cpu.append((ours + server_cpu(admin) - began_server) * 1000)
    return (*percentiles(times), *percentiles(cpu))


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure(settings: Settings, words: tuple[list[str], list[str]], runs: int) -> dict[str, Any]:
    """Each request's p50/p95 against the archive ``settings`` name."""
    ones, threes = words
    admin = None
    if settings.database_url:  # PostgreSQL: a connection of its own, to read the server's CPU
        url = sa.make_url(engine_url(settings.database_url))
        admin = sa.create_engine(url.update_query_dict({"application_name": "archive_scale_cpu"}))
    began = time.perf_counter()
    archive = Archive.from_settings(settings)
    opened = (time.perf_counter() - began) * 1000
    client = create_app(settings).test_client()
    pages = max(1, archive.count() // 20)

    def get(path: str) -> Callable[[int], Any]:
        def call(run: int) -> None:
            url = path.format(run=run)
            answer = client.get(url)
            assert answer.status_code == 200, (url, answer.status_code)

        return call

    def day(run: int) -> dt.date:
        return LAST_DAY - dt.timedelta(days=(run * 37) % DAYS)

    def args(**values: Any) -> str:
        return urlencode(values, quote_via=quote)

    requests: dict[str, tuple[str, Callable[[int], Any]]] = {
        "archive page 1": ("page", get("/briefs")),
        "archive page 2..50": ("page", lambda run: get(f"/briefs?page={2 + run % 49}")(run)),
        "archive, a deep page": (
            "page",
            lambda run: get(f"/briefs?page={pages - run * 7 % max(1, pages // 2)}")(run),
        ),
        "archive, the middle page": ("page", get(f"/briefs?page={pages // 2}")),
        "API list, limit 20": ("page", get("/api/v1/briefs?limit=20")),
        "search, one word": (
            "search",
            lambda run: get("/briefs?" + args(q=ones[run % len(ones)]))(run),
        ),
        "search, three words": (
            "search",
            lambda run: get("/briefs?" + args(q=threes[run % len(threes)]))(run),
        ),
        "API search, one word": (
            "search",
            lambda run: get("/api/v1/briefs?" + args(q=ones[run % len(ones)]))(run),
        ),
        "dates, a week": (
            "page",
            lambda run: get(
                "/briefs?" + args(since=day(run) - dt.timedelta(days=6), until=day(run))
            )(run),
        ),
        "source": (
            "page",
            lambda run: get("/briefs?" + args(source=SOURCES[run % len(SOURCES)]))(run),
        ),
        "source + search": (
            "search",
            lambda run: get(
                "/briefs?" + args(q=ones[run % len(ones)], source=SOURCES[run % len(SOURCES)])
            )(run),
        ),
        "the day's digest query": ("digest", lambda run: archive.briefs_for_day(day(run))),
    }
    figures = {"open the archive": ("open", (opened, opened, opened, opened))}
    for name, (kind, call) in requests.items():
        figures[name] = (kind, timed(call, runs, admin))
    archive.close()
    if admin is not None:
        print(f"  server CPU counted: {server_cpu(admin):.1f} s in total", flush=True)
        admin.dispose()
    return figures


@contextmanager
def archive_on(backend: str, postgres: str) -> Iterator[Settings]:
    """Settings naming an empty archive of the run's own (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="archive-scale-") as folder:
        if backend == "sqlite":
            yield Settings(instance_path=Path(folder))
            return
        admin = sa.create_engine(engine_url(postgres))
        name = f"archive_scale_{uuid.uuid4().hex[:10]}"
        with admin.begin() as connection:
            connection.exec_driver_sql(f'create schema "{name}"')
        separator = "&" if "?" in postgres else "?"
        url = (
            f"{postgres}{separator}options={quote(f'-csearch_path={name}')}"
            f"&application_name={APPLICATION}"
        )
        try:
            yield Settings(database_url=url, instance_path=Path(folder))
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'drop schema "{name}" cascade')
            admin.dispose()


def run(backend: str, bases: list[dict[str, Any]], count: int, options: Any) -> dict[str, Any]:
    with archive_on(backend, options.postgres) as settings:
        archive = Archive.from_settings(settings)  # the schema, made as the app makes it
        took = fill(archive.engine, bases, count)
        archive.close()
        print(f"  {backend}: {count:,} briefs inserted in {took:.0f} s", flush=True)
        return measure(settings, query_words(bases), options.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BRIEFING_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    options = parser.parse_args()
    print(f"briefing the BBC corpus ({CORPUS}) ...", flush=True)
    bases = corpus_briefs()
    missed = []
    for backend in options.backends.split(","):
        small = run(backend, bases, options.baseline, options)
        large = run(backend, bases, options.n, options)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"\n{backend}: load average {load} (the machine's other work)")
        print(f"{backend}: p50 / p95 in ms, {options.n:,} briefs against {options.baseline:,}"
              f" (the baseline, same run); {options.runs} runs each")  # fmt: skip
        print(f"  {'request':<24} {'baseline':>17} {options.n:>11,} briefs   ratio  target"
              f"          CPU p50 / p95 at {options.n:,}")  # fmt: skip
        for name, (kind, (p50, p95, c50, c95)) in large.items():
            _, (b50, b95, _, _) = small[name]
            target = TARGETS.get(kind)
            verdict = ""
            if target is not None:
                verdict = f"<= {target:.0f}  " + ("ok" if p95 <= target else "MISSED")
                if p95 > target:
                    missed.append(f"{backend}: {name} p95 {p95:.1f} ms > {target:.0f} ms")
            print(f"  {name:<24} {b50:7.1f} / {b95:7.1f} {p50:8.1f} / {p95:7.1f}"
                  f"  {p95 / max(b95, 0.01):5.1f}x  {verdict:<14}"
                  f"{c50:7.1f} / {c95:7.1f}")  # fmt: skip
    print()
    print("every target met" if not missed else "missed:\n  " + "\n  ".join(missed))


if __name__ == "__main__":
    main()
