"""Pages for people: the form, a brief on one page, the article with its evidence, the archive.

Everything works without JavaScript. Uploaded HTML is never shown: only the extracted
clean text, through autoescaping templates.

Routes:
    GET  /                                  the form (paste or upload, title, options)
    POST /                                  build and store a brief, then go to its page
    GET  /briefs                            the archive (?q=&since=&until=&source=&page=)
    GET  /briefs/<id>                       the brief, printable on one page
    GET  /briefs/<id>/delete                asks before deleting it, naming its headline
    POST /briefs/<id>/delete                delete it (CSRF-protected button), to the archive
    GET  /briefs/<id>/article               the clean article (?start=&end= highlights)
    GET  /briefs/<id>/download/<format>     md, json, eml (render.formats.FORMATS)
    GET  /problems/<slug>                   what a problem type of the API means
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    request,
    url_for,
)
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse

from briefing.errors import BriefingError, InputTooLargeError, OptionsError
from briefing.fetch import is_url
from briefing.ingest import suffix_list, upload_suffixes
from briefing.options import OPTION_NAMES, OPTIONS, read_day
from briefing.render.formats import FORMATS, output_format
from briefing.render.html import BriefLinks, render_html, summary_card
from briefing.render.snippet import marked, query_keys, snippet
from briefing.render.templates import shown_day
from briefing.request import ArticleRequest, Upload
from briefing.store import StoredBrief
from briefing.summarise import METHOD_HELP, METHODS
from briefing.summarise.length import DEFAULT_SENTENCES
from briefing.web.access import signin_url
from briefing.web.drain import BODY_KEY
from briefing.web.errors import problem_types
from briefing.web.forms import CSRF_FIELD, csrf, csrf_ok
from briefing.web.rendering import error_page, render_page, site_nav
from briefing.web.salvage import salvage_form
from briefing.web.state import (
    current_archive,
    current_briefing,
    current_settings,
    form_body_limit,
    may_write,
)

bp = Blueprint("pages", __name__)

PAGE_SIZE = 20


def megabytes(limit: int) -> str:
    """ "2 MB", "1.5 MB": a byte limit as people read it (1 MB = 1,000,000 bytes)."""
    return f"{limit / 1_000_000:.3g} MB" if limit >= 100_000 else f"{limit / 1000:.3g} kB"


def _form_page(
    status: int = 200, *, error: str | None = None, values: dict[str, str] | None = None
) -> Response:
    return render_page(
        "index.html",
        status=status,
        error=error,
        values=values or {},
        methods=[(name, METHOD_HELP[name]) for name in METHODS],
        options={option.name: option for option in OPTIONS},
        default_sentences=DEFAULT_SENTENCES,
        csrf_field=CSRF_FIELD,
        csrf_token=generate_csrf(),
        accept=upload_suffixes(),
        readable=suffix_list(),
        max_size=megabytes(current_settings().max_input_bytes),
        signin=signin_url(),
        max_files=current_settings().max_upload_files,
    )


@bp.get("/")
def index() -> Response:
    """The form: paste or upload an article, optional title, length and method."""
    return _form_page()


@bp.post("/")
def create() -> WerkzeugResponse:
    """Build a brief from the form, store it, and show it (303 to its page); several
    uploaded files make a brief each, listed on one page.

    A refused form comes back filled in: nothing typed is lost, and a text over the limit
    is kept up to the limit, with a message saying what was too large.
    """
    settings = current_settings()
    request.max_content_length = request.max_form_memory_size = form_body_limit(settings)
    try:
        form = request.form
        uploads = [f for f in request.files.getlist("file") if f.filename]
    except RequestEntityTooLarge:
        return _too_large_form()
    values = {name: form.get(name, "") for name in FORM_FIELDS}
    if not may_write():
        return _form_page(
            403,
            error="Storing briefs on this site needs a key: sign in with it, then send the "
            "form again (what you typed is kept below).",
            values=_fitting(values)[0],
        )
    if not csrf_ok():
        return _form_page(
            400,
            error="This form has expired or was sent from another site. Please send it again.",
            values=_fitting(values)[0],
        )
    if len(uploads) > settings.max_upload_files:
        return _form_page(
            413,
            error=f"That is {len(uploads)} files: at most {settings.max_upload_files} "
            "may be uploaded at once.",
            values=_fitting(values)[0],
        )
    if len(uploads) > 1:
        if values["text"].strip():
            return _form_page(
                400,
                error="Give the articles one way only: the pasted text or the files, not both.",
                values=_fitting(values)[0],
            )
        return _create_many(values, uploads)
    try:
        fields = _human_dates(values)
        stored = current_briefing().store(
            _request_from_form(fields, uploads[0] if uploads else None)
        )
    except BriefingError as exc:
        kept, cut = _fitting(values)
        error = sentence(exc.message)
        if cut:
            error += f" {cut}"
        return _form_page(exc.status, error=error, values=kept)
    return redirect(url_for("pages.brief_page", brief_id=stored.brief.id), code=303)


#: the form's fields, given back to it when it is refused
FORM_FIELDS = ("text", "title", "source", "published", "author", "language", *OPTION_NAMES)


def _fitting(values: dict[str, str]) -> tuple[dict[str, str], str]:
    """The form's values with the text cut to the article limit, and a sentence saying so."""
    limit = current_settings().max_input_bytes
    data = values.get("text", "").encode("utf-8")
    if len(data) <= limit:
        return values, ""
    kept = {**values, "text": data[:limit].decode("utf-8", "ignore")}
    return kept, f"The text below is its first {megabytes(limit)}: shorten it and send it again."


def _too_large_form() -> Response:
    """The form refused before parsing (its body is over the limit), filled in again from
    what it held: every field, the text up to the limit."""
    settings = current_settings()
    limit = settings.max_input_bytes
    form = salvage_form(
        request.environ[BODY_KEY],
        request.mimetype,
        request.mimetype_params.get("boundary"),
        field_bytes=limit,
        read_limit=settings.max_drain_bytes,
    )
    values = {name: form.values.get(name, "") for name in FORM_FIELDS}
    error = f"That is too large: articles may be at most {megabytes(limit)}."
    if "text" in form.cut:
        error += f" The text below is its first {megabytes(limit)}: shorten it and send it again."
    if form.file_name:
        error += f" The file {form.file_name!r} was not kept: choose a smaller one."
    return _form_page(413, error=error, values=values)


def _create_many(values: dict[str, str], uploads: list[FileStorage]) -> Response:
    """A brief from each file; the page lists every file: its brief, or why there is none.

    The title box would give every brief one headline, so it is left out: each file's
    own headline is used.
    """
    try:
        fields = _human_dates({**values, "title": ""})
    except BriefingError as exc:
        return _form_page(exc.status, error=sentence(exc.message), values=values)
    results: list[dict[str, Any]] = []
    for upload in uploads:
        try:
            stored = current_briefing().store(_request_from_form(fields, upload))
        except BriefingError as exc:
            results.append({"file": upload.filename, "error": sentence(exc.message)})
        else:
            results.append(
                {
                    "file": upload.filename,
                    "title": stored.brief.title,
                    "url": url_for("pages.brief_page", brief_id=stored.brief.id),
                    "card": summary_card(stored.brief),
                }
            )
    made = sum(1 for r in results if "url" in r)
    return render_page("uploaded.html", status=201 if made else 422, results=results, made=made)


def _human_dates(values: dict[str, str]) -> dict[str, str]:
    """The Published box read as a page date ("7 Dec 2026") and passed on as ISO."""
    published = values.get("published", "").strip()
    if not published:
        return values
    try:
        day = read_day(published)
    except BriefingError as exc:
        raise OptionsError(f"Published: {exc.message}") from None
    return {**values, "published": day.isoformat()}


def _request_from_form(values: dict[str, str], upload: FileStorage | None) -> ArticleRequest:
    """The form's article: a chosen file, an address pasted alone, or the pasted text."""
    limit = current_settings().max_input_bytes
    fields: dict[str, str] = dict(values)
    file = None
    if upload is not None and upload.filename:
        # Read one byte past the limit: enough for the size check to say "too large".
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise InputTooLargeError(f"the file is over the limit of {megabytes(limit)}")
        file = Upload(data, upload.filename)
    elif is_url(fields["text"]):
        # a text box holding only an address: the article is the page at that address
        fields["url"] = fields.pop("text")
    return ArticleRequest.from_mapping(fields, file=file)


def sentence(message: str) -> str:
    """Error messages read as sentences on a page."""
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


# -- a brief ------------------------------------------------------------------------------


@bp.get("/briefs/<brief_id>")
def brief_page(brief_id: str) -> Response:
    """The brief on one printable page, each sentence and fact linked to its evidence."""
    stored = current_archive().get(brief_id)

    def evidence(start: int, end: int) -> str:
        return url_for("pages.article", brief_id=brief_id, start=start, end=end, _anchor="evidence")

    links = BriefLinks(
        evidence=evidence,
        downloads=tuple(
            (fmt.label, url_for("pages.download", brief_id=brief_id, fmt=fmt.suffix))
            for fmt in FORMATS
            if fmt.download
        ),
        article=url_for("pages.article", brief_id=brief_id),
    )
    html = render_html(
        stored.brief,
        links=links,
        nav=site_nav(),
        stored_on=stored.day,
        stored_at=stored.ingested_at.astimezone(ZoneInfo(current_settings().timezone)),
        address=url_for("pages.brief_page", brief_id=brief_id, _external=True),
        delete=url_for("pages.confirm_delete", brief_id=brief_id) if may_write() else None,
        script=url_for("assets.script"),
    )
    return Response(html, mimetype="text/html")


@bp.get("/briefs/<brief_id>/delete")
def confirm_delete(brief_id: str) -> Response:
    """Ask before deleting: the page names the brief and offers to keep it."""
    stored = current_archive().get(brief_id)
    return render_page(
        "delete.html",
        title=stored.brief.title,
        day=stored.day,
        brief_url=url_for("pages.brief_page", brief_id=brief_id),
        action=url_for("pages.delete_brief", brief_id=brief_id),
        csrf_field=CSRF_FIELD,
        csrf_token=generate_csrf(),
        may_write=may_write(),
        signin=signin_url(),
    )


@bp.post("/briefs/<brief_id>/delete")
def delete_brief(brief_id: str) -> WerkzeugResponse:
    """Delete a brief (the confirmation page's button; CSRF-checked; signed in when keys
    are set), then go to the archive, whose notice names the brief's headline."""
    stored = current_archive().get(brief_id)
    if not may_write():
        return error_page(
            403, "Deleting briefs on this site needs a key: sign in with it, then try again."
        )
    if not csrf_ok():
        return error_page(
            400, "This button has expired or was sent from another site. Reload the brief."
        )
    current_archive().delete(brief_id)
    flash(stored.brief.title, "deleted")
    return redirect(url_for("pages.archive"), code=303)


@bp.get("/briefs/<brief_id>/article")
def article(brief_id: str) -> Response:
    """The clean article; ``start``/``end`` highlight the span a brief's link points to."""
    brief = current_archive().get(brief_id).brief
    text = brief.article.text
    span = _span_argument(len(text))
    paragraphs = brief.article.paragraphs or ()
    spans = [(p.start, p.end) for p in paragraphs] or [(0, len(text))]
    headings = {(h.start, h.end) for h in brief.article.headings}
    blocks = []
    marked = False
    for start, end in spans:
        pieces = []
        if span and span[0] < end and span[1] > start:
            cut_start, cut_end = max(start, span[0]), min(end, span[1])
            pieces = [
                {"text": text[start:cut_start], "mark": False, "first": False},
                {"text": text[cut_start:cut_end], "mark": True, "first": not marked},
                {"text": text[cut_end:end], "mark": False, "first": False},
            ]
            marked = True
        else:
            pieces = [{"text": text[start:end], "mark": False, "first": False}]
        blocks.append({"heading": (start, end) in headings, "pieces": pieces})
    return render_page(
        "article.html",
        brief=brief,
        blocks=blocks,
        highlighted=span is not None,
        brief_url=url_for("pages.brief_page", brief_id=brief_id),
    )


def _span_argument(length: int) -> tuple[int, int] | None:
    raw_start, raw_end = request.args.get("start"), request.args.get("end")
    if raw_start is None and raw_end is None:
        return None
    try:
        start, end = int(raw_start or ""), int(raw_end or "")
    except ValueError:
        abort(400, "start and end must be whole numbers")
    if not 0 <= start < end <= length:
        abort(400, f"the span {start}-{end} is not inside the article (0-{length})")
    return start, end


@bp.get("/briefs/<brief_id>/download/<fmt>")
def download(brief_id: str, fmt: str) -> Response:
    """The brief as a file in one of the download formats (md, json, eml)."""
    try:
        kind = output_format(fmt)
    except OptionsError:
        kind = None
    if kind is None or not kind.download:
        offered = ", ".join(f.suffix for f in FORMATS if f.download)
        abort(404, f"no download format {fmt!r}; formats: {offered}")
    stored = current_archive().get(brief_id)
    brief = stored.brief
    name = f"{_slug(brief.title)}-{_slug(brief.id)}.{kind.suffix}"
    data = kind.render(brief, current_settings().output, stored.day)
    # content_type, not mimetype: the media type carries its charset already, and Flask
    # adds one to a mimetype ("charset=utf-8; charset=utf-8")
    response = Response(data, content_type=kind.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60] or "brief"


# -- the archive ----------------------------------------------------------------------------


@bp.get("/briefs")
def archive() -> Response:
    """Stored briefs: newest first, or searched (title, text, speakers, source) best first.

    Filters: ``q`` words, ``since``/``until`` dates ("7 Dec 2026" or YYYY-MM-DD),
    ``source``; ``page``. Each row shows where the words matched, the numbers and the
    stances, so a desk can triage from the list.
    """
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    search = archive_search()
    store = current_archive()
    if search.errors:
        total, found = 0, []
    else:
        total = store.count(**search.filters)
        found = store.list(**search.filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    given, dates, typed = search.given, search.dates, search.typed

    def page_url(number: int) -> str:
        return url_for("pages.archive", page=number, **given)

    keys = query_keys(search.query) if search.query else frozenset()
    return render_page(
        "archive.html",
        items=[_archive_row(stored, keys) for stored in found],
        query=search.query,
        source=search.source,
        sources=store.sources(),
        # what was typed stays in the boxes, shown as every page shows a date when valid
        since=shown_day(dates["since"]) if dates["since"] else typed["since"],
        until=shown_day(dates["until"]) if dates["until"] else typed["until"],
        filtered=bool(given) or bool(search.errors),
        errors=search.errors,
        deleted=get_flashed_messages(category_filter=["deleted"]),
        total=total,
        first=(page - 1) * PAGE_SIZE + 1,
        last=(page - 1) * PAGE_SIZE + len(found),
        previous=page_url(page - 1) if page > 1 else None,
        next=page_url(page + 1) if page < pages else None,
        page=page,
        pages=pages,
        exports=[
            ("CSV", url_for("exports.export_csv", **given)),
            ("Markdown bundle (.zip)", url_for("exports.export_bundle", **given)),
        ]
        if found
        else None,
    )


@dataclass(frozen=True)
class ArchiveSearch:
    """The archive's filters as the request gave them (the list and its exports share it)."""

    query: str
    source: str
    #: the From/To boxes as typed, and the dates they hold
    typed: dict[str, str]
    dates: dict[str, dt.date | None]
    errors: list[str]

    @property
    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``Archive.list`` and ``Archive.count``."""
        return {"query": self.query or None, "source": self.source or None, **self.dates}

    @property
    def given(self) -> dict[str, Any]:
        """The filters in use, as URL arguments (ISO dates)."""
        since, until = self.dates["since"], self.dates["until"]
        pairs = (
            ("q", self.query),
            ("source", self.source),
            ("since", since.isoformat() if since else ""),
            ("until", until.isoformat() if until else ""),
        )
        return {name: value for name, value in pairs if value}


def archive_search() -> ArchiveSearch:
    """The request's ``q``, ``source``, ``since`` and ``until``, read and checked."""
    typed = {name: request.args.get(name, "").strip()[:100] for name in ("since", "until")}
    dates, errors = _date_range(typed)
    return ArchiveSearch(
        query=request.args.get("q", "").strip()[:500],
        source=request.args.get("source", "").strip()[:500],
        typed=typed,
        dates=dates,
        errors=errors,
    )


def _date_range(typed: dict[str, str]) -> tuple[dict[str, dt.date | None], list[str]]:
    """The From/To dates and what is wrong with them: not a date, or From after To."""
    dates: dict[str, dt.date | None] = {}
    errors = []
    labels = {"since": "From", "until": "To"}
    for name, value in typed.items():
        try:
            dates[name] = read_day(value) if value else None
        except BriefingError as exc:
            dates[name] = None
            errors.append(f"{labels[name]}: {sentence(exc.message)}")
    since, until = dates["since"], dates["until"]
    if since and until and since > until:
        errors.append(
            f"From ({shown_day(since)}) is after To ({shown_day(until)}), so no day is in "
            "the range: swap the two dates, or clear one."
        )
    return dates, errors


def _archive_row(stored: StoredBrief, keys: frozenset[str]) -> dict[str, Any]:
    """One brief in the list: where the words matched, its numbers and its stances."""
    brief = stored.brief
    if keys:
        passage = snippet(brief.article.text, keys)
    else:
        lead = brief.summary.sentences[0].text if brief.summary.sentences else brief.article.text
        passage = snippet(lead, keys)
    return {
        "id": brief.id,
        "url": url_for("pages.brief_page", brief_id=brief.id),
        "title": marked(brief.title, keys),
        "source": brief.article.source,
        "original": brief.article.url,
        "day": stored.day,
        "snippet": passage,
        "card": summary_card(brief),
    }


@bp.get("/problems/<slug>")
def problem_type(slug: str) -> Response:
    """What an API problem type means (the ``type`` URI of problem+json answers)."""
    types = problem_types()
    if slug not in types:
        abort(404, f"no problem type {slug!r}")
    return render_page("problem.html", slug=slug, meaning=types[slug])


#: The pages run only the site's own script (``/site.js``) and load nothing from
#: elsewhere; say so to the browser. The icon is inline (``data:``).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _security_headers(response: WerkzeugResponse) -> WerkzeugResponse:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the pages on ``app``."""
    app.config.update(
        # the views call csrf.protect() themselves, so that a refused form keeps its text
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_FIELD_NAME=CSRF_FIELD,
        # a token lives as long as the browser's session: an editor who leaves the form
        # open over lunch can still send it
        WTF_CSRF_TIME_LIMIT=None,
    )
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.after_request(_security_headers)
