"""Plain-text brief for the terminal and the plain part of emails."""

from __future__ import annotations

import textwrap

from briefing.models import Brief
from briefing.render.facts_lines import fact_groups

WIDTH = 88


def byline(brief: Brief) -> str:
    """ "The Sun · 3 Jan 2020 · 1,612 words · 7 min read"."""
    article = brief.article
    parts = []
    if article.source:
        parts.append(article.source)
    if article.published:
        parts.append(f"{article.published.day} {article.published:%b %Y}")
    parts.append(f"{brief.word_count:,} words")
    parts.append(f"{brief.reading_minutes} min read")
    return " · ".join(parts)


def render_text(brief: Brief, *, width: int = WIDTH) -> str:
    """The brief as wrapped plain text: headline, byline, summary, key facts."""
    lines = [brief.title, "=" * min(width, len(brief.title)), byline(brief), ""]
    lines += ["Summary", "-------"]
    for number, sentence in enumerate(brief.summary.sentences, start=1):
        lines += textwrap.wrap(
            sentence.text, width=width, initial_indent=f"{number}. ", subsequent_indent="   "
        )
    groups = fact_groups(brief.facts)
    if groups:
        lines += ["", "Key facts", "---------"]
        for title, items in groups:
            lines.append(f"{title}:")
            for item in items:
                lines += textwrap.wrap(
                    item, width=width, initial_indent="  - ", subsequent_indent="    "
                )
    lines += ["", f"Summary by the {brief.summary.method!r} ranker · brief {brief.id}"]
    return "\n".join(lines) + "\n"
