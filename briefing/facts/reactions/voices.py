"""The finishing passes over an article's reactions: full names, roles, one voice per body."""

from __future__ import annotations

from dataclasses import replace

from briefing.facts.reactions.lexicon import PRIVATE_ROLES, RELATIVES, SPOKESPEOPLE
from briefing.facts.reactions.names import NameBook
from briefing.models import Reaction


def finish(reactions: list[Reaction], names: NameBook) -> tuple[Reaction, ...]:
    """Full names for short ones, witnesses dropped, bodies given their spokespeople."""
    # a full name seen later ("Xi" ... "Chinese President Xi Jinping") names earlier ones too
    reactions = [renamed(r, names.resolve(r.speaker), trim_role(r.role)) for r in reactions]
    # a passer-by giving colour ("a 58-year-old woman", "a farmer in Wachakal") is a
    # witness, not a party responding to the event
    private = {r.speaker for r in reactions if private_role(r.role)}
    reactions = [r for r in reactions if r.speaker not in private]
    return tuple(with_roles(voices_of_bodies(reactions)))


def renamed(reaction: Reaction, speaker: str, role: str | None) -> Reaction:
    """``reaction`` with this speaker and role; itself when they are already its own
    (``dataclasses.replace`` costs microseconds, and most reactions keep both)."""
    if speaker == reaction.speaker and role == reaction.role:
        return reaction
    return replace(reaction, speaker=speaker, role=role)


def private_role(role: str | None) -> bool:
    """ "a 40-year-old woman selling bread", "a farmer": a private person."""
    if not role:
        return False
    words = role.lower().replace(",", " ").split()
    return "-year-old" in role or (len(words) <= 8 and bool(PRIVATE_ROLES & set(words)))


def trim_role(role: str | None) -> str | None:
    """ "a waitress at a restaurant where Moore ate" -> "a waitress at a restaurant"."""
    if role is None:
        return None
    words = role.split()
    for i, word in enumerate(words):
        if i and word.lower() in RELATIVES | {"where", "when", "that"}:
            words = words[:i]
            break
    return " ".join(words).rstrip(",") or None


def voices_of_bodies(reactions: list[Reaction]) -> list[Reaction]:
    """An institution and its spokesperson are one voice: "The State Department said" goes to
    "Heather Nauert" when her role is "State Department spokeswoman"."""
    voices: dict[str, list[Reaction]] = {}
    for person in reactions:
        if not person.role or " " not in person.speaker:
            continue
        words = person.role.replace("(", " ").replace(")", " ").split()
        for i, word in enumerate(words):
            if word.lower() in SPOKESPEOPLE:
                for j in range(max(0, i - 4), i):
                    named = voices.setdefault(" ".join(words[j:i]), [])
                    if not named or named[-1].speaker != person.speaker:
                        named.append(person)
    result = []
    for reaction in reactions:
        candidates = [
            p for p in voices.get(reaction.speaker, ())[-20:] if p.speaker != reaction.speaker
        ]
        if candidates and not reaction.role:
            nearest = min(candidates, key=lambda p: abs(p.evidence.start - reaction.evidence.start))
            reaction = replace(reaction, speaker=nearest.speaker, role=nearest.role)
        result.append(reaction)
    return result


def with_roles(reactions: list[Reaction]) -> list[Reaction]:
    """Every reaction of a speaker carries the role found in any of them."""
    roles: dict[str, str] = {}
    for reaction in reactions:
        if reaction.role and reaction.speaker not in roles:
            roles[reaction.speaker] = reaction.role
    return [replace(r, role=r.role or roles.get(r.speaker)) if not r.role else r for r in reactions]
