"""Word lists the fact rules read, shipped as text files in ``data/`` beside them.

A new verb, noun or title is one line in a file, not a code change. Two shapes:

- a word list: one word (or phrase) a line;
- a table: ``[value]`` section lines, each followed by the words that map to that value
  ("[killed]" then "died", "perished", ...).

``#`` starts a comment. Files are read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["data_lines", "word_list", "word_table"]


def data_lines(name: str, package: str = "briefing.facts") -> list[str]:
    """The non-blank lines of ``data/<name>`` beside ``package``, ``#`` comments removed
    (the one reader of every fact rule's word list, reactions' included)."""
    raw = resources.files(package).joinpath(f"data/{name}").read_text("utf-8")
    stripped = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return [line for line in stripped if line]


def _lines(name: str) -> list[str]:
    return data_lines(name)


@cache
def word_list(name: str) -> frozenset[str]:
    """The lower-case words of ``data/<name>``."""
    return frozenset(line.lower() for line in _lines(name))


@cache
def word_table(name: str) -> dict[str, str]:
    """``data/<name>`` as word -> the value of the section it stands in.

    Raises:
        ValueError: a word stands before any section, or in two sections.
    """
    table: dict[str, str] = {}
    section: str | None = None
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section is None:
            raise ValueError(f"data/{name}: {line!r} stands before any [section]")
        word = line.lower()
        if word in table and table[word] != section:
            raise ValueError(f"data/{name}: {word!r} is in [{table[word]}] and [{section}]")
        table[word] = section
    return table


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-a-line list as a set (the first word of a ``word = kind`` line too)."""
    return frozenset(line.split("=", 1)[0].strip().lower() for line in _lines(name))


@cache
def classes(name: str) -> dict[str, str]:
    """A ``word = class`` list as a mapping."""
    table: dict[str, str] = {}
    for line in _lines(name):
        word, sep, kind = line.partition("=")
        if not sep:
            raise ValueError(f"{name}: line {line!r} is not 'word = class'")
        table[word.strip().lower()] = kind.strip()
    return table
