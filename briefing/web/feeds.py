"""Feeds on the web: a page listing them and a small JSON API.

Routes:
    GET    /feeds                 the feeds: name, last polled, last error, entries today
    GET    /api/v1/feeds          the same as JSON: ``{"feeds": [...]}``
    POST   /api/v1/feeds          ``{"url": ..., "name"?: ...}`` registers a feed (201)
    DELETE /api/v1/feeds/<id>     forgets a feed (204); its briefs stay in the archive

Writes need an API key when ``BRIEFING_API_KEYS`` is set, as ``POST /api/v1/briefs`` does.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from briefing.feeds import FeedRegistry
from briefing.web.api import API_PREFIX, needs_api_key
from briefing.web.errors import ProblemError
from briefing.web.pages import render_page
from briefing.web.state import current_archive, current_settings

pages = Blueprint("feed_pages", __name__)
api = Blueprint("feeds_api", __name__, url_prefix=API_PREFIX)


def current_registry() -> FeedRegistry:
    """One registry per app (its tables are created once)."""
    registry = current_app.extensions.get("briefing.feeds")
    if registry is None:
        registry = FeedRegistry(current_archive(), current_settings())
        current_app.extensions["briefing.feeds"] = registry
    return registry


@pages.get("/feeds")
def feeds_page() -> Response:
    return render_page("feeds.html", feeds=current_registry().list())


@api.get("/feeds")
def list_feeds() -> Response:
    return jsonify({"feeds": [feed.to_dict() for feed in current_registry().list()]})


@api.post("/feeds")
@needs_api_key
def add_feed() -> Response:
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("url"), str):
        raise ProblemError(400, "invalid-request", 'send JSON {"url": "https://...", "name"?: ...}')
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        raise ProblemError(400, "invalid-request", "name: must be a string")
    unknown = set(body) - {"url", "name"}
    if unknown:
        raise ProblemError(400, "invalid-request", f"unknown field {sorted(unknown)[0]!r}")
    feed = current_registry().add(body["url"], name or None)
    response = jsonify(feed.to_dict())
    response.status_code = 201
    response.headers["Location"] = url_for("feeds_api.list_feeds") + f"#{feed.id}"
    return response


@api.delete("/feeds/<int:feed_id>")
@needs_api_key
def remove_feed(feed_id: int) -> Response:
    current_registry().remove(str(feed_id))
    return Response(status=204)


def init_app(app: Flask) -> None:
    app.register_blueprint(pages)
    app.register_blueprint(api)
