"""What every form of the pages shares: the CSRF token and its check.

Flask-WTF's ``csrf`` is checked by the views that change state (the form, the delete
button, signing in and out) themselves, so that a refused form keeps its text; the API,
which authenticates by key rather than by cookie, is not under it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask_wtf.csrf import CSRFError, CSRFProtect

__all__ = ["CSRF_FIELD", "csrf", "csrf_ok"]

CSRF_FIELD = "csrf_token"
csrf = CSRFProtect()


def csrf_ok() -> bool:
    """Flask-WTF's check of the form's token, and no foreign Origin.

    The token is signed with the app's secret and bound to the browser's session, which a
    page on another site can neither read nor set. The Origin test adds what the token
    alone does not: over plain HTTP (where Flask-WTF checks no Referer) a post that a
    browser says comes from another site is refused even if it carries a token.
    """
    origin = request.headers.get("Origin")
    # Hosts, not schemes: behind a TLS-terminating proxy the browser says https while the
    # app sees http; another site always differs in its host.
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return False
    try:
        csrf.protect()
    except CSRFError:
        return False
    return True
