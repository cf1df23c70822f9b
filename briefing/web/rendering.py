"""Page rendering, at the bottom of the web package: every view and error handler uses it,
and it imports nothing else of ``briefing.web`` (so no import circle can form through it)."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from briefing.render.html import Nav
from briefing.render.templates import template_environment


def site_nav() -> Nav:
    """The navigation every page shows."""
    return Nav(home=url_for("pages.index"), archive=url_for("pages.archive"))


def render_page(name: str, status: int = 200, **context: Any) -> Response:
    """Render a template of the shared environment with the site's navigation."""
    html = template_environment().get_template(name).render(nav=site_nav(), **context)
    return Response(html, status=status, mimetype="text/html")


def error_page(status: int, message: str) -> Response:
    """A readable error page (the pages' counterpart of problem+json)."""
    return render_page("error.html", status=status, status_code=status, message=message)
