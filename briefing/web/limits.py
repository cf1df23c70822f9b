"""Rate limits on the API's POST routes: per valid API key when one is sent, else per
client address (behind ``BRIEFING_TRUSTED_PROXIES``, the client's, not the proxy's).

Flask-Limiter does the counting (in memory by default; a Redis URL makes every gunicorn
worker and every machine share the counts). ``/healthz`` and reads are never limited: a
load balancer's probe must not be refused, and GETs cost little.
"""

from __future__ import annotations

import hashlib

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from briefing.config import Settings
from briefing.web.api import bp
from briefing.web.state import valid_api_key


def client_key() -> str:
    """Whom a request counts against: its API key (hashed, never stored as sent) when it
    is one of ``BRIEFING_API_KEYS``, else its address (behind a trusted proxy, the
    client's): a made-up key buys no requests of its own."""
    key = valid_api_key()
    if key is not None:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "addr:" + get_remote_address()


def init_app(app: Flask, settings: Settings) -> None:
    """Limit the API's POST routes when ``settings.rate_limit`` is set."""
    if settings.rate_limit is None:
        return
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=settings.rate_limit_storage,
        headers_enabled=True,
        key_prefix="briefing",
    )
    limit = settings.rate_limit
    limiter.limit(limit, methods=["POST"])(bp)
    app.extensions["briefing.limiter"] = limiter
