"""Errors at the web edge: problem+json (RFC 9457) on the API, a readable page elsewhere.

Every error a request can meet goes through here, so the API never answers with an HTML
error page, and a bug answers 500 with a problem document rather than a traceback.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from briefing import logs
from briefing.errors import BriefingError, ProblemError
from briefing.web.rendering import error_page

__all__ = ["PROBLEM_JSON", "WEB_PROBLEM_TYPES", "ProblemError", "init_app", "problem_types"]

PROBLEM_JSON = "application/problem+json"
#: routes outside /api/ that programs call (probes, scrapers): their errors are problems too
MACHINE_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
logger = logging.getLogger(__name__)

#: Problem types only the web edge raises (as ProblemError or from an HTTP exception).
WEB_PROBLEM_TYPES: dict[str, str] = {
    "malformed-json": "The request body is not valid JSON.",
    "invalid-request": "The request does not match the API's schema (see the errors member).",
    "unsupported-media-type": "The request body must be application/json or multipart/form-data.",
    "unauthorized": "This endpoint needs an API key: send Authorization: Bearer <key>.",
    "rate-limited": "Too many requests from this client or API key; wait Retry-After seconds.",
    "csrf-failed": "The form was not sent from this site's own page; reload and try again.",
    "not-ready": "A part the app needs (archive, broker, result store) does not answer.",
    "http-error": "An HTTP error; the title says which.",
    "internal-error": "An unexpected error on our side.",
}


def _error_classes(base: type[BriefingError]) -> list[type[BriefingError]]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_error_classes(sub))
    return found


def problem_types() -> dict[str, str]:
    """Every problem type: slug -> meaning, from each BriefingError's ``code`` and docstring
    (served at /problems/<slug>), plus the web-only slugs."""
    table: dict[str, str] = {}
    for cls in _error_classes(BriefingError):
        if cls is ProblemError:
            continue
        table.setdefault(cls.code, (cls.__doc__ or cls.code).strip().splitlines()[0])
    return {**table, **WEB_PROBLEM_TYPES}


def wants_problem_json() -> bool:
    """Whether this request is answered the API's way (problem+json) on error."""
    return request.path.startswith("/api/") or request.path in MACHINE_ROUTES


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """An ``application/problem+json`` response (RFC 9457)."""
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": _phrase(status),
        "status": status,
        "detail": detail,
        # this occurrence: the request's id, as in the X-Request-ID header and the logs
        "instance": f"urn:briefing:request:{request_id()}",
    }
    body.update(extra or {})
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def request_id() -> str:
    """The id of the request being answered (made here when no middleware made one)."""
    found = request.environ.get("briefing.request_id")
    if not found:
        found = request.environ["briefing.request_id"] = logs.new_request_id(
            request.headers.get("X-Request-ID")
        )
    return str(found)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _http_code(error: HTTPException) -> str:
    status = error.code or 500
    if status == 413:
        return "input-too-large"
    if status == 415:
        return "unsupported-media-type"
    if status == 404:
        return "not-found"
    if status == 429:
        return "rate-limited"
    return "http-error"


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""

    @app.errorhandler(BriefingError)
    def briefing_error(error: BriefingError) -> Any:
        if wants_problem_json():
            return problem_response(
                error.status,
                error.code,
                error.message,
                headers=error.headers,
                extra=error.extra,
            )
        return error_page(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        detail = error.description or _phrase(status)
        if status == 413:
            detail = (
                "the request is larger than the limit of "
                f"{app.config['MAX_CONTENT_LENGTH']:,} bytes (BRIEFING_MAX_INPUT_BYTES)"
            )
        if wants_problem_json():
            headers = {}
            if "Allow" in error.get_response().headers:
                headers["Allow"] = error.get_response().headers["Allow"]
            return problem_response(status, _http_code(error), detail, headers=headers)
        return error_page(status, detail)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Any:
        logger.exception("unexpected error on %s %s", request.method, request.path)
        detail = "an unexpected error occurred; it has been logged"
        if wants_problem_json():
            return problem_response(500, "internal-error", detail)
        return error_page(500, detail)
