"""Hostile and careless input against the app: each one a clear 4xx, nothing lost.

(Over real HTTP, where the server matters: ``test_refusals_http.py``.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from briefing.cli import main

PROBLEM = "application/problem+json"
STORY = "Storm hits the coast\n\nA storm hit the coast on Monday. Crews came in the night."


def problem(response: Any, status: int, slug: str, detail: str = "") -> dict[str, Any]:
    assert (response.status_code, response.mimetype) == (status, PROBLEM), response.get_data()
    body: dict[str, Any] = json.loads(response.get_data(as_text=True))
    assert body["type"] == f"/problems/{slug}"
    assert detail in body["detail"]
    return body


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# -- JSON nested without end -------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 50_000, 65])
@pytest.mark.parametrize("path", ["/api/v1/summary", "/api/v1/briefs", "/api/v1/feeds"])
def test_json_nested_past_the_limit_is_a_400_problem(
    client: FlaskClient, path: str, depth: int
) -> None:
    body = '{"text": "A storm. Crews came.", "options": ' + nested(depth) + "}"
    answer = client.post(path, data=body, content_type="application/json")
    problem(answer, 400, "json-too-deep", "more than 64 deep (BRIEFING_MAX_JSON_DEPTH)")


def test_brackets_inside_strings_do_not_count(client: FlaskClient) -> None:
    text = STORY + " " + "[{" * 5000
    answer = client.post("/api/v1/summary", json={"text": text})
    assert answer.status_code == 200, answer.get_data(as_text=True)


def test_a_deep_batch_line_is_that_line_s_error(client: FlaskClient) -> None:
    lines = [
        json.dumps({"id": "ok", "text": STORY}),
        '{"id": "deep", "text": ' + nested(80_000) + "}",
    ]
    answer = client.post(
        "/api/v1/batches", data="\n".join(lines), content_type="application/x-ndjson"
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    job = answer.get_json()
    assert (job["state"], job["done"], job["failed"]) == ("done", 1, 1)
    assert "more than 64 deep" in job["errors"][0]["error"]


def test_a_deep_batch_line_on_the_command_line_is_one_line_of_output(tmp_path: Any) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": "ok", "text": STORY}) + "\n" + nested(100_000) + "\n")
    result = CliRunner().invoke(main, ["brief", "--batch", str(batch)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] == "ok"
    assert out[1]["line"] == 2 and "more than 64 deep" in out[1]["error"]
