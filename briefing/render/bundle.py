"""Many briefs in one file: a CSV table to sort and filter, a Markdown bundle to read.

Pure: (brief, day stored) pairs in, the file out. Dates are ISO here (machine formats);
the pages show "7 Dec 2026".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence

from briefing.facts.totals import current_toll
from briefing.models import Brief
from briefing.render.html import summary_card
from briefing.render.markdown import render_markdown

#: one brief and the day the archive holds it under
Dated = tuple[Brief, dt.date]

CSV_COLUMNS = (
    "id",
    "date",
    "title",
    "source",
    "published",
    "author",
    "language",
    "url",
    "words",
    "killed",
    "wounded",
    "missing",
    "deployed",
    "stances",
    "speakers",
    "summary",
    "brief_url",
)


def render_csv(briefs: Sequence[Dated], brief_url: Callable[[str], str | None]) -> str:
    """One row a brief (the columns of ``CSV_COLUMNS``), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for brief, day in briefs:
        card = summary_card(brief)
        toll = current_toll(brief.facts.casualties)
        article = brief.article
        writer.writerow(
            [
                brief.id,
                day.isoformat(),
                _cell(brief.title),
                _cell(article.source or ""),
                article.published.isoformat() if article.published else "",
                _cell(article.author or ""),
                article.language or "en",
                article.url or "",
                brief.word_count,
                toll.get("killed", ""),
                toll.get("wounded", ""),
                toll.get("missing", ""),
                "; ".join(f"{a['count']} {a['asset']}" for a in card["assets"]),
                "; ".join(f"{s['count']} {s['stance']}" for s in card["stances"]),
                card["speakers"],
                _cell(" ".join(s.text for s in brief.summary.sentences)),
                brief_url(brief.id) or "",
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (=, +, -, @ opening it)."""
    text = " ".join(text.split())
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def render_markdown_bundle(
    briefs: Sequence[Dated], title: str, brief_url: Callable[[str], str | None]
) -> bytes:
    """A zip of one Markdown file a brief, and an ``index.md`` listing them in order."""
    data = io.BytesIO()
    index = [f"# {title}", ""]
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as bundle:
        for number, (brief, day) in enumerate(briefs, start=1):
            name = f"{number:03d}-{slug(brief.title)}.md"
            bundle.writestr(name, render_markdown(brief, url=brief_url(brief.id), stored_on=day))
            index.append(f"{number}. [{_link_text(brief.title)}]({name}) — {day.isoformat()}")
        bundle.writestr("index.md", "\n".join(index) + "\n")
    return data.getvalue()


def _link_text(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def slug(text: str) -> str:
    """ "donald-trump-deploys-3-500": a title as a file name (ASCII, at most 60 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60] or "brief"
