"""Input the database cannot hold is a 4xx on every store, SQLite and PostgreSQL alike.

PostgreSQL refuses a NUL character in text and an id longer than its column; such input
used to reach it and come back as "the archive is unavailable" (503).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from postgres import archive_settings

from briefing.cli import main
from briefing.config import Settings
from briefing.web import create_app

STORY = "Storm hits the coast\n\nA storm hit the coast on Monday. Crews came in the night."


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    for settings in archive_settings(request.param, tmp_path / "instance"):
        app = create_app(settings)
        yield app
        app.extensions["briefing"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/briefs/%00", 404),  # an id nothing can be stored under: not found
        ("/api/v1/briefs/%00", 404),
        ("/api/v1/briefs/" + "x" * 300, 404),
        ("/api/v1/jobs/%00", 404),
        ("/api/v1/jobs/" + "j" * 100, 404),
        ("/briefs/%00/download/eml", 404),
        ("/briefs?source=%00", 400),  # a filter holding NUL: refused, said so
        ("/briefs?q=storm%00", 400),
        ("/api/v1/briefs?source=%00", 400),
        ("/api/v1/briefs?q=%00", 400),
    ],
)
def test_reads_the_database_cannot_hold_are_4xx(
    client: FlaskClient, path: str, status: int
) -> None:
    answer = client.get(path)
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]


@pytest.mark.parametrize(
    "body",
    [
        {"text": STORY, "title": "Storm\x00"},
        {"text": STORY, "source": "Wire\x00"},
        {"text": STORY, "author": "\x00"},
        {"text": STORY, "id": "a\x00b"},
        {"text": STORY, "id": "x" * 201},
        {"text": STORY, "title": "T" * 501},
    ],
)
def test_writes_the_database_cannot_hold_are_400(client: FlaskClient, body: dict[str, str]) -> None:
    answer = client.post("/api/v1/briefs", json=body)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/problem+json"


def test_a_batch_line_with_an_id_over_200_characters_is_that_line_s_error(
    client: FlaskClient,
) -> None:
    lines = [{"id": "ok", "text": STORY}, {"id": "x" * 250, "text": STORY}]
    body = "\n".join(json.dumps(line) for line in lines)
    answer = client.post("/api/v1/batches", data=body, content_type="application/x-ndjson")
    assert answer.status_code == 201, answer.get_data(as_text=True)[:300]
    job = answer.get_json()
    assert (job["done"], job["failed"]) == (1, 1)
    assert "longer than 200 characters" in job["errors"][0]["error"]


@pytest.mark.parametrize("field", ["title", "source"])
def test_the_form_refuses_a_nul_with_a_message_and_keeps_the_text(
    client: FlaskClient, field: str
) -> None:
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    answer = client.post("/", data={"csrf_token": token.group(1), "text": STORY, field: "a\x00"})
    assert answer.status_code == 400
    assert "NUL character" in answer.get_data(as_text=True)
    assert "A storm hit the coast" in answer.get_data(as_text=True)


# -- a read-only archive: served read-only, or refused with what to do -------------------------


def read_only_url(backend: str, settings: Settings) -> str:
    """The same archive, opened so that the database refuses every write."""
    if backend == "sqlite":
        path = settings.instance_path / "briefing.sqlite3"
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    return str(settings.database_url) + quote(" -cdefault_transaction_read_only=on")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_read_only_archive_is_served_read_only(backend: str, tmp_path: Path) -> None:
    for settings in archive_settings(backend, tmp_path / "instance", api_keys=("k",)):
        writable = create_app(settings)
        stored = writable.test_client().post(
            "/api/v1/briefs", json={"text": STORY}, headers={"Authorization": "Bearer k"}
        )
        assert stored.status_code == 201
        brief_id = stored.get_json()["id"]
        writable.extensions["briefing"].close()

        app = create_app(settings.with_changes(database_url=read_only_url(backend, settings)))
        try:
            client = app.test_client()
            # reading works
            assert client.get(f"/api/v1/briefs/{brief_id}").status_code == 200
            assert brief_id in client.get("/briefs").get_data(as_text=True)
            # writing is refused, saying why and what to do
            refused = client.post(
                "/api/v1/briefs",
                json={"text": STORY + " More."},
                headers={"Authorization": "Bearer k"},
            )
            assert refused.status_code == 503
            body = refused.get_json() if refused.is_json else json.loads(refused.get_data())
            assert body["type"] == "/problems/archive-read-only"
            assert "give briefing write access" in body["detail"]
            deleted = client.delete(
                f"/api/v1/briefs/{brief_id}", headers={"Authorization": "Bearer k"}
            )
            assert deleted.status_code == 503
            assert client.get(f"/api/v1/briefs/{brief_id}").status_code == 200
        finally:
            app.extensions["briefing"].close()


def test_a_read_only_archive_without_tables_refuses_to_start_saying_what_to_do(
    tmp_path: Path,
) -> None:
    for settings in archive_settings("postgresql", tmp_path / "instance"):
        url = read_only_url("postgresql", settings)
        result = CliRunner().invoke(
            main,
            ["serve", "--port", "9"],
            env={"DATABASE_URL": url, "BRIEFING_INSTANCE_PATH": str(tmp_path)},
        )
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert "read-only" in lines[0] and "give briefing write access" in lines[0]
