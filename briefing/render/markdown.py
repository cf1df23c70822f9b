"""Markdown brief: for pasting into notes, tickets and chat."""

from __future__ import annotations

import datetime as dt
import re

from briefing.models import Brief
from briefing.render.facts_lines import EXPLAIN_TITLE, explanations, fact_groups
from briefing.render.text import byline
from briefing.render.untrusted import one_line, printable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
#: angle brackets as entities: no renderer reads those as a tag, backslash or not
_ANGLES = str.maketrans({"<": "&lt;", ">": "&gt;"})


def escape_markdown(text: str) -> str:
    """Backslash the characters Markdown would read as markup, on one line (a line break
    in a title would end its heading and start a block of the sender's choosing)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text)).translate(_ANGLES)


def render_markdown(
    brief: Brief,
    *,
    url: str | None = None,
    explain: bool = False,
    stored_on: dt.date | None = None,
) -> str:
    """The brief as Markdown: a heading, a byline, the summary and the key facts.

    Character offsets stay in the JSON: in notes and chat they are noise. ``url`` (the
    brief's page) adds a link back to the online brief and its evidence; ``explain`` adds
    why each fact was kept; ``stored_on`` (the archive's day) dates a brief whose article
    carries no date.
    """
    said = byline(brief, stored_on)
    lines = [f"# {escape_markdown(brief.title)}", "", f"*{escape_markdown(said)}*", ""]
    lines += ["## Summary", ""]
    for sentence in brief.summary.sentences:
        lines.append(f"- {escape_markdown(sentence.text)}")
    groups = fact_groups(brief.facts)
    if groups:
        lines += ["", "## Key facts"]
        for title, items in groups:
            lines += ["", f"### {title}", ""]
            lines += [f"- {escape_markdown(item)}" for item in items]
    why = explanations(brief.facts) if explain else []
    if why:
        lines += ["", f"## {EXPLAIN_TITLE}", ""]
        lines += [f"- {escape_markdown(item)}" for item in why]
    if brief.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {escape_markdown(note.text)}" for note in brief.notes]
    if url:
        lines += ["", f"[Online brief, with the evidence of every line]({url})"]
    # the id may come from a batch line: escaped like any text from outside
    method = brief.summary.method
    method = f"`{method}`" if method.isalnum() else escape_markdown(method)
    lines += ["", f"<sub>Summary by the {method} ranker · brief {escape_markdown(brief.id)}</sub>"]
    return printable("\n".join(lines) + "\n")
