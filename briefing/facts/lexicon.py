"""The word lists of the fact rules, shipped as text files in ``data/`` and read once.

A new word is one line in a data file, not a code change; every list is read on first use
and kept (``functools.cache``), so the rules cost no file access per article.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def data_lines(name: str) -> list[str]:
    """Non-blank lines of ``data/<name>`` without ``#`` comments, stripped."""
    raw = resources.files("briefing.facts").joinpath(f"data/{name}").read_text("utf-8")
    lines = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return [line for line in lines if line]


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-a-line list as a set."""
    return frozenset(line.lower() for line in data_lines(name))


@cache
def classes(name: str) -> dict[str, str]:
    """A ``word = class`` list as a mapping."""
    table: dict[str, str] = {}
    for line in data_lines(name):
        word, sep, kind = line.partition("=")
        if not sep:
            raise ValueError(f"{name}: line {line!r} is not 'word = class'")
        table[word.strip().lower()] = kind.strip()
    return table


@cache
def sections(name: str) -> dict[str, dict[str, str]]:
    """A ``word = class`` list split by ``[section]`` lines, one mapping per section."""
    tables: dict[str, dict[str, str]] = {}
    table: dict[str, str] = tables.setdefault("", {})
    for line in data_lines(name):
        if line.startswith("[") and line.endswith("]"):
            table = tables.setdefault(line[1:-1].strip(), {})
            continue
        word, sep, kind = line.partition("=")
        if not sep:
            raise ValueError(f"{name}: line {line!r} is not 'word = class'")
        table[word.strip().lower()] = kind.strip()
    return tables
