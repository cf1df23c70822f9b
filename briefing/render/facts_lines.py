"""One-line descriptions of facts, shared by the text, Markdown and email renderers."""

from __future__ import annotations

from briefing.models import Casualty, Deployment, Facts, Reaction


def casualty_line(fact: Casualty) -> str:
    """ "7 killed (five Iraqis and two guests) — Baghdad airport; per Iraqi state TV"."""
    amount = f"{fact.count:,}" if fact.count is not None else (fact.count_text or "Unknown number")
    parts = [f"{amount} {fact.status or 'affected'}"]
    if fact.count is not None and fact.count_text and fact.count_text != str(fact.count):
        parts.append(f"({fact.count_text})")
    if fact.who:
        parts.append(f"— {fact.who}")
    if fact.where:
        parts.append(f"in {fact.where}")
    if fact.reported_by:
        parts.append(f"(per {fact.reported_by})")
    if fact.historical:
        parts.append("[background toll]")
    return " ".join(parts)


def deployment_line(fact: Deployment) -> str:
    """ "3,500 troops (82nd Airborne Division) from Fort Bragg to Middle East"."""
    amount = f"{fact.count:,}" if fact.count is not None else (fact.count_text or "")
    parts = [f"{amount} {fact.asset or 'forces'}".strip()]
    if fact.unit:
        parts.append(f"({fact.unit})")
    if fact.origin:
        parts.append(f"from {fact.origin}")
    if fact.destination:
        parts.append(f"to {fact.destination}")
    if fact.earlier:
        parts.append("[earlier]")
    return " ".join(parts)


def reaction_line(fact: Reaction) -> str:
    """ "Javad Zarif (Iran's foreign minister) — condemn: “…”"."""
    who = fact.speaker + (f" ({fact.role})" if fact.role else "")
    stance = f" — {fact.stance}" if fact.stance else ""
    channel = f" [{fact.channel}]" if fact.channel else ""
    return f"{who}{stance}{channel}: {fact.quote}"


def fact_groups(facts: Facts) -> list[tuple[str, list[str]]]:
    """Non-empty groups of fact lines, titled, in the order a brief shows them."""
    groups = [
        ("Casualties", [casualty_line(f) for f in facts.casualties]),
        ("Deployments", [deployment_line(f) for f in facts.deployments]),
        ("Reactions", [reaction_line(f) for f in facts.reactions]),
    ]
    return [(title, lines) for title, lines in groups if lines]
