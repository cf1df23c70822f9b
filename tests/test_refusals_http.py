"""Refusals over real HTTP, on both servers: the Procfile's gunicorn and ``briefing serve``.

Each refused request is answered at once (within the client's timeout, which is far below
the 30-120 s a client used to wait on ``briefing serve``), with the documented status, and
the form comes back filled in. Bodies over the limit are refused with 413 whether their
length is declared or they come in chunks: never cut at the limit and parsed.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html import unescape

import pytest
from test_gunicorn import (
    LIMIT,
    environment,
    free_port,
    multipart,
    procfile_web,
    stop,
    wait_until_up,
)

#: generous: a refusal takes milliseconds; a hang would take until the client gives up
ANSWER_WITHIN = 20
#: seconds a client may take to send its body, in these servers
BODY_TIMEOUT = 3


@pytest.fixture(scope="module", params=["gunicorn", "serve"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp(request.param)
    if request.param == "gunicorn":
        with procfile_web(tmp_path, BRIEFING_BODY_TIMEOUT=str(BODY_TIMEOUT)) as (base, _log):
            yield base
        return
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=environment(tmp_path, BRIEFING_BODY_TIMEOUT=str(BODY_TIMEOUT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        stop(process)


class Browser:
    """A browser's view of the form: cookies kept, the CSRF token read from the page."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def token(self) -> str:
        with self.opener.open(f"{self.base}/", timeout=ANSWER_WITHIN) as page:
            found = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode())
        assert found, "the form has no CSRF field"
        return found.group(1)

    def post(self, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(f"{self.base}/", data=body, method="POST")
        request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=ANSWER_WITHIN) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def send_form(self, **fields: str) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrf_token": self.token(), **fields}).encode()
        return self.post(body, "application/x-www-form-urlencoded")


def field(page: str, name: str) -> str:
    if name == "text":
        match = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    else:
        match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no {name} field on the page"
    return unescape(match.group(1))


def error_of(page: str) -> str:
    match = re.search(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    assert match, "no error message on the page"
    return unescape(match.group(1)).strip()


def test_a_private_address_in_the_form_is_refused_at_once(server: str) -> None:
    status, page = Browser(server).send_form(text="http://127.0.0.1:9/article", title="Mine")
    assert status == 403
    assert "private" in error_of(page)
    assert field(page, "title") == "Mine"


def test_a_binary_file_named_txt_is_refused_at_once(server: str) -> None:
    browser = Browser(server)
    body, content_type = multipart(
        {"csrf_token": browser.token(), "title": "Kept"},
        {"file": ("notes.txt", bytes(range(256)) * 40)},
    )
    status, page = browser.post(body, content_type)
    assert status == 415
    assert "binary" in error_of(page)
    assert field(page, "title") == "Kept"


@pytest.mark.parametrize(
    "size",
    [
        3 * LIMIT // 2,  # over the article limit, inside what the form reads
        20 * LIMIT,  # over anything the form reads: refused before parsing
    ],
)
def test_a_paste_over_the_limit_keeps_everything_typed(server: str, size: int) -> None:
    text = ("Word. " * size)[:size]
    status, page = Browser(server).send_form(
        text=text, title="My headline", source="Wire", sentences="3", method="lexrank"
    )
    assert status == 413
    assert "too large" in error_of(page).lower() or "limit" in error_of(page)
    assert "first 50 kB" in error_of(page)
    assert field(page, "text") == text[:LIMIT]
    assert (field(page, "title"), field(page, "source")) == ("My headline", "Wire")
    assert field(page, "sentences") == "3"
    assert re.search(r'<option value="lexrank" selected', page)


def chunked_post(base: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    """POST ``body`` with Transfer-Encoding: chunked (no Content-Length)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=ANSWER_WITHIN)
    pieces = (body[i : i + 16384] for i in range(0, len(body), 16384))
    try:
        connection.request(
            "POST", path, body=pieces, headers={"Content-Type": content_type}, encode_chunked=True
        )
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_a_chunked_json_body_over_the_limit_is_413_not_bad_json(server: str) -> None:
    body = json.dumps({"text": "word " * (20 * LIMIT // 5)}).encode()
    status, answer = chunked_post(server, "/api/v1/summary", body, "application/json")
    assert status == 413
    assert json.loads(answer)["type"] == "/problems/input-too-large"


def test_a_chunked_json_body_inside_the_limit_is_briefed(server: str) -> None:
    text = "Storm hits the coast\n\n" + "A storm hit the coast on Monday. Crews came. " * 20
    status, answer = chunked_post(
        server, "/api/v1/summary", json.dumps({"text": text}).encode(), "application/json"
    )
    assert status == 200, answer[:300]
    assert json.loads(answer)["title"] == "Storm hits the coast"


def test_a_chunked_batch_over_the_limit_is_refused_whole(server: str) -> None:
    # 150 lines, three times the limit: none is taken, none is lost silently
    line = json.dumps({"text": "A storm hit the coast. Crews came. " * (LIMIT // 100)})
    body = "\n".join([line] * 150).encode()
    status, answer = chunked_post(server, "/api/v1/batches", body, "application/x-ndjson")
    assert status == 413
    assert json.loads(answer)["type"] == "/problems/input-too-large"


def trickle(base: str, stop: threading.Event, answers: list[int]) -> None:
    """A client that sends its body one byte a second, as a slow-loris attack does."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            b"POST /api/v1/summary HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n"
        )
        try:
            while not stop.is_set():
                sock.sendall(b" ")
                if select.select([sock], [], [], 1.0)[0]:
                    break  # the server answered (or closed): stop sending
            answer = sock.recv(200)
        except OSError:
            answer = b""
    status = answer.split(b" ", 2)[1] if answer.startswith(b"HTTP/") else b"0"
    answers.append(int(status))


def test_slow_clients_hold_no_worker_and_healthz_answers(server: str) -> None:
    # ten connections sending a byte a second: more than the Procfile's 2 x 4 threads
    stop = threading.Event()
    answers: list[int] = []
    clients = [threading.Thread(target=trickle, args=(server, stop, answers)) for _ in range(10)]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        health = []
        for _ in range(5):
            try:
                with urllib.request.urlopen(f"{server}/healthz", timeout=5) as answer:
                    health.append(answer.status)
            except (OSError, urllib.error.URLError):
                health.append(0)
        assert health == [200] * 5
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)
    # each slow client was told why: the body was not sent in time
    assert answers == [408] * 10
