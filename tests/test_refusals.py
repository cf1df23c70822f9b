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


# -- what came from outside, in every text output ------------------------------------------


def csrf_token(client: FlaskClient) -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def stored_with_title(client: FlaskClient, how: str, title: str) -> str:
    """Store the story under ``title``, sent the way ``how`` says; its brief id."""
    if how == "json":
        answer = client.post("/api/v1/briefs", json={"text": STORY, "title": title})
        assert answer.status_code == 201, answer.get_data(as_text=True)
        return str(answer.get_json()["id"])
    fields = {"csrf_token": csrf_token(client), "text": STORY, "title": title}
    if how == "multipart":
        answer = client.post("/", data=fields, content_type="multipart/form-data")
    else:
        answer = client.post("/", data=fields)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return answer.headers["Location"].rsplit("/", 1)[1]


@pytest.mark.parametrize("how", ["json", "form", "multipart"])
@pytest.mark.parametrize("brk", ["\r\n", "\n", "\r", "\u2028", "\x85"])
def test_a_title_with_a_line_break_never_breaks_a_header(
    client: FlaskClient, how: str, brk: str
) -> None:
    brief_id = stored_with_title(client, how, f"Storm{brk}Bcc: victim@example.com{brk}hits")
    eml = client.get(f"/briefs/{brief_id}/download/eml")
    assert eml.status_code == 200, eml.get_data(as_text=True)
    head = eml.get_data().split(b"\r\n\r\n", 1)[0].decode()
    subject = [line for line in head.split("\r\n") if line.startswith("Subject:")]
    assert subject == ["Subject: Brief: Storm Bcc: victim@example.com hits"]
    assert "\nBcc:" not in head
    for fmt in ("md", "json"):
        download = client.get(f"/briefs/{brief_id}/download/{fmt}")
        assert download.status_code == 200
        assert "\r" not in download.headers["Content-Disposition"]
        assert "\n" not in download.headers["Content-Disposition"]
    markdown = client.get(f"/briefs/{brief_id}/download/md").get_data(as_text=True)
    assert markdown.startswith("# Storm Bcc: victim@example.com hits\n")


def test_an_id_sent_with_a_batch_line_is_escaped_in_the_markdown(client: FlaskClient) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    line = json.dumps({"id": hostile, "text": STORY, "title": "<b>bold</b>\n# injected"})
    answer = client.post("/api/v1/batches", data=line, content_type="application/x-ndjson")
    assert answer.status_code == 201, answer.get_data(as_text=True)
    [stored] = answer.get_json()["briefs"]
    from urllib.parse import quote

    markdown = client.get(f"/briefs/{quote(stored['id'], safe='')}/download/md")
    text = markdown.get_data(as_text=True)
    assert "<img" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\n# injected" not in text  # the title's line break did not start a heading


def test_text_output_carries_no_terminal_escapes(tmp_path: Any) -> None:
    article = tmp_path / "story.txt"
    article.write_text(STORY)
    result = CliRunner().invoke(
        main, ["brief", "--title", "Storm\x1b[2J\x1b]0;pwned\x07 hits", str(article)]
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.startswith("Storm [2J ]0;pwned hits\n")


# -- time: no request costs more than BRIEFING_REQUEST_BUDGET ---------------------------------


def long_article(size: int, seed: int = 0) -> str:
    """A news-like text of about ``size`` characters: distinct sentences, as rankers see them."""
    sentences = []
    number = 0
    while sum(len(s) + 1 for s in sentences) < size:
        number += 1
        sentences.append(
            f"Officials in district {number + seed} said crews cleared {number * 7} roads "
            f"after the storm on day {number % 30 + 1}."
        )
    return "Storm report\n\n" + " ".join(sentences)


def test_a_summary_that_would_run_past_the_budget_is_refused_up_front(client: FlaskClient) -> None:
    # KL-Sum on 450 sentences takes minutes: refused before it starts, not killed by gunicorn
    answer = client.post(
        "/api/v1/summary",
        json={"text": long_article(45_000), "options": {"method": "kl"}},
    )
    body = problem(answer, 413, "over-budget", "BRIEFING_REQUEST_BUDGET")
    assert "use news or lead" in body["detail"]
    # the same article with the news ranker is well inside the budget
    assert client.post("/api/v1/summary", json={"text": long_article(45_000)}).status_code == 200


def test_a_synchronous_batch_over_the_budget_is_refused_whole_and_stores_nothing(
    client: FlaskClient,
) -> None:
    # inside every size limit (40 lines, 2 MB) but far over 30 s of TextRank
    lines = [
        json.dumps(
            {"id": f"l{n}", "text": long_article(48_000, n), "options": {"method": "textrank"}}
        )
        for n in range(40)
    ]
    body = "\n".join(lines).encode()
    assert len(body) < 2_000_000
    answer = client.post("/api/v1/batches", data=body, content_type="application/x-ndjson")
    detail = problem(answer, 413, "over-budget", "BRIEFING_REQUEST_BUDGET")["detail"]
    assert "task queue" in detail
    assert client.get("/api/v1/briefs").get_json()["total"] == 0


def test_a_batch_inside_the_budget_runs(client: FlaskClient) -> None:
    lines = [json.dumps({"id": f"s{n}", "text": long_article(3_000, n)}) for n in range(5)]
    answer = client.post(
        "/api/v1/batches", data="\n".join(lines), content_type="application/x-ndjson"
    )
    assert answer.status_code == 201
    assert answer.get_json()["done"] == 5


# -- every job ends ----------------------------------------------------------------------------


def test_a_line_that_fails_unexpectedly_is_its_own_error_and_the_job_ends(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # any exception at all (a library's surprise), not only the errors briefing raises
    import briefing.service

    real = briefing.service.compose_brief

    def surprising(article: Any, *args: Any, **kwargs: Any) -> Any:
        if "BOOM" in article.text:
            raise ZeroDivisionError("a bug")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(briefing.service, "compose_brief", surprising)
    lines = [{"id": "a", "text": STORY}, {"id": "b", "text": STORY + " BOOM."}]
    body = "\n".join(json.dumps(line) for line in lines)
    answer = client.post("/api/v1/batches", data=body, content_type="application/x-ndjson")
    assert answer.status_code == 201, answer.get_data(as_text=True)
    job = answer.get_json()
    assert (job["state"], job["done"], job["failed"]) == ("done", 1, 1)
    assert job["errors"][0]["error"] == "an unexpected error stopped this line; it has been logged"
