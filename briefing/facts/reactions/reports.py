"""Reports, not reactions: a speaker who only gives a toll or a troop movement."""

from __future__ import annotations

from briefing.facts.deployments import ASSETS, TRIGGERS
from briefing.facts.numbers import UNITS
from briefing.facts.reactions.lexicon import TOLL_WORDS
from briefing.facts.tokens import Clause, Token


def has_deployment(clause: Clause, v: int, counted: bool = True) -> bool:
    """Does the speaker report a deployment ("officials said Washington will deploy 200
    troops")? With ``counted`` false a troop movement without a number counts too."""
    words = [t.lower for t in clause.tokens[v + 1 :]]
    if not any(w in TRIGGERS for w in words):
        return False
    if not counted:
        return any(w in ASSETS for w in words)
    return any(
        (w[0].isdigit() or w in UNITS) and any(x in ASSETS for x in words[i + 1 : i + 5])
        for i, w in enumerate(words)
    )


def has_toll(tokens: tuple[Token, ...]) -> bool:
    """Do these words report a toll ("13 people were killed", "a soldier died")?"""
    words = {t.lower for t in tokens}
    return bool(words & TOLL_WORDS) and any(
        t.text[0].isdigit() or t.lower in UNITS or t.lower in {"a", "an", "another"} for t in tokens
    )
