"""Facts as lines of text: each kind's line renderer (``kinds.KINDS`` names them).

Shared by the text, Markdown, HTML and email briefs and the digest. Reactions are grouped
by speaker, so a minister quoted four times is one line with four quotes.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.facts.numbers import UNITS
from briefing.models import Casualty, Deployment, Reaction

#: longest quote a line shows before it is cut with an ellipsis
QUOTE_CHARS = 160


def casualty_line(fact: Casualty) -> str:
    """ "7 killed (five Iraqis and two guests) (per Iraqi state television)"."""
    amount = f"{fact.count:,}" if fact.count is not None else (fact.count_text or "Unknown number")
    parts = [f"{amount} {fact.status or 'affected'}"]
    if fact.count is not None and fact.count_text and not _plain(fact.count_text, fact.count):
        parts.append(f"({fact.count_text})")  # a hedge: "(at least 52)", "(a dozen)"
    plain_count = fact.count_text.replace('"', "").replace("\u201c", "").replace("\u201d", "")
    if fact.who and fact.who != plain_count:
        parts.append(f"— {fact.who}")
    if fact.where:
        parts.append(f"in {fact.where}")
    if fact.reported_by:
        parts.append(f"(per {fact.reported_by})")
    if fact.historical:
        parts.append("[background toll]")
    return " ".join(parts)


def _plain(count_text: str, count: int) -> bool:
    """Is ``count_text`` only the number itself ("5", "5,000", "five")?"""
    said = count_text.lower().replace(",", "")
    return said == str(count) or UNITS.get(said) == count


#: nouns that say no more than the class "troops" does
PLAIN_NOUNS = frozenset({"force", "forces", "troop", "soldiers", "personnel"})


def deployment_line(fact: Deployment) -> str:
    """ "3,500 troops (82nd Airborne Division) from Fort Bragg to Middle East"."""
    amount = f"{fact.count:,}" if fact.count is not None else (fact.count_text or "")
    parts = [f"{amount} {fact.asset or 'forces'}".strip()]
    noun = fact.asset_text.split()[-1].lower() if fact.asset_text else ""
    # the article's own noun when it says more than the class: not "(forces)" after troops
    if noun and noun != (fact.asset or "").lower() and fact.asset_text.lower() not in PLAIN_NOUNS:
        parts.append(f"({fact.asset_text})")  # the article's noun: "2 aircraft (B-52 bombers)"
    if fact.unit:
        parts.append(f"({fact.unit})")
    if fact.origin:
        parts.append(f"from {fact.origin}")
    if fact.destination:
        parts.append(f"to {fact.destination}")
    if fact.earlier:
        parts.append("[earlier]")
    elif fact.standing:
        parts.append("[stationed]")
    return " ".join(parts)


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1].rstrip() + "…"


def said(reaction: Reaction) -> str:
    """The speaker's words in quotation marks; a reporter's paraphrase without them."""
    text = _short(reaction.quote)
    return text if reaction.paraphrase else f"“{text}”"


def speaker_line(reactions: list[Reaction]) -> str:
    """All reactions of one speaker on one line: stances, channels, then each quote."""
    first = reactions[0]
    role = next((r.role for r in reactions if r.role), None)
    who = first.speaker + (f" ({role})" if role else "")
    stances = _distinct(r.stance for r in reactions)
    channels = _distinct(r.channel for r in reactions)
    head = who + (f" — {', '.join(stances)}" if stances else "")
    head += f" [{', '.join(channels)}]" if channels else ""
    quotes = " · ".join(said(r) for r in reactions)
    return f"{head}: {quotes}"


def _distinct(values: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def reactions_by_speaker(reactions: tuple[Reaction, ...]) -> list[list[Reaction]]:
    """Reactions grouped by speaker, groups in the order of each speaker's first reaction."""
    groups: dict[str, list[Reaction]] = {}
    for reaction in reactions:
        groups.setdefault(reaction.speaker, []).append(reaction)
    return list(groups.values())


def speaker_lines(reactions: tuple[Reaction, ...]) -> list[str]:
    """One line per speaker, in the order of each speaker's first reaction."""
    return [speaker_line(group) for group in reactions_by_speaker(reactions)]
