"""Feeds on the web: a page to list, add, remove and poll them, and a small JSON API.

Routes:
    GET    /feeds                 the feeds: name, last polled, last error, entries today
    POST   /feeds                 add one (name, URL) from the page's form
    POST   /feeds/<id>/remove     forget one (its briefs stay)
    POST   /feeds/<id>/poll       poll one now, retry wait or not
    GET    /api/v1/feeds          the same as JSON: ``{"feeds": [...]}``
    POST   /api/v1/feeds          ``{"url": ..., "name"?: ...}`` registers a feed (201)
    DELETE /api/v1/feeds/<id>     forgets a feed (204); its briefs stay in the archive

Writes need an API key when ``BRIEFING_API_KEYS`` is set, as ``POST /api/v1/briefs`` does:
on the page, the browser signs in with one (``/signin``, as for storing briefs). The page's
forms carry the CSRF token as the article form does. A new feed's address passes the safe
fetcher's checks first (``Briefing.add_feed``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_wtf.csrf import generate_csrf
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema
from spectree import Response as Responses
from werkzeug.wrappers import Response as WerkzeugResponse

from briefing.errors import BriefingError
from briefing.render.templates import shown_day
from briefing.store.feeds import Feed, FeedRegistry
from briefing.web.access import signin_url
from briefing.web.api import API_PREFIX, needs_api_key, spec
from briefing.web.forms import CSRF_FIELD, csrf_ok
from briefing.web.pages import sentence
from briefing.web.rendering import render_page
from briefing.web.schema import Problem
from briefing.web.state import current_briefing, may_write

pages = Blueprint("feed_pages", __name__)
api = Blueprint("feeds_api", __name__, url_prefix=API_PREFIX)


class FeedIn(BaseModel):
    """A feed to register: its address and, optionally, the name listings show."""

    model_config = ConfigDict(extra="forbid", strict=True, title="FeedIn")

    url: str = Field(max_length=4096, description="The feed's http or https address.")
    name: Annotated[str, StringConstraints(max_length=500)] | SkipJsonSchema[None] = Field(
        default=None, description="Name shown in listings (default: the URL)."
    )


class FeedOut(BaseModel):
    """A registered feed and how its last poll went."""

    model_config = ConfigDict(title="Feed")

    id: int
    url: str
    name: str
    last_polled_at: dt.datetime | None
    last_error: str | None
    failures: int = Field(ge=0, description="Polls in a row that failed.")
    retry_at: dt.datetime | None = Field(description="When a failing feed is polled again.")
    entries_today: int = Field(ge=0, description="Entries briefed today.")


class FeedList(BaseModel):
    """Every registered feed."""

    model_config = ConfigDict(title="FeedList")

    feeds: list[FeedOut]


def current_registry() -> FeedRegistry:
    """The app's feeds (the service's registry)."""
    return current_briefing().feeds


@pages.get("/feeds")
def feeds_page() -> Response:
    """The feeds page: each feed's last poll, error and next try; add, remove, poll."""
    return _feeds_page()


def _feeds_page(
    status: int = 200,
    *,
    error: str | None = None,
    values: dict[str, str] | None = None,
    invalid: str | None = None,
) -> Response:
    now = dt.datetime.now(dt.UTC)
    return render_page(
        "feeds.html",
        status=status,
        feeds=[feed_row(feed, now) for feed in current_registry().list()],
        error=error,
        invalid=invalid,
        values=values or {},
        notices=get_flashed_messages(category_filter=["feeds"]),
        signin=signin_url(),
        csrf_field=CSRF_FIELD,
        csrf_token=generate_csrf(),
    )


def feed_row(feed: Feed, now: dt.datetime) -> dict[str, Any]:
    """A feed as the table shows it: times as people read them, the retry as the future."""
    retry = None
    if feed.retry_at is not None:
        if feed.retry_at > now:
            minutes = max(1, round((feed.retry_at - now).total_seconds() / 60))
            wait = f"{minutes} min" if minutes < 120 else f"{round(minutes / 60)} h"
            retry = f"Next try in {wait}, at {_when(feed.retry_at, now)}"
        else:
            retry = "Tried again at the next poll"
    return {
        "id": feed.id,
        "name": feed.name,
        "url": feed.url,
        "polled": _when(feed.last_polled_at, now) if feed.last_polled_at else "never",
        "error": feed.last_error,
        "failures": feed.failures,
        "retry": retry,
        "entries_today": feed.entries_today,
        "remove": url_for("feed_pages.remove_feed_page", feed_id=feed.id),
        "poll": url_for("feed_pages.poll_feed_page", feed_id=feed.id),
    }


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """ "14:05 UTC" today, "7 Dec 2026 14:05 UTC" on another day."""
    moment = moment.astimezone(dt.UTC)
    clock = f"{moment:%H:%M} UTC"
    return clock if moment.date() == now.date() else f"{shown_day(moment.date())} {clock}"


def _refused() -> Response | None:
    """The page's answer when a write may not go ahead: an old token, or no key."""
    if not csrf_ok():
        return _feeds_page(
            400,
            error="This form has expired or was sent from another site. Please send it again.",
            values=_typed(),
        )
    if not may_write():
        return _feeds_page(
            403,
            error="Changing the feeds on this site needs a key: sign in with it, then send "
            "the form again (what you typed is kept below).",
            values=_typed(),
        )
    return None


def _typed() -> dict[str, str]:
    return {name: request.form.get(name, "")[:5000] for name in ("url", "name")}


@pages.post("/feeds")
def add_feed_page() -> WerkzeugResponse:
    """Add a feed from the form; a bad address is said, and the boxes keep what was typed."""
    refused = _refused()
    if refused is not None:
        return refused
    values = _typed()
    if not values["url"].strip():
        return _feeds_page(400, error="Type the feed's address.", values=values, invalid="url")
    try:
        feed = current_briefing().add_feed(values["url"], values["name"][:500] or None)
    except BriefingError as exc:
        return _feeds_page(exc.status, error=sentence(exc.message), values=values, invalid="url")
    flash(f"Added “{feed.name}”. Poll it now, or wait for the next scheduled poll.", "feeds")
    return redirect(url_for("feed_pages.feeds_page", _anchor=f"feed-{feed.id}"), code=303)


@pages.post("/feeds/<int:feed_id>/remove")
def remove_feed_page(feed_id: int) -> WerkzeugResponse:
    """Forget a feed; its briefs stay in the archive."""
    refused = _refused()
    if refused is not None:
        return refused
    feed = current_registry().remove(str(feed_id))
    flash(f"Removed “{feed.name}”. Its briefs stay in the archive.", "feeds")
    return redirect(url_for("feed_pages.feeds_page"), code=303)


@pages.post("/feeds/<int:feed_id>/poll")
def poll_feed_page(feed_id: int) -> WerkzeugResponse:
    """Poll one feed now, whether or not it is waiting to be retried."""
    refused = _refused()
    if refused is not None:
        return refused
    feed = current_registry().get(str(feed_id))
    try:
        report = current_briefing().poll_feeds(force=True, feed=str(feed_id))
    except BriefingError as exc:
        return _feeds_page(exc.status, error=sentence(exc.message))
    new = len(report.stored)
    said = f"Polled “{feed.name}”: {new} new {'brief' if new == 1 else 'briefs'}"
    if report.skipped:
        said += f", {len(report.skipped)} known already"
    if report.errors:
        said += f", {len(report.errors)} {'error' if len(report.errors) == 1 else 'errors'}"
    flash(said + ".", "feeds")
    return redirect(url_for("feed_pages.feeds_page", _anchor=f"feed-{feed_id}"), code=303)


@api.get("/feeds")
@spec.validate(
    resp=Responses(HTTP_200=FeedList, HTTP_503=(Problem, "The archive is unavailable.")),
    tags=["feeds"],
    operation_id="list_feeds",
)
def list_feeds() -> Response:
    """Every registered feed."""
    return jsonify({"feeds": [feed.to_dict() for feed in current_registry().list()]})


@api.post("/feeds")
@needs_api_key
@spec.validate(
    json=FeedIn,
    resp=Responses(
        HTTP_201=(FeedOut, "Registered (or renamed, when the URL was known)."),
        HTTP_400=(Problem, "Not an http or https address."),
        HTTP_403=(Problem, "The host is on a private network (the safe fetcher's check)."),
        HTTP_422=(Problem, "The host cannot be found."),
        HTTP_401=(Problem, "An API key is configured and none (or a wrong one) was sent."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["feeds"],
    operation_id="add_feed",
)
def add_feed() -> Response:
    """Register a feed; ``briefing feeds poll`` briefs its new entries."""
    body = FeedIn.model_validate(request.get_json(force=True))
    feed = current_briefing().add_feed(body.url, body.name or None)
    response = jsonify(feed.to_dict())
    response.status_code = 201
    response.headers["Location"] = url_for("feeds_api.list_feeds") + f"#{feed.id}"
    return response


@api.delete("/feeds/<int:feed_id>")
@needs_api_key
@spec.validate(
    resp=Responses(
        HTTP_204=None,
        HTTP_401=(Problem, "An API key is configured and none (or a wrong one) was sent."),
        HTTP_404=(Problem, "No feed has that id."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["feeds"],
    operation_id="remove_feed",
)
def remove_feed(feed_id: int) -> Response:
    """Forget a feed; the briefs made from it stay in the archive."""
    current_registry().remove(str(feed_id))
    return Response(status=204)


def init_app(app: Flask) -> None:
    app.register_blueprint(pages)
    app.register_blueprint(api)
