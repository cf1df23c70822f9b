"""The feeds page's forms: add, remove and poll, CSRF-checked and keyed like the API."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from site_server import RSS_ITEMS, Site, load_articles, serve

from briefing.config import Settings
from briefing.store.feeds import Feed
from briefing.web import create_app
from briefing.web.feeds import feed_row


@pytest.fixture(scope="module")
def site(corpus: Path) -> Iterator[Site]:
    with serve(load_articles(corpus)) as running:
        yield running


def make_app(tmp_path: Path, **changes: object) -> Flask:
    settings = Settings(
        instance_path=tmp_path, fetch_allow_hosts=("127.0.0.1",), fetch_timeout=3.0
    ).with_changes(**changes)
    return create_app(settings)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path)
    yield app
    app.extensions["briefing"].close()


def token(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/feeds").text)
    assert found
    return found.group(1)


def said(page: str, kind: str) -> list[str]:
    return [unescape(m) for m in re.findall(rf'<p class="{kind}"[^>]*>(.*?)</p>', page, re.S)]


def test_a_feed_is_added_polled_and_removed(app: Flask, site: Site) -> None:
    client = app.test_client()
    csrf = token(client)
    added = client.post("/feeds", data={"csrf_token": csrf, "url": site.url("/rss.xml")})
    assert added.status_code == 303 and added.headers["Location"].startswith("/feeds#feed-")
    feed_id = added.headers["Location"].rsplit("-", 1)[1]
    page = client.get("/feeds").text
    assert said(page, "notice") == [
        f"Added “{site.url('/rss.xml')}”. Poll it now, or wait for the next scheduled poll."
    ]
    polled = client.post(f"/feeds/{feed_id}/poll", data={"csrf_token": csrf})
    assert polled.status_code == 303
    notice = said(client.get("/feeds").text, "notice")
    assert notice == [f"Polled “{site.url('/rss.xml')}”: {len(RSS_ITEMS)} new briefs."]
    again = client.post(f"/feeds/{feed_id}/poll", data={"csrf_token": csrf})
    assert again.status_code == 303
    # nothing new since (the site answers 304 to the validators): nothing briefed twice
    assert said(client.get("/feeds").text, "notice")[0].endswith(": 0 new briefs.")
    removed = client.post(f"/feeds/{feed_id}/remove", data={"csrf_token": csrf})
    assert removed.status_code == 303
    assert app.extensions["briefing"].feeds.list() == []
    # its briefs stay in the archive
    assert app.extensions["briefing"].archive.count() == len(RSS_ITEMS)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("", 400, "Type the feed's address."),
        ("ftp://example.org/x", 400, "'ftp://example.org/x' is not an http or https address."),
        ("http://10.0.0.8/rss", 403, "on a private network"),  # the safe fetcher's check
        ("http://[::1]:80/rss", 403, "on a private network"),
        ("https://example.org:99999/rss", 400, "has no valid port"),
    ],
)
def test_a_refused_address_is_said_and_the_boxes_keep_what_was_typed(
    app: Flask, url: str, status: int, message: str
) -> None:
    client = app.test_client()
    answer = client.post("/feeds", data={"csrf_token": token(client), "url": url, "name": "N"})
    assert answer.status_code == status
    assert message in said(answer.text, "error")[0]
    assert 'name="name" maxlength="500" value="N"' in answer.text
    assert f'value="{url}"' in answer.text or not url
    assert app.extensions["briefing"].feeds.list() == []


def test_a_post_without_the_page_s_token_changes_nothing(app: Flask, site: Site) -> None:
    client = app.test_client()
    feed = app.extensions["briefing"].add_feed(site.url("/rss.xml"), "Wire")
    for path in ("/feeds", f"/feeds/{feed.id}/remove", f"/feeds/{feed.id}/poll"):
        answer = client.post(path, data={"csrf_token": "forged", "url": site.url("/atom.xml")})
        assert answer.status_code == 400, path
        assert "expired or was sent from another site" in said(answer.text, "error")[0]
    assert [f.name for f in app.extensions["briefing"].feeds.list()] == ["Wire"]


def test_with_keys_set_the_page_needs_a_signed_in_browser(tmp_path: Path, site: Site) -> None:
    app = make_app(tmp_path, api_keys=("k-one",))
    try:
        client = app.test_client()
        csrf = token(client)
        assert 'href="/signin' in client.get("/feeds").text  # where to sign in
        refused = client.post("/feeds", data={"csrf_token": csrf, "url": site.url("/rss.xml")})
        assert refused.status_code == 403
        assert "needs a key: sign in" in said(refused.text, "error")[0]
        assert site.url("/rss.xml") in refused.text  # what was typed is kept
        signin = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text)
        assert signin
        answer = client.post("/signin", data={"csrf_token": signin.group(1), "key": "k-one"})
        assert answer.status_code == 303
        added = client.post("/feeds", data={"csrf_token": csrf, "url": site.url("/rss.xml")})
        assert added.status_code == 303
        # another browser (not signed in) is still refused
        other = app.test_client()
        assert (
            other.post("/feeds", data={"csrf_token": token(other), "url": "https://x.org/"})
        ).status_code == 403
    finally:
        app.extensions["briefing"].close()


NOW = dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("retry_at", "polled_at", "retry", "polled"),
    [
        (NOW + dt.timedelta(minutes=30), NOW, "Next try in 30 min, at 17:00 UTC", "16:30 UTC"),
        (NOW + dt.timedelta(hours=5), NOW, "Next try in 5 h, at 21:30 UTC", "16:30 UTC"),
        (
            NOW + dt.timedelta(hours=9),  # tomorrow: the day is said
            NOW - dt.timedelta(days=1),
            "Next try in 9 h, at 8 Dec 2026 01:30 UTC",
            "6 Dec 2026 16:30 UTC",
        ),
        (NOW - dt.timedelta(minutes=5), NOW, "Tried again at the next poll", "16:30 UTC"),
    ],
)
def test_the_next_retry_is_said_as_the_future(
    app: Flask, retry_at: dt.datetime, polled_at: dt.datetime, retry: str, polled: str
) -> None:
    feed = Feed(1, "https://x.org/rss", "X", polled_at, "HTTP 503", 2, retry_at)
    with app.test_request_context():
        row = feed_row(feed, NOW)
    assert (row["retry"], row["polled"]) == (retry, polled)
