"""Key facts: casualties, deployments and reactions, each with the sentence that supports it.

The rules layer reads the article's matching text (typographic quotes and dashes made
ASCII, same offsets) sentence by sentence. Each fact kind has its own module of small
pure rules collected in a ``RULES`` tuple; this module only wires them together. A fact
the text does not support never appears, and unknown values stay ``None``.
"""

from __future__ import annotations

from briefing.facts.casualties import extract_casualties
from briefing.facts.deployments import extract_deployments
from briefing.facts.reactions import extract_reactions
from briefing.facts.tokens import clauses_of
from briefing.models import Document, Facts

__all__ = ["extract_facts"]


def extract_facts(document: Document) -> Facts:
    """Every key fact of ``document``, in article order within each kind."""
    clauses = clauses_of(document)
    text = document.article.text
    return Facts(
        casualties=extract_casualties(clauses),
        deployments=extract_deployments(clauses, text),
        reactions=extract_reactions(clauses, text),
    )
