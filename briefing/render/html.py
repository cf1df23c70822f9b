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
from briefing.models import Brief
from briefing.render.facts_lines import LINES, reactions_by_speaker
from briefing.render.templates import template_environment
from briefing.render.text import byline


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


def fact_groups(brief: Brief) -> list[dict[str, Any]]:
    """The ungrouped kinds (casualties, deployments) as titled groups of lines, each with
    its evidence span; reactions have their own table."""
    groups = [
        (
            kind.name,
            kind.title,
            [(LINES[kind.name](f), f.evidence) for f in getattr(brief.facts, kind.name)],
        )
        for kind in KINDS
        if not kind.grouped
    ]
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
) -> str:
    """The brief as a complete HTML page: headline, byline, summary, key facts, reactions."""
    template = template_environment().get_template("brief.html")
    return template.render(
        brief=brief,
        byline=byline(brief, stored_on),
        groups=fact_groups(brief),
        speakers=reactions_by_speaker(brief.facts.reactions),
        links=links or BriefLinks(),
        nav=nav,
        stored_on=stored_on.isoformat() if stored_on else None,
        print_limits=PrintLimits(),
    )
