"""What the web stack costs around a brief, in one process (no HTTP, no gunicorn).

Usage::

    python benchmarks/web_overhead.py [--articles 300]

Posts distinct CNN articles (``cnndm-test-more``) to ``/api/v1/summary`` through Flask's
test client and times the whole request against the view's own ``build_brief`` call, in
three modes, each with a fresh app in this run:

- ``ready``: the view is handed a brief built beforehand: the web stack alone (routing,
  spectree's request and response validation, JSON, hooks);
- ``built``: the view builds a brief (timed apart) and then returns the ready one: the web
  stack after a brief's worth of other work;
- ``real``: the view builds and returns its brief, as in production.

Each mode runs with the garbage collector on and off. The figures are medians; the
difference between ``ready`` and ``built`` is what doing the brief in the same request
adds to the web stack's own cost.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import articles  # the same corpus reader as the load benchmark


def run(mode: str, texts: list[str], collector: bool) -> tuple[float, float]:
    """Median request time and median build time (ms) for ``mode``."""
    import briefing.web.api as api
    from briefing.brief import build_brief
    from briefing.config import Settings
    from briefing.web import create_app

    ready = build_brief(texts[0])
    built: list[float] = []

    def view_build(data: Any, **options: Any) -> Any:
        started = time.perf_counter()
        brief = build_brief(data, **options) if mode != "ready" else ready
        built.append(time.perf_counter() - started)
        return brief if mode == "real" else ready

    api.build_brief = view_build  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(instance_path=Path(folder)))
        client = app.test_client()
        for text in texts[:20]:
            client.post("/api/v1/summary", json={"text": text})
        built.clear()
        whole: list[float] = []
        if not collector:
            gc.disable()
        try:
            for text in texts[20:]:
                started = time.perf_counter()
                answer = client.post("/api/v1/summary", json={"text": text})
                whole.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.status_code
        finally:
            gc.enable()
            app.extensions["briefing.archive"].close()
    api.build_brief = build_brief  # type: ignore[assignment]
    return statistics.median(whole) * 1000, statistics.median(built) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    texts = articles(args.articles + 20)
    print("mode   gc    request   build  web stack (request - build), ms")
    for collector in (True, False):
        for mode in ("ready", "built", "real"):
            whole, build = run(mode, texts, collector)
            gc_state = "on" if collector else "off"
            print(f"{mode:6} {gc_state:4} {whole:8.2f} {build:7.2f} {whole - build:8.2f}")


if __name__ == "__main__":
    main()
