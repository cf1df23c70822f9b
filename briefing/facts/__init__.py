"""Key facts: casualties, deployments and reactions, each with the sentence that supports it.

The rules layer lands with its own issue; until then no fact is reported, never an
invented one.
"""

from __future__ import annotations

from briefing.models import Document, Facts

__all__ = ["extract_facts"]


def extract_facts(document: Document) -> Facts:
    """Every key fact of ``document``."""
    return Facts()
