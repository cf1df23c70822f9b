"""Jobs on the API: async briefs, batch uploads, job state (issue 11).

Routes:
    POST /api/v1/briefs + ``Prefer: respond-async``   202 + Location /api/v1/jobs/<id>
    POST /api/v1/batches    JSONL of articles (application/x-ndjson, or multipart ``file``)
    GET  /api/v1/jobs/<id>  the job JSON (``briefing.store.jobs``)

With a broker (``BRIEFING_BROKER_URL``) the work goes to the workers and these answer 202
at once; a broker that does not answer is a 503 problem (the synchronous path still
works). Without one, ``Prefer: respond-async`` is ignored (201 as before) and a batch of
up to ``BRIEFING_BATCH_SYNC_MAX_LINES`` lines runs inside the request (201, job done).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from spectree import Response as Responses
from werkzeug.datastructures import FileStorage

from briefing.errors import ProblemError
from briefing.request import BatchLine, parse_batch
from briefing.service import Job
from briefing.web.api import (
    API_PREFIX,
    DOCUMENT_HOOKS,
    STORE_HOOKS,
    article_request,
    needs_api_key,
    spec,
)
from briefing.web.job_models import JobOut
from briefing.web.schema import Problem
from briefing.web.state import current_briefing

bp = Blueprint("jobs", __name__, url_prefix=API_PREFIX)

NDJSON = "application/x-ndjson"
BATCH_TYPES = (NDJSON, "application/jsonl", "application/json-seq", "text/plain")


def prefers_async() -> bool:
    """Whether the request says ``Prefer: respond-async`` (RFC 7240; any order, any case)."""
    for header in request.headers.getlist("Prefer"):
        for preference in header.split(","):
            token = preference.split(";")[0].split("=")[0].strip().lower()
            if token == "respond-async":
                return True
    return False


def async_brief_response() -> Response | None:
    """``POST /briefs`` with ``Prefer: respond-async`` and a broker: 202 and a job.

    None when the brief is to be built in the request (no preference, or no broker).
    The request has been validated by the time this runs.
    """
    briefing = current_briefing()
    if not briefing.queued or not prefers_async():
        return None
    job = briefing.submit([BatchLine(1, request=article_request())])
    response = _job_response(job.data, 202)
    response.headers["Preference-Applied"] = "respond-async"
    return response


def _job_response(job: dict[str, Any], status: int) -> Response:
    response = current_app.response_class(
        json.dumps(job), status=status, mimetype="application/json"
    )
    response.headers["Location"] = url_for("jobs.get_job", job_id=job["id"])
    return response


def _batch_body() -> tuple[bytes, str]:
    """The JSONL upload, from the body or the multipart field ``file``; and its name."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if not isinstance(upload, FileStorage):
            raise ProblemError(400, "invalid-request", "file: send the JSONL upload as a file part")
        return upload.read(), upload.filename or "file"
    if request.mimetype in BATCH_TYPES:
        return request.get_data(), "body"
    given = request.mimetype or "no content type"
    raise ProblemError(
        415,
        "unsupported-media-type",
        f"send the batch as {NDJSON} or multipart/form-data (field file), not {given}",
        headers={"Accept-Post": f"{NDJSON}, multipart/form-data"},
    )


@bp.post("/batches")
@needs_api_key
@spec.validate(
    resp=Responses(
        HTTP_201=(JobOut, "No task queue: the batch ran in the request; the job is finished."),
        HTTP_202=(JobOut, "Queued for the workers; Location says where to follow the job."),
        HTTP_400=(Problem, "The upload holds no line, or is not UTF-8."),
        HTTP_401=(Problem, "An API key is configured and none (or a wrong one) was sent."),
        HTTP_413=(
            Problem,
            "More lines than the limit (BRIEFING_BATCH_MAX_LINES, or "
            "BRIEFING_BATCH_SYNC_MAX_LINES without a task queue).",
        ),
        HTTP_415=(Problem, "Not application/x-ndjson or multipart/form-data."),
        HTTP_503=(Problem, "The task queue or the archive is unavailable."),
    ),
    tags=["jobs"],
    operation_id="create_batch",
)
def create_batch() -> Response:
    """Brief and store many articles: one JSON object a line.

    Each line is ``{"id"?, "text" | "html" | "url", "title"?, "source"?, "published"?,
    "options"?}``. A line that cannot be briefed is reported in the job's ``errors``; the
    other lines are stored. With a task queue the answer is 202 at once; follow
    ``Location``. Without one the batch runs in the request (201, the job finished).
    """
    briefing = current_briefing()
    data, _name = _batch_body()
    settings = briefing.settings
    lines = parse_batch(data, max_lines=settings.batch_max_lines, max_depth=settings.max_json_depth)
    job: Job = briefing.submit(lines)
    return _job_response(job.data, 202 if job.queued else 201)


@bp.get("/jobs/<job_id>")
@spec.validate(
    resp=Responses(
        HTTP_200=JobOut,
        HTTP_404=(Problem, "No job has that id."),
        HTTP_503=(Problem, "The archive is unavailable."),
    ),
    tags=["jobs"],
    operation_id="get_job",
)
def get_job(job_id: str) -> Response:
    """A job: its state, how many lines are done or failed, and (once done) which."""
    job = current_briefing().jobs.get(job_id)
    return current_app.response_class(json.dumps(job), mimetype="application/json")


def finish_document(document: dict[str, Any]) -> None:
    """What spectree cannot say about these routes: the batch body, 202's Location."""
    paths = document.get("paths", {})
    batch = paths.get(f"{API_PREFIX}/batches", {}).get("post")
    if batch is not None:
        batch["requestBody"] = {
            "required": True,
            "content": {
                NDJSON: {"schema": {"type": "string", "description": "One JSON article a line."}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            },
        }
    for operation, status in (
        (batch, "201"),
        (batch, "202"),
        (paths.get(f"{API_PREFIX}/briefs", {}).get("post"), "202"),
    ):
        answer = (operation or {}).get("responses", {}).get(status)
        if answer is not None:
            answer["headers"] = {
                "Location": {"description": "URL of the job.", "schema": {"type": "string"}}
            }
    brief = paths.get(f"{API_PREFIX}/briefs", {}).get("post")
    if brief is not None:
        brief.setdefault("parameters", []).append(
            {
                "name": "Prefer",
                "in": "header",
                "required": False,
                "description": "respond-async: queue the brief and answer 202 with a job "
                "(ignored when no task queue is configured).",
                "schema": {"type": "string"},
            }
        )


STORE_HOOKS.append(async_brief_response)
DOCUMENT_HOOKS.append(finish_document)


def init_app(app: Flask) -> None:
    """Register the job routes."""
    app.register_blueprint(bp)
