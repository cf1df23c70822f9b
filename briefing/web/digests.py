"""The daily brief on the web, and a brief's .eml download.

Routes:
    GET  /digest                          the latest day that has briefs (a redirect);
                                          ?day=7 Dec 2026 goes to the day picked
    GET  /digest/<date>                   the day's digest (a date, today or yesterday);
                                          previous/next go to the nearest days with briefs,
                                          a calendar (?month=YYYY-MM) to any day that has
    GET  /digest/<date>/email             the email previewed in the browser
    GET  /digest/<date>/download/eml      the same digest as the email the CLI sends
    GET  /api/v1/digests/<date>           the digest JSON (schema ``briefing.digest/1``)

A brief's own .eml is one of the output formats (``render.formats``), offered on its page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, current_app, json, redirect, request, url_for
from pydantic import BaseModel, Field, create_model
from spectree import Response as Responses
from werkzeug.wrappers import Response as WerkzeugResponse

from briefing.digest import Digest
from briefing.errors import BriefingError
from briefing.models import Stance
from briefing.options import parse_date, read_day
from briefing.render.mail import (
    deployed_text,
    message_bytes,
    render_digest_email,
    source_label,
    story_facts,
    story_meta,
)
from briefing.render.templates import shown_day, template_environment
from briefing.render.text import day_label
from briefing.web.api import API_PREFIX, spec
from briefing.web.rendering import render_page
from briefing.web.schema import FACT_FIELDS, Problem
from briefing.web.state import current_archive, current_briefing, current_settings

pages = Blueprint("digest", __name__)
api = Blueprint("digest_api", __name__, url_prefix=API_PREFIX)


def _day(text: str) -> dt.date:
    """YYYY-MM-DD, or today / yesterday in the configured time zone (as the CLI takes)."""
    if text in {"today", "yesterday"}:
        today = dt.datetime.now(ZoneInfo(current_settings().timezone)).date()
        return today if text == "today" else today - dt.timedelta(days=1)
    return parse_date(text)


def _digest(text: str) -> Digest:
    return current_briefing().digest(_day(text))


@pages.get("/digest")
def latest_digest() -> WerkzeugResponse:
    """The day picked (``?day=7 Dec 2026``), else the latest day that has briefs (today
    when the archive is empty)."""
    picked = request.args.get("day", "").strip()[:100]
    if picked:
        try:
            day = read_day(picked)
        except BriefingError as exc:
            latest = current_archive().latest_day() or _day("today")
            return _digest_page(latest, status=400, pick_error=exc.message, picked=picked)
        return redirect(url_for("digest.digest_page", day=day.isoformat()), code=303)
    newest = current_archive().latest_day()
    day_text = newest.isoformat() if newest else "today"
    return redirect(url_for("digest.digest_page", day=day_text), code=302)


# -- the page -----------------------------------------------------------------------------

#: stories printed on the page's one A4 sheet (headline and first sentence each); the
#: rest are online, and the printed cut says where
PRINT_STORIES = 10


@pages.get("/digest/<day>")
def digest_page(day: str) -> Response:
    """The day's stories, ranked, with each story's numbers and who reacted how."""
    return _digest_page(_day(day))


def _digest_page(
    day: dt.date, *, status: int = 200, pick_error: str | None = None, picked: str = ""
) -> Response:
    digest = current_briefing().digest(day)
    store = current_archive()
    before, after = store.neighbour_days(digest.day)
    iso = digest.day.isoformat()
    return render_page(
        "digest.html",
        status=status,
        digest=digest,
        day_label=day_label(digest.day),
        brief_url=lambda brief_id: url_for("pages.brief_page", brief_id=brief_id),
        previous=_day_url(before),
        next=_day_url(after),
        eml=url_for("digest.digest_email", day=iso),
        preview=url_for("digest.digest_preview", day=iso),
        json_url=url_for("digest_api.get_digest", day=iso),
        csv_url=url_for("exports.export_csv", since=iso, until=iso),
        bundle_url=url_for("exports.export_bundle", since=iso, until=iso),
        address=url_for("digest.digest_page", day=iso, _external=True),
        pick_action=url_for("digest.latest_digest"),
        pick_error=pick_error,
        picked=picked or shown_day(digest.day),
        calendar=_calendar(digest.day, request.args.get("month", "")),
        print_stories=PRINT_STORIES,
        deployed_text=deployed_text,
        story_meta=story_meta,
        story_facts=story_facts,
        source_label=source_label,
    )


def _calendar(day: dt.date, month: str) -> dict[str, Any]:
    """A month as weeks of days (Monday first); days with briefs link to their digest.

    The month is ``day``'s, or ``month`` (YYYY-MM) when the reader turned the page.
    """
    try:
        first = dt.date.fromisoformat(f"{month}-01") if month else day.replace(day=1)
    except ValueError:
        first = day.replace(day=1)
    # day numbers, 0 outside the month: no date before 1 Jan 1 or after 31 Dec 9999 is made
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(first.year, first.month)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    counts = current_archive().day_counts(first, last)

    def month_url(start: dt.date) -> str:
        return url_for("digest.digest_page", day=day.isoformat(), month=f"{start:%Y-%m}")

    def cell(number: int) -> dict[str, Any]:
        date = first.replace(day=number) if number else None
        count = counts.get(date, 0) if date else 0
        return {
            "day": number,
            "in_month": date is not None,
            "count": count,
            "url": _day_url(date) if count else None,
            "current": date == day,
        }

    return {
        "label": f"{first:%B} {first.year}",
        "previous": month_url((first - dt.timedelta(days=1)).replace(day=1))
        if first > dt.date.min
        else None,
        "next": month_url(last + dt.timedelta(days=1)) if last < dt.date.max else None,
        "weeks": [[cell(number) for number in week] for week in weeks],
    }


def _day_url(day: dt.date | None) -> str | None:
    """The page of the nearest day with briefs; none when there is none that way."""
    return url_for("digest.digest_page", day=day.isoformat()) if day else None


@pages.get("/digest/<day>/download/eml")
def digest_email(day: str) -> Response:
    """The digest as the email ``briefing digest --out`` writes."""
    digest = _digest(day)
    data = message_bytes(render_digest_email(digest, current_settings().output))
    response = Response(data, mimetype="message/rfc822")
    name = f"daily-brief-{digest.day.isoformat()}.eml"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


#: the email's HTML shown as it is: its own inline styles, nothing to run or fetch
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@pages.get("/digest/<day>/email")
def digest_preview(day: str) -> Response:
    """The digest email as a reader's mail program shows it, under a bar that says what
    it is and leads back (the email's own HTML part, byte for byte the one sent)."""
    digest = _digest(day)
    message = render_digest_email(digest, current_settings().output)
    part = message.get_body(preferencelist=("html",))
    html = part.get_content() if part is not None else ""
    iso = digest.day.isoformat()
    bar = (
        template_environment()
        .get_template("email_bar.html")
        .render(
            subject=str(message["Subject"]),
            sender=str(message["From"]),
            back=url_for("digest.digest_page", day=iso),
            eml=url_for("digest.digest_email", day=iso),
        )
    )
    # after <body ...>: the bar is the first thing read, the email follows untouched
    opened = re.search(r"<body[^>]*>", html)
    at = opened.end() if opened else 0
    response = Response(html[:at] + bar + html[at:], mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


# -- the API ------------------------------------------------------------------------------


class TollOut(BaseModel):
    """People killed, wounded, missing and captured (a story's highest reported figures)."""

    killed: int = Field(ge=0)
    wounded: int = Field(ge=0)
    missing: int = Field(ge=0)
    captured: int = Field(ge=0)


class DeployedOut(BaseModel):
    asset: str
    count: int = Field(ge=0)


class StorySourceOut(BaseModel):
    id: str = Field(description="The brief's id (GET /api/v1/briefs/{id}).")
    title: str
    source: str | None
    published: dt.date | None
    url: str | None = Field(default=None, description="Where the article was fetched from.")
    author: str | None = Field(default=None, description="The article's author(s).")
    language: str = Field(default="en", description="ISO 639-1 code of its language.")


class _StoryFields(BaseModel):
    number: int = Field(ge=1, description="Rank in the digest, 1 = most important.")
    headline: str
    brief_id: str = Field(description="The story's fullest report.")
    summary: list[str]
    sources: list[StorySourceOut]
    toll: TollOut
    deployed: list[DeployedOut]


#: a story's facts: one list per kind of the kinds table, merged over its reports
StoryOut = create_model(
    "StoryOut",
    __base__=_StoryFields,
    __doc__="Every article of the day about one story.",
    **FACT_FIELDS,
)


class ReactionRowOut(BaseModel):
    """One line of the "who reacted how" table."""

    speaker: str
    role: str | None
    stance: Stance | None = Field(description="The first of ``stances``.")
    stances: list[Stance] = Field(
        description="Every stance the speaker takes across the story's reports."
    )
    quote: str
    story: int = Field(ge=1, description="The story's number.")
    story_headline: str
    brief_id: str


class DigestOut(BaseModel):
    """A day's digest, schema ``briefing.digest/1``."""

    schema_: Literal["briefing.digest/1"] = Field(alias="schema")
    date: dt.date
    article_count: int = Field(ge=0)
    story_count: int = Field(ge=0)
    toll: TollOut
    deployed: list[DeployedOut]
    reactions: list[ReactionRowOut]
    stories: list[StoryOut]  # type: ignore[valid-type]  # made from the kinds table


@api.get("/digests/<day>")
@spec.validate(
    resp=Responses(
        HTTP_200=DigestOut,
        HTTP_400=(Problem, "The date is not YYYY-MM-DD."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["digests"],
    operation_id="get_digest",
)
def get_digest(day: str) -> Response:
    """The digest of a date: its briefs grouped into stories, ranked, with the day's numbers.

    A date with no briefs gives a digest with no stories, not an error.
    """
    return current_app.response_class(
        json.dumps(_digest(day).to_dict()), mimetype="application/json"
    )


def init_app(app: Flask) -> None:
    """Register the digest page and API, and the .eml download of a brief."""
    app.register_blueprint(pages)
    app.register_blueprint(api)
