"""Pages as HTML responses: the shared template environment with the site's navigation.

Near the bottom of the web package (it imports only ``state``'s neighbours in the core), so
the error handlers and the views both use it without an import circle.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from briefing.render.html import Nav
from briefing.render.templates import template_environment
from briefing.web.state import current_settings, session_role

__all__ = ["error_page", "render_page", "site_nav"]


def site_nav() -> Nav:
    """The navigation every page shows: form, archive, digest, API docs, and signing in
    when the site has keys."""
    settings = current_settings()
    account = None
    if settings.api_keys or settings.read_keys:
        label = "Signed in" if session_role() else "Sign in"
        account = (label, url_for("access.signin_page"))
    return Nav(
        home=url_for("pages.index"),
        archive=url_for("pages.archive"),
        digest=url_for("digest.latest_digest"),
        feeds=url_for("feed_pages.feeds_page"),
        api_docs=url_for("api_docs.swagger"),
        account=account,
    )


def render_page(name: str, status: int = 200, **context: Any) -> Response:
    """Render a template of the shared environment with the site's navigation."""
    nav = site_nav()
    context.setdefault("script", url_for("assets.script"))
    html = template_environment().get_template(name).render(nav=nav, **context)
    return Response(html, status=status, mimetype="text/html")


def error_page(status: int, message: str) -> Response:
    """A readable error page (the pages' counterpart of problem+json)."""
    return render_page("error.html", status=status, status_code=status, message=message)
