"""A brief's toll: the figure a reader should take away for each casualty status.

Shared by the brief's summary card and the daily digest so both count alike. Articles
repeat and update a toll rather than add to it, so the largest figure wins; but the groups
one sentence names are one toll ("five Iraqis and two guests" killed is 7), and background
items (historical tolls) never count.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.models import Casualty

__all__ = ["current_toll"]


def current_toll(casualties: Iterable[Casualty]) -> dict[str, int]:
    """Status -> the largest current figure, a sentence's groups added up (one article)."""
    by_sentence: dict[tuple[str, int, int], int] = {}
    for fact in casualties:
        if fact.historical or fact.count is None or not fact.status:
            continue
        key = (fact.status, fact.evidence.start, fact.evidence.end)
        by_sentence[key] = by_sentence.get(key, 0) + fact.count
    toll: dict[str, int] = {}
    for (status, _start, _end), count in by_sentence.items():
        toll[status] = max(toll.get(status, 0), count)
    return toll
