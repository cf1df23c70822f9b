"""Rate limits on the API's POST routes: per API key when one is sent, else per client.

Flask-Limiter does the counting (in memory by default; a Redis URL makes every gunicorn
worker and every machine share the counts). ``/healthz`` and reads are never limited: a
load balancer's probe must not be refused, and GETs cost little.
"""

from __future__ import annotations

import hashlib

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from briefing.config import Settings
from briefing.web.api import bp


def client_key() -> str:
    """Whom a request counts against: its API key (hashed, never stored as sent) or address."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "key:" + hashlib.sha256(token.strip().encode()).hexdigest()[:16]
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
