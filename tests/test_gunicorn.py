"""The app as deployed: the Procfile's gunicorn command on a free port, spoken to over HTTP.

Also ``briefing serve``, the local server. Both run as subprocesses with their own
instance folder; nothing here touches the repository's ./instance.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 50_000
PROBLEM = "application/problem+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def procfile_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web process")


def wait_until_up(
    base: str, process: subprocess.Popen[bytes], seconds: float = 30, log: Path | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            if log is not None:
                out += log.read_text(errors="replace")
            raise AssertionError(f"the server exited with {process.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within {seconds}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        BRIEFING_INSTANCE_PATH=str(tmp_path / "instance"),
        BRIEFING_MAX_INPUT_BYTES=str(LIMIT),
        **extra,
    )
    env.pop("DATABASE_URL", None)
    env.pop("BRIEFING_DATABASE_URL", None)
    return env


@contextmanager
def procfile_web(tmp_path: Path, **extra: str) -> Iterator[tuple[str, Path]]:
    """The Procfile's web command, run as a platform would: PORT and WEB_CONCURRENCY set;
    its address and the file its output (access and error lines) goes to."""
    port = free_port()
    env = environment(tmp_path, PORT=str(port), WEB_CONCURRENCY="2", **extra)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "-c", f"exec {procfile_command()}"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log=log)
        yield base, log
    finally:
        stop(process)


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with procfile_web(tmp_path_factory.mktemp("gunicorn")) as (base, _log):
        yield base


def call(
    method: str,
    url: str,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, dict[str, str], bytes]:
    """One HTTP request; returns status, media type, headers and body, errors included."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return (
                answer.status,
                answer.headers.get_content_type(),
                dict(answer.headers),
                answer.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), dict(error.headers), error.read()


def post_json(url: str, payload: Any) -> tuple[int, str, dict[str, str], bytes]:
    return call("POST", url, json.dumps(payload).encode(), "application/json")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, built by hand so the test needs no HTTP library."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + value.encode() + b"\r\n")
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_the_procfile_binds_the_platform_port_with_configured_workers() -> None:
    command = procfile_command()
    assert command.startswith("gunicorn ")
    assert "--bind 0.0.0.0:${PORT" in command
    assert "--workers ${WEB_CONCURRENCY" in command
    assert command.endswith('"briefing.web:create_app()"')


def test_the_seed_is_summarised_stored_and_read_back(gunicorn: str, seed_text: str) -> None:
    status, media, _, body = post_json(f"{gunicorn}/api/v1/summary", {"text": seed_text})
    assert (status, media) == (200, "application/json")
    summary = json.loads(body)
    assert summary["title"].startswith("Donald Trump deploys 3,500 more troops")
    assert len(summary["summary"]) == 5

    status, _, headers, body = post_json(f"{gunicorn}/api/v1/briefs", {"text": seed_text})
    assert status == 201
    stored = json.loads(body)
    assert stored == summary
    location = headers["Location"]
    assert location == f"/api/v1/briefs/{stored['id']}"

    status, _, _, body = call("GET", f"{gunicorn}{location}")
    assert status == 200 and json.loads(body) == stored
    status, _, _, body = call("GET", f"{gunicorn}/api/v1/briefs")
    listing = json.loads(body)
    day = listing["items"][0]["date"]
    status, _, _, body = call("GET", f"{gunicorn}/api/v1/briefs?date={day}")
    assert [item["id"] for item in json.loads(body)["items"]] == [stored["id"]]
    # the one-page brief is served too, by whichever worker answers
    status, media, _, body = call("GET", f"{gunicorn}/briefs/{stored['id']}")
    assert (status, media) == (200, "text/html")
    assert stored["title"] in body.decode()


def test_an_upload_works_over_real_http(gunicorn: str) -> None:
    body, content_type = multipart(
        {"title": "Harbour news", "sentences": "1"},
        {"file": ("story.md", b"# Harbour\n\nThe harbour reopened. Boats returned on Monday.\n")},
    )
    status, _, _, answer = call("POST", f"{gunicorn}/api/v1/summary", body, content_type)
    assert status == 200, answer
    brief = json.loads(answer)
    assert brief["title"] == "Harbour news" and len(brief["summary"]) == 1


BAD = [
    # malformed JSON
    ("POST", "/api/v1/summary", b'{"text": ', "application/json", 400, "malformed-json"),
    # wrong content type
    ("POST", "/api/v1/briefs", b"plain words", "text/plain", 415, "unsupported-media-type"),
    # missing text
    ("POST", "/api/v1/summary", b'{"title": "t"}', "application/json", 400, "invalid-request"),
    # text too long (the configured limit)
    (
        "POST",
        "/api/v1/summary",
        json.dumps({"text": "Word. " * (LIMIT // 5)}).encode(),
        "application/json",
        413,
        "input-too-large",
    ),
    # a body far over the request limit
    (
        "POST",
        "/api/v1/briefs",
        b'{"text": "' + b"x" * (LIMIT + 100_000) + b'"}',
        "application/json",
        413,
        "input-too-large",
    ),
    # unknown option
    (
        "POST",
        "/api/v1/summary",
        b'{"text": "A. B.", "options": {"colour": 1}}',
        "application/json",
        400,
        "invalid-request",
    ),
    # unknown id
    ("GET", "/api/v1/briefs/does-not-exist", None, None, 404, "not-found"),
    # unknown route under /api
    ("GET", "/api/v1/elsewhere", None, None, 404, "not-found"),
    # wrong method
    ("PUT", "/api/v1/summary", b"{}", "application/json", 405, "http-error"),
    # a date that is not one
    ("GET", "/api/v1/briefs?date=31-12-2020", None, None, 400, "invalid-request"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status", "slug"),
    [pytest.param(*case, id=f"{case[4]}-{case[5]}-{case[1]}") for case in BAD],
)
def test_bad_input_gets_a_problem_json_4xx_over_http(
    gunicorn: str,
    method: str,
    path: str,
    body: bytes | None,
    content_type: str | None,
    status: int,
    slug: str,
) -> None:
    code, media, _, answer = call(method, f"{gunicorn}{path}", body, content_type)
    assert (code, media) == (status, PROBLEM), answer[:300]
    problem = json.loads(answer)
    assert problem["status"] == status and problem["type"] == f"/problems/{slug}"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/summary", "application/json"),  # the API's problem+json
        ("/api/v1/briefs", "application/json"),
        ("/", "application/x-www-form-urlencoded"),  # the form's page
    ],
)
def test_a_body_over_the_limit_gets_413_even_from_urllib(
    gunicorn: str, path: str, content_type: str
) -> None:
    # urllib sends the whole body before it reads the answer: a server that answers and
    # closes with the body unread gives it "Broken pipe" instead of the 413
    body = json.dumps({"text": "word " * 1_000_000}).encode()  # 5 MB, limit 50 kB
    code, media, _, answer = call("POST", f"{gunicorn}{path}", body, content_type)
    assert code == 413
    if path.startswith("/api/"):
        assert media == PROBLEM
        assert json.loads(answer)["type"] == "/problems/input-too-large"
    else:
        assert b"too large" in answer


def test_briefing_serve_runs_the_same_app(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        status, media, _, body = call("GET", f"{base}/")
        assert (status, media) == (200, "text/html")
        assert b'name="text"' in body
        assert (tmp_path / "instance" / "briefing.sqlite3").is_file()
    finally:
        stop(process)


def test_the_form_works_whichever_worker_serves_each_request(gunicorn: str) -> None:
    # Two workers, a new connection per request: the page and its post land on either.
    # The CSRF token is signed with the app's secret, so both workers must share one.
    outcomes = []
    for attempt in range(12):
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(f"{gunicorn}/", timeout=30) as page:
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode())
        assert token, "the form has no CSRF field"
        text = f"Storm {attempt} hits the coast\n\nA storm hit the coast. Crews came {attempt}."
        body = urllib.parse.urlencode({"csrf_token": token.group(1), "text": text}).encode()
        try:
            with browser.open(f"{gunicorn}/", data=body, timeout=30) as answer:
                outcomes.append((answer.status, "/briefs/" in answer.geturl()))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, False))
    assert outcomes == [(200, True)] * 12


# -- what an operator sees: access lines, request ids, metrics of every worker ----------------


def test_the_procfile_logs_json_access_lines_and_sums_metrics_over_workers(
    tmp_path: Path,
) -> None:
    with procfile_web(tmp_path, BRIEFING_LOG_FORMAT="json") as (base, log):
        status, _, headers, _ = call(
            "GET", f"{base}/api/v1/briefs?limit=1", headers={"X-Request-ID": "probe-1"}
        )
        assert (status, headers["X-Request-ID"]) == (200, "probe-1")
        status, media, headers, body = call("GET", f"{base}/api/v1/briefs/missing")
        assert (status, media) == (404, PROBLEM)
        assert json.loads(body)["instance"] == f"urn:briefing:request:{headers['X-Request-ID']}"
        # many requests at once, so that both workers answer some
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: call("GET", f"{base}/api/v1/briefs?limit=1")[0],
                                    range(40)))  # fmt: skip
        assert set(answers) == {200}
        scrapes = []
        for _ in range(6):  # any worker may answer a scrape: each must count them all
            status, media, _, text = call("GET", f"{base}/metrics")
            assert (status, media) == (200, "text/plain")
            scrapes.append(text.decode())
        time.sleep(0.5)  # gunicorn writes its access line after the answer
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    counted = {
        float(line.rpartition(" ")[2])
        for text in scrapes
        for line in text.splitlines()
        if line.startswith("briefing_http_requests_total{")
        and 'route="/api/v1/briefs"' in line
        and 'status="200"' in line
    }
    assert counted == {41.0}, counted
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    [probe] = [line for line in access if line.get("request_id") == "probe-1"]
    assert (probe["method"], probe["path"], probe["status"]) == ("GET", "/api/v1/briefs", 200)
    assert isinstance(probe["duration_ms"], int)
    assert len({line["request_id"] for line in access}) == len(access)  # one id a request
