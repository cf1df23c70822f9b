"""The site's two small files: the icon and the one script.

Routes:
    GET /favicon.ico     the icon (SVG; pages also carry it inline, this answers browsers
                         and the API docs that ask for it anyway)
    GET /site.js         Print buttons and the archive's keys; every page works without it

Both come from the templates folder, so the installed wheel carries them like the pages.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, url_for

from briefing.render.templates import templates_dir

bp = Blueprint("assets", __name__)

#: a day: they change only with a release, and the pages' links do not carry a version
CACHE = "public, max-age=86400"


def _file(name: str, media_type: str) -> Response:
    response = Response((templates_dir() / name).read_bytes(), mimetype=media_type)
    response.headers["Cache-Control"] = CACHE
    return response


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site's icon."""
    return _file("favicon.svg", "image/svg+xml")


@bp.get("/site.js")
def script() -> Response:
    """The pages' one script."""
    return _file("site.js", "text/javascript")


def script_url() -> str:
    """Where the pages load their script from."""
    return url_for("assets.script")


def init_app(app: Flask) -> None:
    """Register the icon and the script on ``app``."""
    app.register_blueprint(bp)
