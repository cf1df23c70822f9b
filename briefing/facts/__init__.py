"""Key facts: casualties, deployments and reactions, each with the sentence that supports it.

The rules layer reads the article's matching text (typographic quotes and dashes made
ASCII, same offsets) sentence by sentence. Each fact kind has its own module of small
pure rules collected in a ``RULES`` tuple; ``kinds.KINDS`` lists the kinds once and this
module only runs them. A fact
the text does not support never appears, and unknown values stay ``None``.
"""

from __future__ import annotations

from briefing.facts.candidates import Candidate
from briefing.facts.kinds import KINDS, FactKind
from briefing.models import Document, Facts, Note

__all__ = ["FACT_LANGUAGES", "KINDS", "FactKind", "extract_facts", "facts_note", "propose"]

#: languages the rules and their word lists are written for
FACT_LANGUAGES = frozenset({"en"})


def extract_facts(document: Document) -> Facts:
    """Every key fact of ``document``, in article order within each kind.

    None for an article in a language the rules are not written for (``facts_note``
    says so on the brief): English rules would only misread it.
    """
    if (document.article.language or "en") not in FACT_LANGUAGES:
        return Facts()
    return Facts(**{kind.name: kind.extract(document) for kind in KINDS})


def propose(document: Document) -> list[Candidate]:
    """Every candidate the rules of every kind propose in ``document``, before any judge
    (what ``briefing facts train`` learns from)."""
    return [candidate for kind in KINDS for candidate in kind.propose(document)]


def facts_note(language: str | None) -> Note | None:
    """What the brief says instead of showing no facts for an article in another language."""
    if (language or "en") in FACT_LANGUAGES:
        return None
    return Note("facts-english-only", "Key facts are extracted from English articles only.")
