"""The daily brief on the web, and a brief's .eml download.

Routes:
    GET  /digest                          the latest day that has briefs (a redirect)
    GET  /digest/<date>                   the day's digest (a date, today or yesterday);
                                          previous/next go to the nearest days with briefs
    GET  /digest/<date>/download/eml      the same digest as the email the CLI sends
    GET  /api/v1/digests/<date>           the digest JSON (schema ``briefing.digest/1``)

A brief's own .eml is one of the output formats (``render.formats``), offered on its page.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, current_app, json, redirect, url_for
from pydantic import BaseModel, Field, create_model
from spectree import Response as Responses
from werkzeug.wrappers import Response as WerkzeugResponse

from briefing.digest import Digest
from briefing.models import Stance
from briefing.options import parse_date
from briefing.render.mail import (
    deployed_text,
    message_bytes,
    render_digest_email,
    source_label,
    story_facts,
    story_meta,
)
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
    """The latest day that has briefs (today when the archive is empty)."""
    latest = current_archive().latest_day()
    day = latest.isoformat() if latest else "today"
    return redirect(url_for("digest.digest_page", day=day), code=302)


# -- the page -----------------------------------------------------------------------------


@pages.get("/digest/<day>")
def digest_page(day: str) -> Response:
    """The day's stories, ranked, with the day's numbers and who reacted how."""
    digest = _digest(day)
    before, after = current_archive().neighbour_days(digest.day)
    return render_page(
        "digest.html",
        digest=digest,
        day_label=day_label(digest.day),
        brief_url=lambda brief_id: url_for("pages.brief_page", brief_id=brief_id),
        previous=_day_url(before),
        next=_day_url(after),
        eml=url_for("digest.digest_email", day=digest.day.isoformat()),
        json_url=url_for("digest_api.get_digest", day=digest.day.isoformat()),
        deployed_text=deployed_text,
        story_meta=story_meta,
        story_facts=story_facts,
        source_label=source_label,
    )


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
    stance: Stance | None
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
