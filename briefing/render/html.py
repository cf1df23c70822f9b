"""HTML brief: one printable page (print CSS keeps it to one A4 or US Letter sheet).

Pure: a Brief in, a complete HTML document out. Where its evidence and download links
point is the caller's business (``BriefLinks``): the web app fills them in; standalone
HTML (no links) reads the same, just without links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.facts.kinds import KINDS
from briefing.facts.lines import reactions_by_speaker
from briefing.facts.totals import current_toll
from briefing.models import STANCES, Brief, Reaction
from briefing.render.templates import template_environment
from briefing.render.text import byline, day_label


@dataclass(frozen=True)
class BriefLinks:
    """Where a rendered brief links to; every link is optional."""

    #: URL of the full article with the span ``[start, end)`` highlighted
    evidence: Callable[[int, int], str] | None = None
    #: (label, URL) of each download format
    downloads: tuple[tuple[str, str], ...] = ()
    #: URL of the full clean article
    article: str | None = None


@dataclass(frozen=True)
class PrintLimits:
    """Most items of each kind printed, so a brief stays on one page (the screen shows all)."""

    facts: int = 5
    #: speakers printed, and quotes printed per speaker
    reactions: int = 6
    quotes: int = 2


@dataclass(frozen=True)
class Nav:
    """The site's navigation links (omitted from standalone HTML)."""

    home: str
    archive: str
    digest: str | None = None
    feeds: str | None = None
    api_docs: str | None = None
    #: (label, URL) of the sign-in page, when the site has keys
    account: tuple[str, str] | None = None


#: Stances in the order the tally shows them; each has its own colour-blind-safe colour
#: (Okabe-Ito palette) in style.css, and always its name as text.
STANCE_ORDER = STANCES
#: the note that stands in the key-facts section instead of above the summary
FACTS_NOTE = "facts-english-only"
#: casualty statuses the summary card totals, in its order
CARD_STATUSES = ("killed", "wounded", "missing")
#: how many speakers the printed page shows in one column (two lines each); more go in
#: two columns, and past PRINT_CROWD speakers each gets a single line
PRINT_ONE_COLUMN = 6
PRINT_CROWD = 24


def summary_card(brief: Brief) -> dict[str, Any]:
    """The numbers at a glance: tolls with their sources, assets by class, stance tally.

    A toll is the largest current (not background) figure reported for its status, since
    articles repeat and update a toll rather than add to it (groups named in one sentence
    are added up); assets likewise by class.
    """
    toll = current_toll(brief.facts.casualties)
    tolls = []
    for status in CARD_STATUSES:
        if status in toll:
            sources = _distinct_values(
                f.reported_by
                for f in brief.facts.casualties
                if not f.historical and f.count is not None and f.status == status
            )
            tolls.append({"status": status, "count": f"{toll[status]:,}", "sources": sources})
    assets: dict[str, int] = {}
    for deployment in brief.facts.deployments:
        if deployment.earlier or deployment.count is None:
            continue
        asset = deployment.asset or "forces"
        assets[asset] = max(assets.get(asset, 0), deployment.count)
    tally: dict[str, int] = {}
    for group in reactions_by_speaker(brief.facts.reactions):
        for stance in _stances(group):
            tally[stance] = tally.get(stance, 0) + 1
    ordered = sorted(
        tally.items(),
        key=lambda kv: (STANCE_ORDER.index(kv[0]) if kv[0] in STANCE_ORDER else 99, kv[0]),
    )
    return {
        "tolls": tolls,
        "assets": [{"asset": a, "count": f"{n:,}"} for a, n in assets.items()],
        "stances": [{"stance": s, "count": n} for s, n in ordered],
        "speakers": len(reactions_by_speaker(brief.facts.reactions)),
    }


def _distinct_values(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def _stances(group: list[Reaction]) -> list[str]:
    """A speaker's distinct stances; "other" only when nothing more specific was found."""
    stances = _distinct_values(r.stance for r in group)
    specific = [s for s in stances if s != "other"]
    return specific or stances


def speaker_rows(brief: Brief) -> list[dict[str, Any]]:
    """One row per speaker: stances, the strongest quote, and the others to fold away.

    The strongest quote is the longest one that carries a stance (else the longest): it is
    the one that says most about where the speaker stands.
    """
    rows = []
    for group in reactions_by_speaker(brief.facts.reactions):
        best = max(group, key=lambda r: (r.stance is not None, len(r.quote)))
        rows.append(
            {
                "speaker": group[0].speaker,
                "role": next((r.role for r in group if r.role), None),
                "stances": _stances(group),
                "channels": _distinct_values(r.channel for r in group),
                "best": best,
                "more": [r for r in group if r is not best],
            }
        )
    return rows


def fact_groups(brief: Brief) -> list[dict[str, Any]]:
    """The ungrouped kinds (casualties, deployments) as titled groups of lines, each with
    its evidence span; reactions have their own table."""
    groups = []
    for kind in KINDS:
        if kind.grouped:
            continue
        items = brief.facts.of(kind.name)
        # an ungrouped kind has one line a fact: each line links to its fact's evidence
        lines = zip(kind.lines(items), (fact.evidence for fact in items), strict=True)
        groups.append((kind.name, kind.title, list(lines)))
    return [
        {
            "kind": kind,
            "title": title,
            "items": [{"line": line, "start": ev.start, "end": ev.end} for line, ev in items],
        }
        for kind, title, items in groups
        if items
    ]


def render_html(
    brief: Brief,
    *,
    links: BriefLinks | None = None,
    nav: Nav | None = None,
    stored_on: dt.date | None = None,
    address: str | None = None,
    stored_at: dt.datetime | None = None,
    delete: str | None = None,
    script: str | None = None,
) -> str:
    """The brief as a complete HTML page: card, summary, key facts, reactions.

    ``address`` is the brief's own URL, printed so a paper copy leads back to it;
    ``delete`` the page that asks before deleting it; ``script`` the site's script (it
    shows the Print button).
    """
    template = template_environment().get_template("brief.html")
    return template.render(
        brief=brief,
        byline=byline(brief, stored_on),
        groups=fact_groups(brief),
        speakers=speaker_rows(brief),
        card=summary_card(brief),
        address=address,
        print_one_column=PRINT_ONE_COLUMN,
        print_crowd=PRINT_CROWD,
        links=links or BriefLinks(),
        nav=nav,
        stored_at=(
            f"{day_label(stored_at.date())} {stored_at:%H:%M} {stored_at.tzname() or ''}".strip()
            if stored_at
            else None
        ),
        delete={"url": delete} if delete else None,
        script=script,
        print_limits=PrintLimits(),
        facts_note=next((n.text for n in brief.notes if n.code == FACTS_NOTE), None),
        # the facts note stands where the facts would: not twice
        header_notes=[n for n in brief.notes if n.code != FACTS_NOTE],
    )
