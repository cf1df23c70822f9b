"""A search's or a day's briefs in one file: CSV for a spreadsheet, Markdown to read.

Routes (the archive's filters: ``q``, ``since``, ``until``, ``source``; a day is
``since=D&until=D``, which the digest page links to):
    GET /briefs/export.csv      one row a brief (``render.bundle.CSV_COLUMNS``)
    GET /briefs/export.zip      a Markdown file a brief and an index

At most ``BRIEFING_MAX_EXPORT_BRIEFS`` briefs, in the archive's order; a file cut there
says so (a header line in the CSV's ``X-Briefing-Truncated`` answer, a line in the index).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, url_for

from briefing.render.bundle import Dated, render_csv, render_markdown_bundle, slug
from briefing.render.templates import shown_day
from briefing.web.pages import ArchiveSearch, archive_search
from briefing.web.rendering import error_page
from briefing.web.state import current_archive, current_settings

bp = Blueprint("exports", __name__)


def _found(search: ArchiveSearch) -> tuple[list[Dated], int]:
    store = current_archive()
    total = store.count(**search.filters)
    limit = current_settings().max_export_briefs
    found = store.list(**search.filters, limit=limit, offset=0)
    return [(s.brief, s.day) for s in found], total


def _name(search: ArchiveSearch) -> str:
    """ "briefs-2026-12-07", "briefs-iran", "briefs": what the file holds, in its name."""
    parts = ["briefs"]
    since, until = search.dates["since"], search.dates["until"]
    if since and since == until:
        parts.append(since.isoformat())
    else:
        parts += [d.isoformat() for d in (since, until) if d]
    if search.query:
        parts.append(search.query)
    return slug("-".join(parts))


def _title(search: ArchiveSearch) -> str:
    since, until = search.dates["since"], search.dates["until"]
    said = []
    if search.query:
        said.append(f"matching “{search.query}”")
    if since and since == until:
        said.append(f"of {shown_day(since)}")
    else:
        if since:
            said.append(f"from {shown_day(since)}")
        if until:
            said.append(f"to {shown_day(until)}")
    if search.source:
        said.append(f"from {search.source}")
    return " ".join(["Briefs", *said])


def _brief_url(brief_id: str) -> str:
    return url_for("pages.brief_page", brief_id=brief_id, _external=True)


def _download(data: str | bytes, media_type: str, name: str, total: int, kept: int) -> Response:
    response = Response(data, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if kept < total:
        response.headers["X-Briefing-Truncated"] = f"{kept} of {total}"
    return response


@bp.get("/briefs/export.csv")
def export_csv() -> Response:
    """The briefs of a search or a day as CSV."""
    search = archive_search()
    if search.errors:
        return error_page(400, " ".join(search.errors))
    briefs, total = _found(search)
    data = render_csv(briefs, _brief_url)
    return _download(data, "text/csv; charset=utf-8", f"{_name(search)}.csv", total, len(briefs))


@bp.get("/briefs/export.zip")
def export_bundle() -> Response:
    """The briefs of a search or a day as a zip of Markdown files."""
    search = archive_search()
    if search.errors:
        return error_page(400, " ".join(search.errors))
    briefs, total = _found(search)
    title = _title(search)
    if len(briefs) < total:
        title += f" (the first {len(briefs)} of {total})"
    data = render_markdown_bundle(briefs, title, _brief_url)
    return _download(data, "application/zip", f"{_name(search)}.zip", total, len(briefs))


def init_app(app: Flask) -> None:
    """Register the exports on ``app``."""
    app.register_blueprint(bp)
