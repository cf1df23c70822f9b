"""Evaluation: scoring briefing against the shared corpora (splitter, summaries, facts).

The corpora are other people's copyrighted evaluation data: they are read from
``Settings.corpus_path`` (``../shared/corpus`` by default), never copied into the project.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.errors import InputError


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Objects of a JSON Lines file, one per non-blank line.

    Raises:
        InputError: the file is missing or a line is not a JSON object.
    """
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (is the shared corpus checked out?)") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(item, dict):
                raise InputError(f"{path}:{number}: not a JSON object")
            yield item
