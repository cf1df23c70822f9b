"""Interactive API documentation: Swagger UI at ``/api/docs``, Redoc at ``/api/redoc``.

The pages are spectree's offline templates (the ``offapi`` package inlines the Swagger UI
and Redoc files into the page), so they work with no network. They read the OpenAPI
document this app serves at ``/api/v1/openapi.json``. Three changes make them ours:

- a bar on top leads back to the app and between the two docs pages;
- Redoc's "API docs by" badge shows a logo kept in the page instead of the one it fetches
  from Redocly's CDN, and its telemetry is off: no request leaves the server's origin;
- Swagger UI runs without its top bar, whose unlabelled URL box would load any other API
  description (axe: "form elements must have labels").
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, url_for
from offapi import OpenAPITemplate

from briefing.render.templates import template_environment

bp = Blueprint("api_docs", __name__)

#: The docs run the (inlined) Swagger UI / Redoc script and call this API; nothing else.
DOCS_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' 'self' blob:; style-src 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'"
)


#: Redocly's logo URLs in the Redoc bundle, and what stands in for them: the badge's words
REDOC_LOGOS = (
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
    "https://cdn.redoc.ly/redoc/logo-mini.svg",
)
LOCAL_LOGO = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='64' height='16'%3E"
    "%3Ctext x='0' y='13' font-family='sans-serif' font-size='13' fill='%23555'%3ERedoc"
    "%3C/text%3E%3C/svg%3E"
)


def _page(template: OpenAPITemplate, here: str) -> Response:
    html = template.value.format(spec_url=url_for("api.openapi_document"), spec_path="")
    if template is OpenAPITemplate.REDOC:
        for logo in REDOC_LOGOS:
            html = html.replace(logo, LOCAL_LOGO)
        html = html.replace("<redoc spec-url=", '<redoc disable-telemetry="true" spec-url=', 1)
    else:
        # without the top bar: its URL box has no label and would load another document
        html = html.replace('layout: "StandaloneLayout"', 'layout: "BaseLayout"', 1)
    bar = (
        template_environment()
        .get_template("docs_bar.html")
        .render(
            home=url_for("pages.index"),
            swagger=url_for("api_docs.swagger"),
            redoc=url_for("api_docs.redoc"),
            here=here,
        )
    )
    opened = re.search(r"<body[^>]*>", html)
    at = opened.end() if opened else 0
    html = html[:at] + bar + html[at:]
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = DOCS_POLICY
    return response


@bp.get("/api/docs")
def swagger() -> Response:
    """Swagger UI: every endpoint, its schemas, and "Try it out"."""
    return _page(OpenAPITemplate.SWAGGER, "swagger")


@bp.get("/api/redoc")
def redoc() -> Response:
    """Redoc: the same document as one readable page."""
    return _page(OpenAPITemplate.REDOC, "redoc")


def init_app(app: Flask) -> None:
    """Register the documentation pages on ``app``."""
    app.register_blueprint(bp)
