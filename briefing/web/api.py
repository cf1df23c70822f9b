"""The REST API (``/api/v1``) and ``/healthz``; its OpenAPI 3.1 document comes from this code.

Requests are validated by spectree against the pydantic models of ``schema.py``, and the
same models generate ``/api/v1/openapi.json``: what is documented is what is checked.
Whatever goes wrong is answered with ``application/problem+json`` (see ``errors.py``).

Routes:
    POST /api/v1/summary          brief of a JSON or multipart article; stores nothing
    POST /api/v1/briefs           the same, stored: 201 + Location (200 if already stored)
    GET  /api/v1/briefs/<id>      a stored brief
    GET  /api/v1/briefs           stored briefs, newest first (?date=, ?q=, ?limit=, ?offset=)
    POST /api/v1/batches, GET /api/v1/jobs/<id>   see ``jobs.py`` (and Prefer: respond-async)
    GET  /api/v1/openapi.json     the OpenAPI 3.1 document
    GET  /healthz                 liveness and archive check
    GET  /readyz                  readiness: the archive, and the broker and result store
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, json, request, url_for
from pydantic import (
    ValidationError,
)
from spectree import Response as Responses
from spectree import SpecTree
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import BadRequest

from briefing.errors import BriefingError, ProblemError
from briefing.models import Brief
from briefing.options import OPTION_NAMES, parse_date
from briefing.render.json import render_json
from briefing.request import ArticleRequest, Upload
from briefing.store.archive import StoredBrief
from briefing.web.errors import PROBLEM_JSON
from briefing.web.job_models import JobOut
from briefing.web.schema import (
    ArticleInput,
    ArticleUpload,
    BriefList,
    BriefListItem,
    BriefOut,
    Health,
    ListQuery,
    OptionsInput,
    Problem,
    Readiness,
)
from briefing.web.state import (
    current_archive,
    current_briefing,
    current_settings,
    valid_api_key,
)

API_PREFIX = "/api/v1"
_View = TypeVar("_View", bound=Callable[..., Any])
#: Called first by ``POST /briefs``; one may answer instead (jobs.py: Prefer: respond-async).
STORE_HOOKS: list[Callable[[], Response | None]] = []
#: Called on the OpenAPI document before it is served (jobs.py: what spectree cannot say).
DOCUMENT_HOOKS: list[Callable[[dict[str, Any]], None]] = []

# -- the spec and the blueprints ---------------------------------------------------------


def _validation_failed(
    _request: Any, _response: Any, error: Any, _instance: Any, _adapter: Any = None
) -> None:
    """spectree's hook: a request that fails its model becomes a 400 problem."""
    if error is None:
        return
    details = _error_details(error) or [{"field": "", "message": str(error)}]
    first = details[0]
    prefix = f"{first['field']}: " if first["field"] else ""
    raise ProblemError(400, "invalid-request", prefix + first["message"], extra={"errors": details})


def _error_details(error: Any) -> list[dict[str, str]]:
    """Each failed field once, as ``{"field": "options.sentences", "message": ...}``."""
    if not isinstance(error, ValidationError):
        return []
    fields = {name for model in _REQUEST_MODELS for name in model.model_fields}
    details: list[dict[str, str]] = []
    for item in error.errors(include_url=False):
        if item.get("type") == "none_required":
            continue  # the "or absent" branch of an optional field: not what the caller meant
        # pydantic names union branches and validators in the location: keep field names
        parts = [str(p) for p in item.get("loc", ()) if isinstance(p, int) or p in fields]
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        if item.get("type") == "extra_forbidden" and item.get("loc"):
            name = str(item["loc"][-1])
            parts.append(name)
            kind = "option" if parts[0] == "options" else "field"
            message = f"unknown {kind} {name!r}"
            if kind == "option":
                message += f"; known options: {', '.join(OPTION_NAMES)}"
        detail = {"field": ".".join(parts), "message": message}
        if detail not in details:
            details.append(detail)
    return details


def _response_invalid(
    _request: Any, _response: Any, error: Any, _instance: Any, _adapter: Any = None
) -> None:
    if error is not None:
        raise RuntimeError(f"response does not match its schema: {error}")


_REQUEST_MODELS = (ArticleInput, OptionsInput, ArticleUpload, ListQuery)

spec = SpecTree(
    "flask",
    title="briefing API",
    version="1",
    description="News articles in, one-page briefs out. Errors are application/problem+json.",
    mode="strict",
    annotations=False,
    before=_validation_failed,
    after=_response_invalid,
    validation_error_status=400,
    validation_error_model=Problem,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
health = Blueprint("health", __name__)

_ERRORS: dict[str, Any] = {
    "HTTP_403": (Problem, "The article's url is on a private network (not fetched)."),
    "HTTP_413": (
        Problem,
        "The request or the article is over the size limit, or its work over the request "
        "budget (over-budget: use the queue).",
    ),
    "HTTP_415": (Problem, "Not JSON or multipart, or a file type briefing cannot read."),
    "HTTP_422": (
        Problem,
        "The article is empty or has no sentence to summarise, or its url could not be fetched.",
    ),
    "HTTP_408": (Problem, "The request body was not sent within BRIEFING_BODY_TIMEOUT."),
}


def accepts_article(view: _View) -> _View:
    """Refuse, before validation, a body that is neither JSON nor multipart, or broken JSON."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.mimetype == "application/json" or request.mimetype.endswith("+json"):
            try:
                data = request.get_json(force=True)
            except BadRequest:
                raise ProblemError(
                    400, "malformed-json", "the request body is not valid JSON"
                ) from None
            if not isinstance(data, dict):
                raise ProblemError(400, "invalid-request", "the JSON body must be an object")
        elif request.mimetype != "multipart/form-data":
            given = request.mimetype or "no content type"
            raise ProblemError(
                415,
                "unsupported-media-type",
                f"send application/json or multipart/form-data, not {given}",
                headers={"Accept-Post": "application/json, multipart/form-data"},
            )
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def needs_api_key(view: _View) -> _View:
    """When API keys are configured, the view needs ``Authorization: Bearer <key>``."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_settings().api_keys and valid_api_key() is None:
            raise ProblemError(
                401,
                "unauthorized",
                "this endpoint needs an API key: Authorization: Bearer <key>",
                headers={"WWW-Authenticate": 'Bearer realm="briefing"'},
            )
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def article_request() -> ArticleRequest:
    """The article the request describes: a JSON body, or a multipart upload in ``file``
    with its fields (spectree has checked both against the schema)."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if not isinstance(upload, FileStorage):
            raise ProblemError(400, "invalid-request", "file: send the article as a file part")
        return ArticleRequest.from_mapping(
            request.form.to_dict(), file=Upload(upload.read(), upload.filename or None)
        )
    return ArticleRequest.from_mapping(request.get_json(force=True))


def _date_of(value: str | None) -> dt.date | None:
    """An optional YYYY-MM-DD field as a date (the request schema has checked it)."""
    return parse_date(value) if value else None


def _brief_response(brief: Brief, status: int = 200) -> Response:
    return current_app.response_class(
        render_json(brief, indent=None), status=status, mimetype="application/json"
    )


@bp.post("/summary")
@accepts_article
@spec.validate(
    json=ArticleInput,
    form=ArticleUpload,
    resp=Responses(HTTP_200=BriefOut, **_ERRORS),
    tags=["briefs"],
    operation_id="summarise",
)
def summarise() -> Response:
    """Brief of an article, stored nowhere.

    Send JSON ``{"text" | "html", "title"?, "options"?}`` or a multipart upload in a field
    named ``file`` (with optional ``title`` and option fields).
    """
    return _brief_response(current_briefing().brief(article_request()))


@bp.post("/briefs")
@needs_api_key
@accepts_article
@spec.validate(
    json=ArticleInput,
    form=ArticleUpload,
    resp=Responses(
        HTTP_200=(BriefOut, "The same article was already stored; its brief is updated."),
        HTTP_201=(BriefOut, "Stored; Location says where."),
        HTTP_202=(JobOut, "Prefer: respond-async with a task queue: queued as a job."),
        HTTP_401=(Problem, "An API key is configured and none (or a wrong one) was sent."),
        HTTP_503=(Problem, "The archive (or, for respond-async, the task queue) is unavailable."),
        **_ERRORS,
    ),
    tags=["briefs"],
    operation_id="store_brief",
)
def store_brief() -> Response:
    """Brief of an article, stored in the archive.

    Takes the same input as ``/summary``. Answers 201 with ``Location`` for a new brief;
    the same article sent again keeps its id and answers 200 with the updated brief.
    With ``Prefer: respond-async`` and a task queue: 202, Location /api/v1/jobs/<id>.
    """
    for hook in STORE_HOOKS:
        if (answered := hook()) is not None:
            return answered
    stored = current_briefing().store(article_request())
    response = _brief_response(stored.brief, status=201 if stored.created else 200)
    response.headers["Location"] = url_for("api.get_brief", brief_id=stored.brief.id)
    return response


@bp.get("/briefs/<brief_id>")
@spec.validate(
    resp=Responses(
        HTTP_200=BriefOut,
        HTTP_404=(Problem, "Nothing is stored under that id."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["briefs"],
    operation_id="get_brief",
)
def get_brief(brief_id: str) -> Response:
    """A stored brief."""
    return _brief_response(current_archive().get(brief_id).brief)


@bp.get("/briefs")
@spec.validate(
    query=ListQuery,
    resp=Responses(
        HTTP_200=BriefList,
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["briefs"],
    operation_id="list_briefs",
)
def list_briefs() -> Response:
    """Stored briefs, newest first, or full-text search results (q), best match first.

    ``q`` finds words in the title, text, speakers and source (stemmed; every word must
    occur); ``date``, ``since``/``until`` and ``source`` narrow the list; ``limit`` and
    ``offset`` page through it.
    """
    query = ListQuery.model_validate(request.args.to_dict())
    day = _date_of(query.date)
    archive = current_archive()
    filters: dict[str, Any] = {
        "day": day,
        "query": query.q,
        "since": _date_of(query.since),
        "until": _date_of(query.until),
        "source": query.source,
    }
    found = archive.list(**filters, limit=query.limit, offset=query.offset)
    body = BriefList(
        items=[_list_item(stored) for stored in found],
        total=archive.count(**filters),
        limit=query.limit,
        offset=query.offset,
    )
    return current_app.response_class(
        body.model_dump_json(by_alias=True), mimetype="application/json"
    )


@bp.delete("/briefs/<brief_id>")
@needs_api_key
@spec.validate(
    resp=Responses(
        HTTP_204=None,
        HTTP_401=(Problem, "An API key is configured and this request has none or a wrong one."),
        HTTP_404=(Problem, "Nothing is stored under that id."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["briefs"],
    operation_id="delete_brief",
)
def delete_brief(brief_id: str) -> Response:
    """Delete a stored brief (and its article, when no other brief uses it)."""
    current_archive().delete(brief_id)
    return current_app.response_class(status=204)


def _list_item(stored: StoredBrief) -> BriefListItem:
    brief = stored.brief
    return BriefListItem(
        id=brief.id,
        title=brief.title,
        source=brief.article.source,
        published=brief.article.published,
        date=stored.day,
        ingested_at=stored.ingested_at,
        url=url_for("api.get_brief", brief_id=brief.id),
        page_url=url_for("pages.brief_page", brief_id=brief.id),
    )


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return current_app.response_class(json.dumps(openapi_spec()), mimetype="application/json")


@health.get("/healthz")
@spec.validate(
    resp=Responses(HTTP_200=Health, HTTP_503=(Problem, "The archive is unavailable.")),
    tags=["health"],
    operation_id="health",
)
def healthz() -> Response:
    """Liveness: the app answers and the archive can be read."""
    current_archive().ping()
    return current_app.response_class(
        json.dumps({"status": "ok", "archive": "ok"}), mimetype="application/json"
    )


@health.get("/readyz")
@spec.validate(
    resp=Responses(
        HTTP_200=Readiness,
        HTTP_503=(Problem, "A part the app needs does not answer; `checks` says which."),
    ),
    tags=["health"],
    operation_id="ready",
)
def readyz() -> Response:
    """Readiness: the archive answers and, when configured, the broker and the result
    store (a load balancer sends traffic only to a ready process)."""
    briefing = current_briefing()
    checks: dict[str, str] = {}
    try:
        briefing.archive.ping()
        checks["archive"] = "ok"
    except BriefingError as error:
        checks["archive"] = error.message
    queue = briefing.queue
    if queue is not None:
        try:
            queue.check()
            checks["broker"] = "ok"
            if queue.check_results():
                checks["results"] = "ok"
        except BriefingError as error:
            checks["results" if "broker" in checks else "broker"] = error.message
    failed = sorted(name for name, state in checks.items() if state != "ok")
    if failed:
        raise ProblemError(
            503,
            "not-ready",
            f"not ready: {'; '.join(f'{name}: {checks[name]}' for name in failed)}",
            extra={"checks": checks},
        )
    body = {"status": "ready", **checks}
    return current_app.response_class(json.dumps(body), mimetype="application/json")


def openapi_spec() -> dict[str, Any]:
    """spectree's document, finished: problem+json errors, Location, the API-key scheme."""
    document: dict[str, Any] = copy.deepcopy(spec.spec)
    keys = bool(current_settings().api_keys)
    if keys:
        document["components"]["securitySchemes"] = {
            "apiKey": {"type": "http", "scheme": "bearer", "description": "BRIEFING_API_KEYS"}
        }
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                if int(status) >= 400 and "application/json" in answer.get("content", {}):
                    answer["content"] = {PROBLEM_JSON: answer["content"]["application/json"]}
                if status == "201":
                    answer["headers"] = {
                        "Location": {
                            "description": "URL of the stored brief.",
                            "schema": {"type": "string"},
                        }
                    }
            writes_feeds = path.startswith(f"{API_PREFIX}/feeds") and method != "get"
            writes = path in {f"{API_PREFIX}/briefs", f"{API_PREFIX}/batches"}
            deletes = method == "delete"
            if (method == "post" and writes) or writes_feeds or deletes:
                if keys:
                    operation["security"] = [{"apiKey": []}]
                else:
                    operation["responses"].pop("401", None)
    document.pop("security", None)
    for finish in DOCUMENT_HOOKS:
        finish(document)
    _drop_null_defaults(document)
    return document


def _drop_null_defaults(node: Any) -> None:
    """pydantic writes ``"default": null`` for fields one may omit; null itself is refused."""
    if isinstance(node, dict):
        if node.get("default", 0) is None and "null" not in json.dumps(node):
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)


def init_app(app: Flask) -> None:
    """Register the API blueprints on ``app``."""
    app.register_blueprint(bp)
    app.register_blueprint(health)
