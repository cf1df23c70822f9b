"""How long the digest of 1,000 stored briefs takes to build (target: under 5 s).

Usage: python benchmarks/digest_speed.py [--briefs 1000] [--corpus ../shared/corpus]

Builds briefs from bbc-news-summary (its README marks it for speed), gives every tenth one
hand-made facts so the numbers and reactions tables have work to do, stores them all for
one day in a SQLite archive in a temporary folder, then times, for that day:

- baseline: reading the day's briefs back from the archive and tokenising their text
  (what any digest must at least do);
- digest:   reading them back plus ``build_digest`` (grouping, ranking, facts);
- email:    rendering the digest as a MIME message (text + inlined HTML).

Prints the figures and the ratio to the baseline. Not a timed test: CI does not run it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefing import build_brief
from briefing.config import Settings
from briefing.digest import build_digest
from briefing.models import Brief, Casualty, Deployment, Evidence, Facts, Reaction
from briefing.render.mail import message_bytes, render_digest_email
from briefing.text import tokenize_words

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2020, 1, 3)


def _facts(brief: Brief, number: int) -> Facts:
    first = brief.summary.sentences[0]
    evidence = Evidence(first.text, first.start, first.end)
    return Facts(
        casualties=(Casualty(number % 40 + 1, "", "killed", None, None, evidence),),
        deployments=(Deployment(100 * (number % 9 + 1), "troops", None, None, None, evidence),),
        reactions=(Reaction(f"Speaker {number % 25}", "minister", "", "condemn", evidence),),
    )


def _timed(label: str, func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<10} {best:7.3f} s (best of {repeat})")
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    folder = args.corpus / "bbc-news-summary"
    if not folder.is_dir():
        print(f"corpus not found at {folder}", file=sys.stderr)
        return 2
    rows: list[dict[str, str]] = []
    for name in ("dev.jsonl", "test.jsonl"):
        with (folder / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    rows = rows[: args.briefs]

    from briefing.store import Archive

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(instance_path=Path(tmp), base_url="https://briefing.example.org")
        archive = Archive.from_settings(settings)
        for number, row in enumerate(rows):
            brief = build_brief(row["text"], title=row["title"], source="BBC", id=row["id"])
            if number % 10 == 0:
                brief = replace(brief, facts=_facts(brief, number))
            archive.save(brief, day=DAY)
        print(
            f"setup      {time.perf_counter() - start:7.1f} s ({len(rows)} briefs built and stored)"
        )

        def baseline() -> int:
            stored = archive.briefs_for_day(DAY)
            return sum(len(tokenize_words(s.brief.article.text)) for s in stored)

        def digest() -> Any:
            return build_digest([s.brief for s in archive.briefs_for_day(DAY)], DAY)

        base, _ = _timed("baseline", baseline)
        took, result = _timed("digest", digest)
        mail, message = _timed("email", lambda: render_digest_email(result, settings.output))
        archive.close()
    print(
        f"\n{len(rows)} briefs -> {len(result.stories)} stories; digest {took:.2f} s "
        f"({took / base:.1f}x baseline), email {mail:.2f} s, "
        f"{len(message_bytes(message)) / 1e6:.1f} MB; target < 5 s: "
        f"{'met' if took + mail < 5 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
