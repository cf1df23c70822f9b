"""Web writes behind keys: with BRIEFING_API_KEYS set, the form's store and the delete
button need a signed-in session, as the API needs the key; reading stays open unless
BRIEFING_READ_KEYS is set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing.config import Settings
from briefing.web import create_app

STORY = "Storm hits the coast\n\nA storm hit the coast on Monday. Crews came in the night."
WRITE = {"Authorization": "Bearer writer-key"}


def make_app(tmp_path: Path, **changes: Any) -> Flask:
    settings = Settings(instance_path=tmp_path, secret_key="s" * 32, **changes)
    return create_app(settings)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path, api_keys=("writer-key",))
    yield app
    app.extensions["briefing"].close()


def token(client: FlaskClient, path: str = "/") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, key: str, next_path: str = "/") -> Any:
    return client.post(
        "/signin", data={"csrf_token": token(client, "/signin"), "key": key, "next": next_path}
    )


def stored_id(client: FlaskClient) -> str:
    answer = client.post("/api/v1/briefs", json={"text": STORY}, headers=WRITE)
    assert answer.status_code == 201
    return str(answer.get_json()["id"])


def test_the_form_stores_nothing_without_a_key_and_keeps_what_was_typed(
    client: FlaskClient,
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "needs a key" in page and 'href="/signin' in page
    answer = client.post("/", data={"csrf_token": token(client), "text": STORY, "title": "Mine"})
    assert answer.status_code == 403
    page = answer.get_data(as_text=True)
    assert "needs a key: sign in" in page
    assert 'value="Mine"' in page and "A storm hit the coast" in page
    assert client.get("/api/v1/briefs").get_json()["total"] == 0


def test_the_delete_button_needs_a_key_and_the_brief_stays(client: FlaskClient) -> None:
    brief_id = stored_id(client)
    page = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    assert "Delete this brief" not in page  # no button to press without a key
    # a hand-made post, with a valid CSRF token: refused all the same
    answer = client.post(f"/briefs/{brief_id}/delete", data={"csrf_token": token(client)})
    assert answer.status_code == 403
    assert "needs a key" in answer.get_data(as_text=True)
    assert client.get(f"/api/v1/briefs/{brief_id}").status_code == 200


def test_signed_in_with_the_key_the_form_stores_and_the_button_deletes(
    client: FlaskClient,
) -> None:
    brief_id = stored_id(client)
    answer = sign_in(client, "writer-key", f"/briefs/{brief_id}")
    assert (answer.status_code, answer.headers["Location"]) == (303, f"/briefs/{brief_id}")
    page = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    assert "Delete this brief" in page and "Signed in" in page
    deleted = client.post(f"/briefs/{brief_id}/delete", data={"csrf_token": token(client)})
    assert deleted.status_code == 303
    assert client.get(f"/api/v1/briefs/{brief_id}").status_code == 404
    stored = client.post("/", data={"csrf_token": token(client), "text": STORY})
    assert stored.status_code == 303
    # signing out takes the right away again
    client.post("/signout", data={"csrf_token": token(client, "/signin")})
    again = client.post("/", data={"csrf_token": token(client), "text": STORY + " More."})
    assert again.status_code == 403


@pytest.mark.parametrize("key", ["wrong", "", "writer-key "[:-2]])
def test_a_wrong_key_signs_nobody_in(client: FlaskClient, key: str) -> None:
    answer = sign_in(client, key)
    assert answer.status_code == 403
    assert "not one of this site's keys" in unescape(answer.get_data(as_text=True))
    assert client.post("/", data={"csrf_token": token(client), "text": STORY}).status_code == 403


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_sign_in_never_sends_the_browser_to_another_site(client: FlaskClient, target: str) -> None:
    answer = sign_in(client, "writer-key", target)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/")


def test_a_key_taken_out_of_the_settings_signs_its_sessions_out(tmp_path: Path) -> None:
    first = make_app(tmp_path, api_keys=("old-key",))
    client = first.test_client()
    assert sign_in(client, "old-key").status_code == 303
    cookie = client.get_cookie("briefing_session")
    assert cookie is not None
    rotated = make_app(tmp_path, api_keys=("new-key",)).test_client()
    rotated.set_cookie("briefing_session", cookie.value)
    answer = rotated.post("/", data={"csrf_token": token(rotated), "text": STORY})
    assert answer.status_code == 403


def test_without_keys_the_pages_need_no_sign_in(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    assert "Sign in" not in client.get("/").get_data(as_text=True)
    assert client.post("/", data={"csrf_token": token(client), "text": STORY}).status_code == 303


# -- BRIEFING_READ_KEYS: reading behind a key too ----------------------------------------------


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path, api_keys=("writer-key",), read_keys=("reader-key",))
    yield app
    app.extensions["briefing"].close()


@pytest.mark.parametrize("path", ["/", "/briefs", "/feeds", "/digest/latest"])
def test_with_read_keys_pages_send_strangers_to_sign_in(private: Flask, path: str) -> None:
    answer = private.test_client().get(path)
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith("/signin?next=")


@pytest.mark.parametrize("path", ["/api/v1/briefs", "/api/v1/feeds", "/api/v1/openapi.json"])
def test_with_read_keys_api_reads_need_a_bearer_key(private: Flask, path: str) -> None:
    client = private.test_client()
    answer = client.get(path)
    assert (answer.status_code, answer.mimetype) == (401, "application/problem+json")
    for key in ("reader-key", "writer-key"):
        assert client.get(path, headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_with_read_keys_the_probes_stay_open(private: Flask) -> None:
    client = private.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/signin").status_code == 200


def test_a_read_key_reads_but_neither_stores_nor_deletes(private: Flask) -> None:
    client = private.test_client()
    answer = client.post("/api/v1/briefs", json={"text": STORY}, headers=WRITE)
    brief_id = answer.get_json()["id"]
    assert sign_in(client, "reader-key", "/briefs").status_code == 303
    assert client.get("/briefs").status_code == 200
    assert client.get(f"/briefs/{brief_id}").status_code == 200
    refused = client.post(f"/briefs/{brief_id}/delete", data={"csrf_token": token(client)})
    assert refused.status_code == 403
    stored = client.post("/", data={"csrf_token": token(client), "text": STORY + " Again."})
    assert stored.status_code == 403
    api_write = client.post(
        "/api/v1/briefs", json={"text": STORY}, headers={"Authorization": "Bearer reader-key"}
    )
    assert api_write.status_code == 401
