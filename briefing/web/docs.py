"""Interactive API documentation: Swagger UI at ``/api/docs``, Redoc at ``/api/redoc``.

The pages are spectree's offline templates (the ``offapi`` package inlines the Swagger UI
and Redoc files into the page), so they work with no network: nothing is loaded from a
CDN. They read the OpenAPI document this app serves at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, url_for
from offapi import OpenAPITemplate

bp = Blueprint("api_docs", __name__)

#: The docs run the (inlined) Swagger UI / Redoc script and call this API; nothing else.
DOCS_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' 'self' blob:; style-src 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def _page(template: OpenAPITemplate) -> Response:
    html = template.value.format(spec_url=url_for("api.openapi_document"), spec_path="")
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = DOCS_POLICY
    return response


@bp.get("/api/docs")
def swagger() -> Response:
    """Swagger UI: every endpoint, its schemas, and "Try it out"."""
    return _page(OpenAPITemplate.SWAGGER)


@bp.get("/api/redoc")
def redoc() -> Response:
    """Redoc: the same document as one readable page."""
    return _page(OpenAPITemplate.REDOC)


def init_app(app: Flask) -> None:
    """Register the documentation pages on ``app``."""
    app.register_blueprint(bp)
