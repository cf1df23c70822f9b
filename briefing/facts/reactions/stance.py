"""Stance: what a reaction's words and verb show (condemn, support, threaten, de-escalate)."""

from __future__ import annotations

import re

from briefing.facts.reactions.lexicon import AGENT_NOUNS, REACTION_VERBS, STANCE_CUES

#: each family's cues as one alternation of plain substrings: one scan of the text instead
#: of one per cue (a match anywhere is exactly "some cue is a substring")
_STANCE_PATTERNS = tuple(
    (stance, re.compile("|".join(re.escape(cue) for cue in cues))) for stance, cues in STANCE_CUES
)


def stance_of(text: str, verb: str) -> str:
    """The stance a reaction's words and verb show: the first family of cues that matches."""
    implied = REACTION_VERBS.get(verb) or AGENT_NOUNS.get(verb)
    if implied is not None and implied != "threaten":
        return implied
    lowered = text.lower()
    best, where = None, len(lowered)
    for stance, cues in _STANCE_PATTERNS:
        found = cues.search(lowered, 0, where)
        if found is not None and found.start() < where:
            best, where = stance, found.start()
    return best or implied or "other"


def plain_words(text: str) -> str:
    """The words of ``text`` without names (so "Resolute Support" is no support)."""
    words = text.split()
    return " ".join([w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()])


def continued_stance(previous: str | None, quote: str) -> str | None:
    """The stance of a reaction whose quotation goes on with ``quote``."""
    if previous not in {None, "other"}:
        return previous
    return stance_of(plain_words(quote), "")
