"""Markdown brief: for pasting into notes, tickets and chat."""

from __future__ import annotations

import re

from briefing.models import Brief
from briefing.render.facts_lines import fact_groups
from briefing.render.text import byline

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Backslash the characters Markdown would read as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(brief: Brief, *, url: str | None = None) -> str:
    """The brief as Markdown: a heading, a byline, the summary and the key facts.

    Character offsets stay in the JSON: in notes and chat they are noise. ``url`` (the
    brief's page) adds a link back to the online brief and its evidence.
    """
    lines = [f"# {escape_markdown(brief.title)}", "", f"*{escape_markdown(byline(brief))}*", ""]
    lines += ["## Summary", ""]
    for sentence in brief.summary.sentences:
        lines.append(f"- {escape_markdown(sentence.text)}")
    groups = fact_groups(brief.facts)
    if groups:
        lines += ["", "## Key facts"]
        for title, items in groups:
            lines += ["", f"### {title}", ""]
            lines += [f"- {escape_markdown(item)}" for item in items]
    if brief.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {escape_markdown(note.text)}" for note in brief.notes]
    if url:
        lines += ["", f"[Online brief, with the evidence of every line]({url})"]
    lines += ["", f"<sub>Summary by the `{brief.summary.method}` ranker · brief {brief.id}</sub>"]
    return "\n".join(lines) + "\n"
