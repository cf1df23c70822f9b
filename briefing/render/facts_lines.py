"""A brief's key facts as titled groups of lines, for the text, Markdown and email renderers.

The groups follow ``facts.kinds.KINDS``: each kind's title, its facts as its own line
renderer writes them. A kind with no fact is left out.
"""

from __future__ import annotations

from briefing.facts.kinds import KINDS
from briefing.models import Facts

__all__ = ["fact_groups"]


def fact_groups(facts: Facts, *, grouped: bool = True) -> list[tuple[str, list[str]]]:
    """Non-empty groups of fact lines, titled, in the order a brief shows them (without the
    grouped kinds when ``grouped`` is false: the digest shows reactions in a table)."""
    groups = [
        (kind.title, kind.lines(facts.of(kind.name)))
        for kind in KINDS
        if grouped or not kind.grouped
    ]
    return [(title, lines) for title, lines in groups if lines]
