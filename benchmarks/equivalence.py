"""Digest of many briefs, to prove a speed-up changed no output.

Usage::

    python benchmarks/equivalence.py --write /tmp/before.json   # before a change
    python benchmarks/equivalence.py --check /tmp/before.json   # after it

It builds ``build_brief(...).to_dict()`` for the seed, its 2x/4x/16x scaled copies (as in
``speed.py``), every article of ``facts-articles.jsonl``, every article of
``cnndm-test-frank250/dev.jsonl`` and the first articles of ``bbc-news-summary/dev.jsonl``
(about 300 in all; the corpora are read from ``../shared/corpus/`` at run time, never copied),
and keeps one sha256 per brief of its canonical JSON. ``--check`` prints every brief whose
digest differs and exits 1 if any does. The digest file belongs outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import scaled_input, seed_text  # noqa: E402

from briefing.brief import build_brief  # noqa: E402
from briefing.evaluation import read_jsonl  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
BBC_ARTICLES = 226


def inputs(corpus: Path) -> Iterator[tuple[str, str, str | None]]:
    """(label, text, title) of every article the check covers."""
    seed = seed_text()
    yield "seed", seed, None
    for factor in (2, 4, 16):
        yield f"seed-{factor}x", scaled_input(seed, factor), None
    files = [
        (corpus / "facts-articles.jsonl", None),
        (corpus / "cnndm-test-frank250" / "dev.jsonl", None),
        (corpus / "bbc-news-summary" / "dev.jsonl", BBC_ARTICLES),
    ]
    for path, limit in files:
        if not path.exists():
            raise SystemExit(f"corpus file missing: {path}")
        for n, item in enumerate(read_jsonl(path)):
            if limit is not None and n >= limit:
                break
            yield (
                f"{path.parent.name}/{path.name}:{item['id']}",
                str(item["text"]),
                (item.get("title") or None),
            )


def digests(corpus: Path) -> dict[str, str]:
    """sha256 of each brief's canonical JSON (sorted keys), by input label."""
    result = {}
    for label, text, title in inputs(corpus):
        brief = build_brief(text.encode("utf-8"), title=title)
        blob = json.dumps(brief.to_dict(), sort_keys=True, ensure_ascii=False)
        result[label] = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the digests to this file")
    group.add_argument("--check", type=Path, help="compare with digests written earlier")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    current = digests(args.corpus)
    if args.write:
        args.write.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
        print(f"{len(current)} briefs digested into {args.write}")
        return 0
    before = json.loads(args.check.read_text())
    changed = sorted(k for k in before.keys() | current.keys() if before.get(k) != current.get(k))
    for label in changed:
        print(f"DIFFERS: {label}")
    print(f"{len(current)} briefs, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
