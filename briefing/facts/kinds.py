"""The fact kinds, listed once: name, heading, extractor, and how a brief shows them.

Everything that walks over the kinds (``extract_facts``, the text, Markdown, HTML and email
renderers) reads ``KINDS``, so a fourth kind is one entry here, its rules module and its
line in ``briefing/render/facts_lines.py``'s ``LINES``. ``grouped`` kinds are shown as one
line per speaker (a minister quoted four times is one line) and, in the HTML brief and the
digest, in their own table rather than as evidence-linked lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.facts.casualties import extract_casualties
from briefing.facts.deployments import extract_deployments
from briefing.facts.reactions import extract_reactions
from briefing.facts.tokens import Clause

#: an extractor: the article's clauses and its matching text to the kind's facts
Extractor = Callable[[tuple[Clause, ...], str], tuple[Any, ...]]


@dataclass(frozen=True)
class FactKind:
    """One kind of key fact."""

    #: the ``Facts`` field and the brief JSON key
    name: str
    #: the heading a brief shows above the kind's lines
    title: str
    extract: Extractor
    #: shown grouped by speaker, in a table of its own in the HTML brief and the digest
    grouped: bool = False


def _casualties(clauses: tuple[Clause, ...], _text: str) -> tuple[Any, ...]:
    return extract_casualties(clauses)


KINDS: tuple[FactKind, ...] = (
    FactKind("casualties", "Casualties", _casualties),
    FactKind("deployments", "Deployments", extract_deployments),
    FactKind("reactions", "Reactions", extract_reactions, grouped=True),
)
