"""A URL as input on the web (form and API), the feeds page and the feeds API."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from site_server import ENTRY_DAY, RSS_ITEMS, Site, load_articles, serve

from briefing.config import Settings
from briefing.web import create_app

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def site(corpus: Path) -> Iterator[Site]:
    with serve(load_articles(corpus)) as running:
        yield running


def fetch_settings(tmp_path: Path, **changes: Any) -> Settings:
    return Settings(
        instance_path=tmp_path,
        fetch_allow_hosts=("127.0.0.1",),
        fetch_timeout=3.0,
        fetch_connect_timeout=1.0,
    ).with_changes(**changes)


def make_app(tmp_path: Path, **changes: Any) -> Flask:
    return create_app(fetch_settings(tmp_path, **changes))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The shared app and client fixtures (conftest.py) run with these fetch settings."""
    return fetch_settings(tmp_path)


def csrf(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def problem(response: Any, status: int, slug: str, detail: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = json.loads(response.get_data(as_text=True))
    assert body["type"] == f"/problems/{slug}" and detail in body["detail"]


# -- the form -----------------------------------------------------------------------------


def test_a_url_pasted_in_the_form_is_fetched_and_linked(site: Site, client: FlaskClient):
    url = site.url("/a/1.html")
    response = client.post(
        "/",
        data={"csrf_token": csrf(client), "text": f"  {url}\n"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert f"<h1>{site.title(1)}</h1>" in page  # the page's headline, not the URL
    assert f'href="{url}"' in page and "Original article" in page
    archive = unescape(client.get("/briefs").get_data(as_text=True))
    assert f'href="{url}"' in archive


@pytest.mark.parametrize(
    ("path", "changes", "message"),
    [
        ("/a/0.html", {"fetch_allow_hosts": ()}, "that address is on a private network"),
        ("/slow", {"fetch_timeout": 0.3}, "the page did not answer in 0.3 s"),
        ("/file.pdf", {}, "not an HTML or text page"),
        ("/to-scheme/mailto", {}, "the page redirected to a mailto: address"),
    ],
)
def test_refused_urls_are_explained_in_the_form(
    site: Site, tmp_path: Path, path: str, changes: dict[str, Any], message: str
) -> None:
    app = make_app(tmp_path, **changes)
    try:
        client = app.test_client()
        url = site.url(path)
        response = client.post(
            "/", data={"csrf_token": csrf(client), "text": url}, content_type="multipart/form-data"
        )
        assert 400 <= response.status_code < 500
        page = unescape(response.get_data(as_text=True))
        assert message.capitalize() in page or message in page
        assert url in page  # the address is kept in the form
    finally:
        app.extensions["briefing"].close()


# -- the API ------------------------------------------------------------------------------


def test_summary_and_briefs_take_a_url(site: Site, client: FlaskClient) -> None:
    url = site.url("/a/2.html")
    response = client.post("/api/v1/summary", json={"url": url, "options": {"sentences": 2}})
    assert response.status_code == 200, response.get_data(as_text=True)
    brief = response.get_json()
    assert brief["url"] == url and brief["title"] == site.title(2)
    assert len(brief["summary"]) == 2
    stored = client.post("/api/v1/briefs", json={"url": url})
    assert stored.status_code == 201
    again = client.get(stored.headers["Location"]).get_json()
    assert again["url"] == url


@pytest.mark.parametrize(
    ("body", "status", "slug", "detail"),
    [
        # loopback with the allow-list not naming it
        ({"url": "http://localhost:9/x"}, 403, "private-address", "private network"),
        # the cloud metadata service
        ({"url": "http://169.254.169.254/"}, 403, "private-address", "link-local"),
        ({"url": "file:///etc/passwd"}, 400, "bad-url", "only http and https"),
        # a page that redirects to javascript: (was a 500: httpx.InvalidURL)
        ({"url": "SITE/to-scheme/javascript"}, 400, "bad-url", "javascript: address"),
        # url and text together
        ({"url": "http://127.0.0.1/", "text": "Two. Sentences."}, 400, "invalid-request", ""),
    ],
)
def test_refused_urls_are_problem_json(
    site: Site, client: FlaskClient, body: dict[str, str], status: int, slug: str, detail: str
) -> None:
    body = {k: v.replace("SITE", site.url("")) for k, v in body.items()}
    problem(client.post("/api/v1/summary", json=body), status, slug, detail)


def test_a_batch_line_that_redirects_out_of_the_web_is_that_line_s_error(
    site: Site, client: FlaskClient
) -> None:
    lines = [
        {"id": "bad", "url": site.url("/to-scheme/about")},
        {"id": "good", "url": site.url("/a/2.html")},
    ]
    body = "\n".join(json.dumps(line) for line in lines)
    response = client.post("/api/v1/batches", data=body, content_type="application/x-ndjson")
    assert response.status_code == 201, response.get_data(as_text=True)
    job = response.get_json()
    assert (job["state"], job["done"], job["failed"]) == ("done", 1, 1)
    assert "about: address" in job["errors"][0]["error"]


def test_endless_pages_and_wrong_types_are_problem_json(site: Site, tmp_path: Path) -> None:
    app = make_app(tmp_path, fetch_max_bytes=100_000)
    try:
        client = app.test_client()
        endless = client.post("/api/v1/summary", json={"url": site.url("/endless")})
        problem(endless, 413, "page-too-large", "larger than 100,000 bytes")
        pdf = client.post("/api/v1/briefs", json={"url": site.url("/file.pdf")})
        problem(pdf, 415, "unsupported-content-type", "application/pdf")
    finally:
        app.extensions["briefing"].close()


# -- feeds page and API -------------------------------------------------------------------


def test_the_feeds_page_shows_last_poll_errors_and_entries_today(
    site: Site, app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        from briefing.web.state import current_briefing

        briefing = current_briefing()
        briefing.feeds.add(site.url("/rss.xml"), "Wire service")
        briefing.feeds.add(site.url("/broken.xml"), "Broken one")
        report = briefing.poll_feeds()
    assert len(report.stored) == len(RSS_ITEMS) and len(report.errors) == 1
    page = unescape(client.get("/feeds").get_data(as_text=True))
    wire = page[page.index("Wire service") :]
    wire = wire[: wire.index("</tr>")]
    assert re.search(
        r"<td class=\"when\" data-label=\"Last polled\">(\d{1,2} \w{3} \d{4} )?\d\d:\d\d UTC", wire
    )
    assert f'data-label="Entries today">{len(RSS_ITEMS)}</td>' in wire
    broken = page[page.index("Broken one") :]
    assert "the feed cannot be read" in broken[: broken.index("</tr>")]
    # the polled entries are the digest of their entry date
    digest = client.get(f"/api/v1/digests/{ENTRY_DAY.isoformat()}").get_json()
    assert digest["article_count"] == len(RSS_ITEMS)


def test_the_feeds_api_adds_lists_and_removes(site: Site, client: FlaskClient) -> None:
    added = client.post("/api/v1/feeds", json={"url": site.url("/atom.xml"), "name": "Atom"})
    assert added.status_code == 201
    feed = added.get_json()
    assert feed["name"] == "Atom" and feed["last_polled_at"] is None
    listed = client.get("/api/v1/feeds").get_json()["feeds"]
    assert [f["url"] for f in listed] == [site.url("/atom.xml")]
    assert client.delete(f"/api/v1/feeds/{feed['id']}").status_code == 204
    assert client.get("/api/v1/feeds").get_json() == {"feeds": []}
    problem(client.delete(f"/api/v1/feeds/{feed['id']}"), 404, "not-found", "no feed")
    problem(client.post("/api/v1/feeds", json={"url": "ftp://x/"}), 400, "bad-option", "http")
    problem(client.post("/api/v1/feeds", json={"name": "x"}), 400, "invalid-request", "url")


def test_feed_writes_need_a_key_when_keys_are_set(site: Site, tmp_path: Path) -> None:
    app = make_app(tmp_path, api_keys=("k-one",))
    try:
        client = app.test_client()
        body = {"url": site.url("/rss.xml")}
        problem(client.post("/api/v1/feeds", json=body), 401, "unauthorized", "API key")
        added = client.post("/api/v1/feeds", json=body, headers={"Authorization": "Bearer k-one"})
        assert added.status_code == 201
        feed_id = added.get_json()["id"]
        problem(client.delete(f"/api/v1/feeds/{feed_id}"), 401, "unauthorized", "API key")
        deleted = client.delete(
            f"/api/v1/feeds/{feed_id}", headers={"Authorization": "Bearer k-one"}
        )
        assert deleted.status_code == 204
    finally:
        app.extensions["briefing"].close()
