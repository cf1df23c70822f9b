"""Batches and jobs without a task queue: the embedded default runs them in the request."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from briefing.config import Settings
from briefing.request import parse_batch
from briefing.store import Archive
from briefing.store.jobs import JobStore
from briefing.web import create_app

HTML = ("<html><body><h1>Fire</h1><p>A fire broke out at the mill on Friday. Nobody was "
        "hurt, officials said.</p></body></html>")  # fmt: skip
NDJSON = {"Content-Type": "application/x-ndjson"}
GOOD = {"text": "The river rose on Monday. Farmers moved their cattle to higher ground."}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shared app and client fixtures (conftest.py), with a small in-request batch."""
    return Settings(instance_path=tmp_path, batch_sync_max_lines=3)


def lines(*items: object) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def test_prefer_respond_async_is_ignored_without_a_queue(client: FlaskClient) -> None:
    answer = client.post("/api/v1/briefs", json=GOOD, headers={"Prefer": "respond-async"})
    assert answer.status_code == 201
    assert answer.headers["Location"].startswith("/api/v1/briefs/")
    assert "Preference-Applied" not in answer.headers


def test_a_batch_runs_in_the_request_and_its_job_is_done(client: FlaskClient) -> None:
    body = lines(GOOD, {"id": "x1", "html": HTML},
                 {"text": ""})  # fmt: skip
    answer = client.post("/api/v1/batches", data=body, headers=NDJSON)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    job = answer.get_json()
    assert set(job) == {"id", "state", "total", "done", "failed", "briefs", "errors"}
    assert (job["state"], job["total"], job["done"], job["failed"]) == ("done", 3, 2, 1)
    assert job["briefs"][1] == {"line": 2, "id": "x1"}
    assert job["errors"][0]["line"] == 3
    assert answer.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert client.get(answer.headers["Location"]).get_json() == job
    assert client.get("/api/v1/briefs/x1").status_code == 200


def test_a_batch_may_come_as_a_multipart_file(client: FlaskClient) -> None:
    data = {"file": (io.BytesIO(lines(GOOD)), "in.jsonl")}
    answer = client.post("/api/v1/batches", data=data, content_type="multipart/form-data")
    assert answer.status_code == 201
    assert answer.get_json()["done"] == 1


def test_a_batch_line_may_name_a_private_address_and_is_refused_by_the_fetcher(
    client: FlaskClient,
) -> None:
    # the line is briefed as the API briefs {"url"}: the SSRF guard refuses loopback
    answer = client.post(
        "/api/v1/batches", data=lines({"url": "http://127.0.0.1:9/a"}), headers=NDJSON
    )
    job = answer.get_json()
    assert (job["state"], job["failed"]) == ("failed", 1)
    assert "private" in job["errors"][0]["error"] or "127.0.0.1" in job["errors"][0]["error"]


def test_a_job_where_every_line_failed_is_failed(client: FlaskClient) -> None:
    answer = client.post("/api/v1/batches", data=b"[1]\n{oops\n", headers=NDJSON)
    job = answer.get_json()
    assert (job["state"], job["done"], job["failed"]) == ("failed", 0, 2)


@pytest.mark.parametrize(
    ("body", "headers", "status", "problem"),
    [
        # more lines than run in a request without a queue (batch_sync_max_lines=3)
        (lines(GOOD, GOOD, GOOD, GOOD), NDJSON, 413, "input-too-large"),
        # nothing but blank lines
        (b"\n\n", NDJSON, 400, "bad-option"),
        # not UTF-8
        (b"\xff\xfe\x00", NDJSON, 400, "bad-option"),
        # a JSON body is one article, not a batch
        (json.dumps(GOOD).encode(), {"Content-Type": "application/json"}, 415,
         "unsupported-media-type"),
    ],
)  # fmt: skip
def test_an_unusable_batch_is_a_problem(
    client: FlaskClient, body: bytes, headers: dict[str, str], status: int, problem: str
) -> None:
    answer = client.post("/api/v1/batches", data=body, headers=headers)
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["type"] == f"/problems/{problem}"


def test_an_unknown_job_is_404_problem(client: FlaskClient) -> None:
    answer = client.get("/api/v1/jobs/nope")
    assert (answer.status_code, answer.mimetype) == (404, "application/problem+json")


def test_batches_need_the_api_key_when_keys_are_set(tmp_path: Path) -> None:
    client = create_app(Settings(instance_path=tmp_path, api_keys=("k",))).test_client()
    assert client.post("/api/v1/batches", data=lines(GOOD), headers=NDJSON).status_code == 401
    keyed = {**NDJSON, "Authorization": "Bearer k"}
    assert client.post("/api/v1/batches", data=lines(GOOD), headers=keyed).status_code == 201


def test_the_batch_limit_counts_lines_not_bytes() -> None:
    with pytest.raises(Exception, match="BRIEFING_BATCH_MAX_LINES"):
        parse_batch(lines(GOOD, GOOD, GOOD), max_lines=2)
    assert len(parse_batch(lines(GOOD, GOOD) + b"\n\n", max_lines=2)) == 2


def test_recording_a_line_twice_counts_it_once(tmp_path: Path) -> None:
    archive = Archive.from_settings(Settings(instance_path=tmp_path))
    jobs = JobStore(archive.engine)
    jobs.create("j", 2)
    assert jobs.get("j")["state"] == "queued"
    jobs.record("j", 1, brief_id="a")
    jobs.record("j", 1, brief_id="a")  # a redelivered task
    assert (jobs.get("j")["state"], jobs.get("j")["done"]) == ("running", 1)
    jobs.record("j", 2, error="empty")
    assert jobs.get("j") == {"id": "j", "state": "done", "total": 2, "done": 1, "failed": 1,
                             "briefs": [{"line": 1, "id": "a"}],
                             "errors": [{"line": 2, "error": "empty"}]}  # fmt: skip
    archive.close()


def test_a_digest_is_claimed_once_per_date_and_recipient_list(tmp_path: Path) -> None:
    import datetime as dt

    archive = Archive.from_settings(Settings(instance_path=tmp_path))
    jobs = JobStore(archive.engine)
    day = dt.date(2024, 1, 2)
    assert jobs.claim_digest(day, ["a@x.org", "b@x.org"])
    assert not jobs.claim_digest(day, ["B@x.org", "a@x.org"])  # same list, other order/case
    assert jobs.claim_digest(day, ["a@x.org"])  # another list
    jobs.release_digest(day, ["a@x.org"])  # its sending failed
    assert jobs.claim_digest(day, ["a@x.org"])
    archive.close()


def test_the_procfile_runs_a_worker_and_migrates_on_release() -> None:
    procfile = (Path(__file__).resolve().parent.parent / "Procfile").read_text().splitlines()
    processes = dict(line.split(": ", 1) for line in procfile if line.strip())
    assert processes["worker"].startswith("briefing worker ")
    assert processes["release"] == "briefing db upgrade"
    assert processes["web"].startswith("gunicorn ")
    # logs and metrics set up for gunicorn, its access lines on; the digest's schedule
    assert "--config python:briefing.web.gunicorn_conf" in processes["web"]
    assert "--access-logfile -" in processes["web"]
    assert processes["beat"] == "briefing beat"
