"""Batch lines made of real articles, for the tests that queue many of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def corpus_lines(corpus: Path, count: int, prefix: str) -> list[dict[str, Any]]:
    """The first ``count`` BBC dev articles as batch lines with ids ``<prefix>-<id>``
    (the test skips when the corpus holds fewer)."""
    lines = []
    with (corpus / "bbc-news-summary" / "dev.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            item = json.loads(raw)
            lines.append(
                {"id": f"{prefix}-{item['id']}", "title": item["title"], "text": item["text"]}
            )
            if len(lines) == count:
                return lines
    pytest.skip(f"the BBC dev corpus has fewer than {count} articles")
