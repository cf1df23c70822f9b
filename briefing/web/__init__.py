"""The web app: pages for people, a REST API for programs (``/api/v1``), one archive.

``create_app()`` is the only thing here; gunicorn calls it (see the Procfile) and so does
``briefing serve``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from briefing import logs
from briefing.config import Settings
from briefing.options import DEFAULT_MAX_JSON_DEPTH
from briefing.request import check_json_depth
from briefing.web.drain import RequestBodies
from briefing.web.observe import RequestIds
from briefing.web.proxies import trust_proxies
from briefing.web.state import ENVELOPE_BYTES, form_body_limit, instance_secret

__all__ = ["ENVELOPE_BYTES", "create_app"]


class _JSONProvider(DefaultJSONProvider):
    """Flask's JSON, keeping key order; objects JSON cannot hold (an uploaded file quoted
    in a validation error) become their repr instead of failing the error response."""

    sort_keys = False
    #: deepest JSON a request body may nest (BRIEFING_MAX_JSON_DEPTH), set by create_app
    max_depth = DEFAULT_MAX_JSON_DEPTH

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Refuse JSON nested deeper than the limit before parsing it (the parser recurses:
        100,000 levels are a RecursionError, a 500)."""
        check_json_depth(s, self.max_depth)
        return super().loads(s, **kwargs)

    @staticmethod
    def default(o: Any) -> Any:
        try:
            return DefaultJSONProvider.default(o)
        except TypeError:
            return repr(o)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the Flask app for ``settings`` (by default read from the environment).

    The ``Briefing`` service every view calls is built here, and the archive's tables are
    created, once per process, before any request.
    """
    from briefing.service import Briefing
    from briefing.web import (
        access,
        api,
        assets,
        digests,
        docs,
        errors,
        exports,
        feeds,
        jobs,
        limits,
        observe,
        pages,
    )

    settings = settings or Settings.from_env()
    # gunicorn (its config) or a host application may have set logging up already
    logs.configure(settings.log_format, settings.log_level or "INFO", only_if_unset=True)
    app = Flask(__name__, static_folder=None, instance_path=str(settings.instance_path.resolve()))
    app.json = _JSONProvider(app)
    app.json.max_depth = settings.max_json_depth
    app.config.update(
        SECRET_KEY=(
            settings.secret_key.get_secret_value()
            if settings.secret_key
            else instance_secret(settings.instance_path)
        ),
        # the session holds the form's CSRF token and, signed in, a key's fingerprint
        SESSION_COOKIE_NAME="briefing_session",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=(settings.base_url or "").startswith("https:"),
        MAX_CONTENT_LENGTH=settings.max_input_bytes + ENVELOPE_BYTES,
        # Werkzeug keeps non-file form fields under 500 kB by default: a pasted article
        # may be as large as an uploaded one.
        MAX_FORM_MEMORY_SIZE=settings.max_input_bytes + ENVELOPE_BYTES,
    )
    # a request may cost BRIEFING_REQUEST_BUDGET seconds; more is refused up front
    briefing = Briefing(settings, budget=settings.request_budget)
    briefing.archive  # noqa: B018 - open it now: its tables exist before the first request
    briefing.queue  # noqa: B018 - a bad broker URL fails here, not in a request
    app.extensions["briefing"] = briefing
    errors.init_app(app)
    pages.init_app(app)
    access.init_app(app)
    assets.init_app(app)
    exports.init_app(app)
    api.init_app(app)
    digests.init_app(app)
    docs.init_app(app)
    jobs.init_app(app)
    feeds.init_app(app)
    limits.init_app(app, settings)
    observe.init_app(app)
    wsgi = RequestBodies(
        app.wsgi_app,
        max_body=form_body_limit(settings),
        drain_limit=settings.max_drain_bytes,
        body_timeout=settings.body_timeout,
    )
    # outermost: the client's address first, then the request's id around everything
    app.wsgi_app = RequestIds(trust_proxies(wsgi, settings.trusted_proxies))  # type: ignore[method-assign]
    return app
