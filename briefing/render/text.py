"""Plain-text brief for the terminal and the plain part of emails."""

from __future__ import annotations

import datetime as dt
import textwrap

from briefing.models import Brief
from briefing.render.facts_lines import EXPLAIN_TITLE, explanations, fact_groups
from briefing.render.untrusted import one_line, printable
from briefing.text.languages import DEFAULT_LANGUAGE, language_name

WIDTH = 88


def day_label(day: dt.date) -> str:
    """ "3 Jan 2020": a date as briefs and digests show it."""
    return f"{day.day} {day:%b} {day.year}"  # %Y pads small years on some platforms only


def byline(brief: Brief, stored_on: dt.date | None = None) -> str:
    """ "By Jane Doe · The Sun · published 3 Jan 2020 · 1,612 words · 7 min read".

    Without a publication date it says "added <day stored>": a date is always labelled,
    so nobody reads the day we stored it as the day it was written. An article in another
    language than English says which ("in French").
    """
    parts = []
    if brief.article.author:
        parts.append(f"By {brief.article.author}")
    if brief.article.source:
        parts.append(brief.article.source)
    if brief.article.published:
        parts.append(f"published {day_label(brief.article.published)}")
    elif stored_on:
        parts.append(f"added {day_label(stored_on)}")
    language = brief.article.language or DEFAULT_LANGUAGE
    if language != DEFAULT_LANGUAGE:
        parts.append(f"in {language_name(language)}")
    parts.append(f"{brief.word_count:,} words")
    parts.append(f"{brief.reading_minutes} min read")
    return " · ".join(parts)


def render_text(brief: Brief, *, width: int = WIDTH, explain: bool = False) -> str:
    """The brief as wrapped plain text: headline, byline, summary, key facts (and, with
    ``explain``, why each fact was kept)."""
    title = one_line(brief.title)
    lines = [title, "=" * min(width, len(title)), one_line(byline(brief)), ""]
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
    why = explanations(brief.facts) if explain else []
    if why:
        lines += ["", EXPLAIN_TITLE, "-" * len(EXPLAIN_TITLE)]
        for item in why:
            lines += textwrap.wrap(item, width=width, initial_indent="- ", subsequent_indent="  ")
    if brief.notes:
        lines += ["", "Notes", "-----"]
        for note in brief.notes:
            lines += textwrap.wrap(
                note.text, width=width, initial_indent="* ", subsequent_indent="  "
            )
    lines += ["", f"Summary by the {brief.summary.method!r} ranker · brief {one_line(brief.id)}"]
    return printable("\n".join(lines) + "\n")
