"""Feeds on the web: a page listing them and a small JSON API.

Routes:
    GET    /feeds                 the feeds: name, last polled, last error, entries today
    GET    /api/v1/feeds          the same as JSON: ``{"feeds": [...]}``
    POST   /api/v1/feeds          ``{"url": ..., "name"?: ...}`` registers a feed (201)
    DELETE /api/v1/feeds/<id>     forgets a feed (204); its briefs stay in the archive

Writes need an API key when ``BRIEFING_API_KEYS`` is set, as ``POST /api/v1/briefs`` does.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from flask import Blueprint, Flask, Response, jsonify, request, url_for
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema
from spectree import Response as Responses

from briefing.store.feeds import FeedRegistry
from briefing.web.api import API_PREFIX, needs_api_key, spec
from briefing.web.rendering import render_page
from briefing.web.schema import Problem
from briefing.web.state import current_briefing

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
    """The feeds page: name, last polled, last error, entries today."""
    return render_page("feeds.html", feeds=current_registry().list())


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
        HTTP_401=(Problem, "An API key is configured and none (or a wrong one) was sent."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["feeds"],
    operation_id="add_feed",
)
def add_feed() -> Response:
    """Register a feed; ``briefing feeds poll`` briefs its new entries."""
    body = FeedIn.model_validate(request.get_json(force=True))
    feed = current_registry().add(body.url, body.name or None)
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
