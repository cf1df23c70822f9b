"""Deleting a brief (API and the page's button) and searching the archive, on each database.

Runs against SQLite and against the local PostgreSQL (a fresh schema per test; skipped
with a reason when no server answers), through the app as clients use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from postgres import archive_settings

from briefing import build_brief
from briefing.models import Brief, Evidence, Facts, Reaction
from briefing.store import Archive
from briefing.web import create_app


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    for settings in archive_settings(request.param, tmp_path / "instance", api_keys=("k",)):
        app = create_app(settings)
        try:
            yield app
        finally:
            app.extensions["briefing"].archive.close()


def archive(app: Flask) -> Archive:
    store: Archive = app.extensions["briefing"].archive
    return store


def brief(title: str, text: str, speaker: str | None = None, source: str | None = None) -> Brief:
    made = build_brief(text, title=title, source=source)
    if speaker:
        reaction = Reaction(speaker, None, "We are watching", "other", Evidence("x", 0, 1))
        made = replace(made, facts=Facts(reactions=(reaction,)))
    return made


def test_the_api_deletes_a_brief_with_the_key(app: Flask) -> None:
    client = app.test_client()
    stored = brief("Bridge reopens", "The bridge reopened. Drivers cheered.")
    archive(app).save(stored)
    url = f"/api/v1/briefs/{stored.id}"
    assert client.delete(url).status_code == 401  # keys are configured: none sent
    assert client.get(url).status_code == 200
    response = client.delete(url, headers={"Authorization": "Bearer k"})
    assert response.status_code == 204 and response.data == b""
    assert client.get(url).status_code == 404
    again = client.delete(url, headers={"Authorization": "Bearer k"})
    assert again.status_code == 404 and again.mimetype == "application/problem+json"


def _csrf(client: FlaskClient, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no delete form"
    return found.group(1)


def test_the_delete_button_needs_the_page_s_token(app: Flask) -> None:
    client = app.test_client()
    stored = brief("Harbour closes", "The harbour closed. Boats waited.")
    archive(app).save(stored)
    page = f"/briefs/{stored.id}"
    # the app has an API key: the button is the signed-in editor's (see test_access.py)
    signin = client.post("/signin", data={"csrf_token": _csrf(client, "/signin"), "key": "k"})
    assert signin.status_code == 303
    # the brief's page links to a page that asks first, naming the headline
    assert f'href="{page}/delete"' in client.get(page).get_data(as_text=True)
    asking = unescape(client.get(f"{page}/delete").get_data(as_text=True))
    assert "Delete this brief?" in asking and "“Harbour closes”" in asking
    assert archive(app).exists(stored.id)  # asking deletes nothing
    token = _csrf(client, f"{page}/delete")
    # a forged post (no token, or a foreign origin) deletes nothing
    assert client.post(f"{page}/delete", data={"csrf_token": "forged" * 8}).status_code == 400
    foreign = client.post(
        f"{page}/delete", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 400
    assert archive(app).exists(stored.id)
    response = client.post(f"{page}/delete", data={"csrf_token": token})
    assert response.status_code == 303
    assert not archive(app).exists(stored.id)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deleted “Harbour closes”." in unescape(shown)  # the headline, not the id
    # said once: the notice does not come back on the next visit
    assert "Deleted" not in client.get("/briefs").get_data(as_text=True)


def test_the_archive_searches_text_speakers_and_filters(app: Flask) -> None:
    client = app.test_client()
    store = archive(app)
    store.save(
        brief("Army advances", "The army advanced on Mosul. Officials spoke.", source="Wire"),
        day=dt.date(2020, 1, 3),
    )
    store.save(
        brief("Talks resume", "Talks resumed. Nobody left.", speaker="Mike Pompeo", source="Post"),
        day=dt.date(2020, 1, 9),
    )

    def titles(query: str) -> list[str]:
        html = client.get(f"/briefs?{query}").get_data(as_text=True)
        found = re.findall(r'<a class="title" href="/briefs/[^"]+">(.*?)</a>', html)
        return [re.sub(r"</?mark>", "", title) for title in found]

    assert titles("q=Mosul") == ["Army advances"]  # a word of the text
    assert titles("q=pompeo") == ["Talks resume"]  # a speaker
    assert titles("q=wire") == ["Army advances"]  # a source
    assert titles("source=Post") == ["Talks resume"]
    assert titles("since=2020-01-04") == ["Talks resume"]
    assert titles("until=2020-01-04") == ["Army advances"]
    assert titles("since=2020-01-01&until=2020-01-31") == ["Talks resume", "Army advances"]
    assert "is not a date" in client.get("/briefs?since=soon").get_data(as_text=True)
    # the pages' own date format reads back, and a reversed range is said, not "no match"
    assert titles("since=4+Jan+2020") == ["Talks resume"]
    reversed_range = unescape(client.get("/briefs?since=2020-01-31&until=2020-01-01").text)
    assert "From (31 Jan 2020) is after To (1 Jan 2020)" in reversed_range
    assert "No brief matches" not in reversed_range
    api = client.get("/api/v1/briefs?q=pompeo&since=2020-01-01").get_json()
    assert [item["title"] for item in api["items"]] == ["Talks resume"] and api["total"] == 1
