"""Key facts: casualties, deployments and reactions, each with the sentence that supports it.

The rules layer reads the article's matching text (typographic quotes and dashes made
ASCII, same offsets) sentence by sentence. Each fact kind has its own module of small
pure rules collected in a ``RULES`` tuple; ``kinds.KINDS`` lists the kinds once and this
module only runs them. A fact
the text does not support never appears, and unknown values stay ``None``.
"""

from __future__ import annotations

from briefing.facts.kinds import KINDS, FactKind
from briefing.models import Document, Facts

__all__ = ["KINDS", "FactKind", "extract_facts"]


def extract_facts(document: Document) -> Facts:
    """Every key fact of ``document``, in article order within each kind."""
    return Facts(**{kind.name: kind.extract(document) for kind in KINDS})
