"""What an operator sees: request ids, log lines with their context, /metrics, /readyz."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing import logs
from briefing.config import Settings
from briefing.errors import OptionsError, StorageError
from briefing.web import create_app

ARTICLE = {"text": "Officials said 12 people were killed in the attack. Police were sent."}


def app_with(tmp_path: Path, **settings: object) -> Flask:
    app = create_app(Settings(instance_path=tmp_path / "instance", **settings))  # type: ignore[arg-type]
    app.config["TESTING"] = True
    return app


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Every log line, as the JSON formatter writes it, while the test runs."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield out
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def json_lines(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


# -- request ids ------------------------------------------------------------------------------


def test_every_answer_carries_a_request_id_made_for_it(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_clients_request_id_is_kept(client: FlaskClient) -> None:
    answer = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert answer.headers["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("hostile", ["two words", 'quote"d', "x" * 300, "new\nline", ""])
def test_a_request_id_that_is_not_a_token_is_replaced(client: FlaskClient, hostile: str) -> None:
    answer = client.get("/healthz", headers={"X-Request-ID": hostile.replace("\n", " ")})
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"])


def test_a_problem_names_the_request_in_its_instance(client: FlaskClient) -> None:
    answer = client.post("/api/v1/summary", json={"text": ""}, headers={"X-Request-ID": "r-1"})
    assert answer.status_code == 400
    assert answer.get_json()["instance"] == "urn:briefing:request:r-1"
    assert answer.headers["X-Request-ID"] == "r-1"


def test_every_log_line_of_a_request_carries_its_id(tmp_path: Path, lines: io.StringIO) -> None:
    app = app_with(tmp_path)
    app.config["TESTING"] = False  # let the error handler answer, as in production

    @app.get("/_boom")
    def boom() -> str:
        logging.getLogger("briefing.test").warning("about to fail")
        raise RuntimeError("a bug")

    answer = app.test_client().get("/_boom", headers={"X-Request-ID": "req-42"})
    assert answer.status_code == 500
    mine = [line for line in json_lines(lines) if line.get("request_id") == "req-42"]
    messages = [str(line["message"]) for line in mine]
    assert "about to fail" in messages
    [error] = [line for line in mine if line["level"] == "ERROR"]
    assert "unexpected error on GET /_boom" in str(error["message"])
    assert "RuntimeError: a bug" in str(error["error"])
    # lines logged outside any request carry none
    logging.getLogger("briefing.test").warning("between requests")
    [outside] = [line for line in json_lines(lines) if line["message"] == "between requests"]
    assert "request_id" not in outside


def test_text_lines_show_the_context_in_brackets() -> None:
    formatter = logs.TextFormatter()
    record = logging.LogRecord("briefing.tasks", logging.INFO, __file__, 1, "stored", (), None)
    with logs.job_context("job9", 3):
        line = formatter.format(record)
    assert re.search(r" INFO briefing\.tasks \[job=job9 line=3\] stored$", line), line
    with logs.request_context("abc"):
        assert "[request_id=abc] stored" in formatter.format(record)
    assert formatter.format(record).endswith("INFO briefing.tasks stored")


def test_json_lines_of_a_worker_carry_the_job_and_line() -> None:
    record = logging.LogRecord(
        "briefing.tasks", logging.INFO, __file__, 1, "stored %s", ("b1",), None
    )
    with logs.job_context("job9", 3):
        entry = json.loads(logs.JsonFormatter().format(record))
    assert {k: entry[k] for k in ("level", "logger", "message", "job_id", "line")} == {
        "level": "INFO",
        "logger": "briefing.tasks",
        "message": "stored b1",
        "job_id": "job9",
        "line": 3,
    }
    assert entry["time"].endswith("Z")


def test_gunicorn_access_lines_become_json_fields() -> None:
    atoms = {"h": "10.0.0.2", "m": "GET", "U": "/healthz", "q": "", "s": "200", "B": "27",
             "b": "27", "M": "3", "a": "curl/8", "r": "GET /healthz HTTP/1.1",
             "{x-request-id}o": "abc"}  # fmt: skip
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, logs.ACCESS_FORMAT, (atoms,), None
    )
    entry = json.loads(logs.JsonFormatter().format(record))
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == (
        "GET",
        "/healthz",
        200,
        3,
    )
    assert entry["request_id"] == "abc"
    assert "query" not in entry  # empty atoms are left out


def test_log_settings_are_checked() -> None:
    assert Settings.from_env({"BRIEFING_LOG_FORMAT": "json"}).log_format == "json"
    assert Settings.from_env({"BRIEFING_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(OptionsError, match="BRIEFING_LOG_FORMAT"):
        Settings.from_env({"BRIEFING_LOG_FORMAT": "xml"})


# -- metrics ----------------------------------------------------------------------------------


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition (0 when it is not there)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        head, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', head))
        if head.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


def scrape(client: FlaskClient) -> str:
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "text/plain"
    return answer.get_data(as_text=True)


def test_metrics_count_requests_by_route_and_status(client: FlaskClient) -> None:
    before = scrape(client)
    route = "/api/v1/briefs/<brief_id>"
    for _ in range(3):
        assert client.get("/api/v1/briefs/nothing-here").status_code == 404
    after = scrape(client)
    labels = {"route": route, "method": "GET", "status": "404"}
    assert (
        sample(after, "briefing_http_requests_total", **labels)
        - sample(before, "briefing_http_requests_total", **labels)
        == 3
    )
    timed = {"route": route, "method": "GET"}
    assert sample(after, "briefing_http_request_duration_seconds_count", **timed) >= 3
    # an address no route matches is counted under one label, never its own path
    client.get("/no/such/page/12345")
    assert "/no/such/page" not in scrape(client)
    assert sample(scrape(client), "briefing_http_requests_total", route="(no route)") >= 1


def test_metrics_count_briefs_by_method_and_the_facts_in_them(client: FlaskClient) -> None:
    before = scrape(client)
    body = {**ARTICLE, "options": {"method": "lead"}}
    assert client.post("/api/v1/summary", json=body).status_code == 200
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("briefing_briefs_built_total", method="lead") == 1
    assert grew("briefing_brief_build_seconds_count", method="lead") == 1
    assert grew("briefing_brief_build_seconds_sum", method="lead") > 0
    assert grew("briefing_facts_found_total", kind="casualties") == 1  # "12 people were killed"


def test_metrics_count_fetch_refusals_by_reason(client: FlaskClient) -> None:
    before = scrape(client)
    answer = client.post("/api/v1/summary", json={"url": "http://127.0.0.1:9/article"})
    assert answer.status_code == 403
    reason = {"reason": "private-address"}
    assert (
        sample(scrape(client), "briefing_fetch_refusals_total", **reason)
        - sample(before, "briefing_fetch_refusals_total", **reason)
        == 1
    )


def test_metrics_count_job_lines_done_and_failed(client: FlaskClient) -> None:
    before = scrape(client)
    batch = json.dumps(ARTICLE) + "\n" + "{not json\n" + json.dumps({"text": " "}) + "\n"
    answer = client.post(
        "/api/v1/batches", data=batch, headers={"Content-Type": "application/x-ndjson"}
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    after = scrape(client)
    done = sample(after, "briefing_job_lines_total", state="done") - sample(
        before, "briefing_job_lines_total", state="done"
    )
    failed = sample(after, "briefing_job_lines_total", state="failed") - sample(
        before, "briefing_job_lines_total", state="failed"
    )
    assert (done, failed) == (1, 2)


def test_metrics_count_feed_polls_and_failures(tmp_path: Path) -> None:
    from briefing.service import Briefing

    settings = Settings(instance_path=tmp_path)
    briefing = Briefing(settings)
    client = create_app(settings).test_client()
    before = scrape(client)
    briefing.feeds.add("http://127.0.0.1:9/feed.xml")  # a private address: refused
    report = briefing.poll_feeds(force=True)
    briefing.close()
    assert (report.polled, report.failed_feeds) == (1, 1)
    after = scrape(client)
    assert (
        sample(after, "briefing_feed_polls_total") - sample(before, "briefing_feed_polls_total")
        == 1
    )
    assert (
        sample(after, "briefing_feed_poll_failures_total")
        - sample(before, "briefing_feed_poll_failures_total")
        == 1
    )


def test_metrics_can_be_turned_off(tmp_path: Path) -> None:
    client = app_with(tmp_path, metrics=False).test_client()
    answer = client.get("/metrics")
    assert answer.status_code == 404
    assert Settings.from_env({"BRIEFING_METRICS": "off"}).metrics is False


def test_metrics_can_need_a_key(tmp_path: Path) -> None:
    client = app_with(tmp_path, metrics_key="scrape-me").test_client()
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    allowed = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert allowed.status_code == 200
    assert "briefing_http_requests_total" in allowed.get_data(as_text=True)


def test_a_worker_serves_its_metrics_on_a_port_with_the_key() -> None:
    import socket
    import urllib.error
    import urllib.request

    from briefing import metrics

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    depth = metrics.QueueDepth("q-test", lambda: 7)
    metrics.job_lines("done", 0)
    metrics.serve(port, "k", [depth])
    url = f"http://127.0.0.1:{port}/metrics"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code == 401
    asked = urllib.request.Request(url, headers={"Authorization": "Bearer k"})
    with urllib.request.urlopen(asked, timeout=5) as answer:
        text = answer.read().decode()
    assert sample(text, "briefing_queue_depth", queue="q-test") == 7
    assert "briefing_job_lines_total" in text


# -- readiness --------------------------------------------------------------------------------


def test_readyz_checks_the_archive(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = client.get("/readyz")
    assert (answer.status_code, answer.get_json()) == (200, {"status": "ready", "archive": "ok"})

    def broken() -> None:
        raise StorageError("the archive is unavailable: OperationalError")

    monkeypatch.setattr(app.extensions["briefing"].archive, "ping", broken)
    refused = client.get("/readyz")
    assert refused.status_code == 503
    assert refused.mimetype == "application/problem+json"
    body = refused.get_json()
    assert body["type"] == "/problems/not-ready"
    assert body["checks"] == {"archive": "the archive is unavailable: OperationalError"}


def test_readyz_says_when_the_broker_does_not_answer(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = app_with(tmp_path, broker_url=f"redis://127.0.0.1:{port}/0").test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    checks = answer.get_json()["checks"]
    assert checks["archive"] == "ok"
    assert "task queue does not answer" in checks["broker"]
    # liveness stays cheap: the process answers and its archive reads
    assert client.get("/healthz").status_code == 200
