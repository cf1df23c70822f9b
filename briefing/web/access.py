"""Who may do what on the pages: keys, entered once, kept in the session cookie.

With ``BRIEFING_API_KEYS`` set, the API's writes need ``Authorization: Bearer <key>``; the
pages' writes (the form's store, a brief's delete button) need the same key, entered once
on ``/signin`` and kept, as its SHA-256 fingerprint, in the signed session cookie
(HttpOnly, SameSite=Strict). A key taken out of the settings signs its sessions out.
Reading stays open unless ``BRIEFING_READ_KEYS`` is set: then every page and API read
needs a read key or a write key (the probes ``/healthz`` and ``/readyz`` stay open, and
``/metrics`` has its own key). See docs/security.md.

Routes:
    GET  /signin      the key form (or, signed in, what the session may do)
    POST /signin      sign in with a key (CSRF-checked), then back to ``next``
    POST /signout     forget the key (CSRF-checked)
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, request, session, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response as WerkzeugResponse

from briefing.web.errors import problem_response, wants_problem_json
from briefing.web.forms import csrf_ok
from briefing.web.rendering import render_page
from briefing.web.state import (
    SESSION_KEY,
    bearer_role,
    current_settings,
    key_fingerprint,
    role_of,
    session_role,
)

__all__ = ["init_app", "signin_url"]

bp = Blueprint("access", __name__)
#: endpoints open to all whatever the keys: signing in, the probes, what problems mean
OPEN_ENDPOINTS = frozenset(
    {
        "access.signin_page",
        "access.sign_in",
        "access.sign_out",
        "health.healthz",
        "health.readyz",
        "observe.metrics_page",
        "pages.problem_type",
    }
)


def signin_url() -> str | None:
    """Where to sign in, when keys are set and this browser may not write; else None."""
    if not current_settings().api_keys or session_role() == "write":
        return None
    return url_for("access.signin_page", next=_here())


def _here() -> str:
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return (request.referrer and urlsplit(request.referrer).path) or "/"


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("pages.index")
    return target


def _page(status: int = 200, *, error: str | None = None) -> Response:
    settings = current_settings()
    return render_page(
        "signin.html",
        status=status,
        error=error,
        role=session_role(),
        keys=bool(settings.api_keys or settings.read_keys),
        next=_safe_next(request.values.get("next")),
        csrf_token=generate_csrf(),
        url_for_signin=url_for("access.sign_in"),
        url_for_signout=url_for("access.sign_out"),
    )


@bp.get("/signin")
def signin_page() -> Response:
    """The key form, or what this session may do and a button to sign out."""
    return _page()


@bp.post("/signin")
def sign_in() -> WerkzeugResponse:
    """Sign in with a key: its fingerprint is kept in the session cookie."""
    if not csrf_ok():
        return _page(400, error="This form has expired. Please enter the key again.")
    key = request.form.get("key", "").strip()
    role = role_of(key_fingerprint(key)) if key else None
    if role is None:
        session.pop(SESSION_KEY, None)
        return _page(403, error="That is not one of this site's keys.")
    session[SESSION_KEY] = key_fingerprint(key)
    return redirect(_safe_next(request.form.get("next")), code=303)


@bp.post("/signout")
def sign_out() -> WerkzeugResponse:
    """Forget this browser's key."""
    if csrf_ok():
        session.pop(SESSION_KEY, None)
    return redirect(url_for("pages.index"), code=303)


def _reads_need_a_key() -> WerkzeugResponse | None:
    """With ``BRIEFING_READ_KEYS`` set: a read or write key, by header or session."""
    if not current_settings().read_keys or request.endpoint in OPEN_ENDPOINTS:
        return None
    if wants_problem_json():
        if bearer_role() is None:
            return problem_response(
                401,
                "unauthorized",
                "this site needs a key to read: Authorization: Bearer <key>",
                headers={"WWW-Authenticate": 'Bearer realm="briefing"'},
            )
        return None
    if session_role() is None:
        return redirect(url_for("access.signin_page", next=_here()), code=303)
    return None


def init_app(app: Flask) -> None:
    """Register the sign-in pages and, with read keys, the check in front of every view."""
    app.register_blueprint(bp)
    app.before_request(_reads_need_a_key)
