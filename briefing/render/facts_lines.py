"""A brief's key facts as titled groups of lines, for the text, Markdown and email renderers.

The groups follow ``facts.kinds.KINDS``: each kind's title, its facts as its own line
renderer writes them. A kind with no fact is left out.
"""

from __future__ import annotations

from briefing.facts.kinds import KINDS
from briefing.models import Facts

__all__ = ["explanations", "fact_groups"]

#: the heading of the section ``--explain`` adds
EXPLAIN_TITLE = "Why these facts"
#: the longest evidence quoted after an explanation
EVIDENCE_CHARS = 80


def fact_groups(facts: Facts, *, grouped: bool = True) -> list[tuple[str, list[str]]]:
    """Non-empty groups of fact lines, titled, in the order a brief shows them (without the
    grouped kinds when ``grouped`` is false: the digest shows reactions in a table)."""
    groups = [
        (kind.title, kind.lines(facts.of(kind.name)))
        for kind in KINDS
        if grouped or not kind.grouped
    ]
    return [(title, lines) for title, lines in groups if lines]


def explanations(facts: Facts) -> list[str]:
    """One line per fact, in the order a brief shows them: its kind, its rule and why it
    was kept ("casualties: casualty.passive_toll; casualty judge 0.91 >= 0.45 (...)")."""
    lines = []
    for kind in KINDS:
        for fact in facts.of(kind.name):
            why = getattr(fact, "explanation", "") or getattr(fact, "rule", "") or "no rule named"
            evidence = " ".join(fact.evidence.text.split())
            if len(evidence) > EVIDENCE_CHARS:
                evidence = evidence[: EVIDENCE_CHARS - 1].rstrip() + "…"
            lines.append(f"{kind.name}: {why} ({evidence!r})")
    return lines
