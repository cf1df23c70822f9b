"""Feeds and URLs on the command line, against a real site on loopback."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_server import ATOM_ITEMS, ENTRY_DAY, RSS_ITEMS, Site, load_articles, serve

from briefing.cli import main
from briefing.config import Settings
from briefing.service import Briefing


@pytest.fixture(scope="module")
def site(corpus: Path) -> Iterator[Site]:
    with serve(load_articles(corpus)) as running:
        yield running


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "BRIEFING_INSTANCE_PATH": str(tmp_path),
        "BRIEFING_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "BRIEFING_FETCH_TIMEOUT": "3",
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def digest_text(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def test_a_morning_brief_with_no_manual_upload(site: Site, env: dict[str, str], tmp_path: Path):
    # two feeds, one poll, one digest: what the README's crontab runs
    assert run(env, "feeds", "add", site.url("/rss.xml"), "--name", "Test RSS")[0] == 0
    assert run(env, "feeds", "add", site.url("/atom.xml"), "--name", "Test Atom")[0] == 0
    code, out, err = run(env, "feeds", "poll")
    assert (code, out, err) == (0, "", "")  # silent on success
    eml = tmp_path / "digest.eml"
    code, _, err = run(
        env, "digest", "--date", ENTRY_DAY.isoformat(), "--out", str(eml), "--if-empty", "fail"
    )
    assert code == 0, err
    text = " ".join(digest_text(eml).split())
    for n in RSS_ITEMS + ATOM_ITEMS:
        assert site.title(n) in text, n
    assert site.url("/a/0.html") in text  # the digest links to the article


def test_a_second_poll_stores_nothing_and_sends_the_etag(site: Site, tmp_path: Path) -> None:
    settings = Settings(instance_path=tmp_path, fetch_allow_hosts=("127.0.0.1",))
    briefing = Briefing(settings)
    archive, registry = briefing.archive, briefing.feeds
    try:
        registry.add(site.url("/rss.xml"))
        first = briefing.poll_feeds()
        assert len(first.stored) == len(RSS_ITEMS) and not first.errors
        assert archive.count(day=ENTRY_DAY) == len(RSS_ITEMS)  # stored under the entry date
        second = briefing.poll_feeds()
        assert second.stored == [] and second.errors == []
        feed_requests = [h for path, h in site.requests if path == "/rss.xml"]
        assert feed_requests[-1].get("If-None-Match") == '"/rss.xml-v1"'
        assert archive.count() == len(RSS_ITEMS)
        (feed,) = registry.list()
        assert feed.entries_today == len(RSS_ITEMS) and feed.last_error is None
    finally:
        briefing.close()


def test_entries_seen_in_another_feed_are_not_briefed_again(site: Site, tmp_path: Path):
    settings = Settings(instance_path=tmp_path, fetch_allow_hosts=("127.0.0.1", "localhost"))
    briefing = Briefing(settings)
    try:
        registry = briefing.feeds
        registry.add(site.url("/rss.xml"))
        assert len(briefing.poll_feeds().stored) == len(RSS_ITEMS)
        # the same feed under another address: same entry URLs, nothing fetched again
        registry.add(site.url("/rss.xml", host="localhost"))
        pages_before = sum(1 for path, _ in site.requests if path.startswith("/a/"))
        assert briefing.poll_feeds(force=True).stored == []
        assert sum(1 for path, _ in site.requests if path.startswith("/a/")) == pages_before
    finally:
        briefing.close()


def test_a_broken_feed_is_reported_and_the_others_still_polled(
    site: Site, env: dict[str, str]
) -> None:
    for path in ("/broken.xml", "/gone.xml", "/to-scheme/mailto", "/atom.xml"):
        assert run(env, "feeds", "add", site.url(path))[0] == 0
    code, out, err = run(env, "feeds", "poll")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3, err
    assert "broken.xml" in lines[0] and "cannot be read" in lines[0]
    assert "gone.xml" in lines[1] and "HTTP 500" in lines[1]
    # a feed that redirects out of the web is one problem; the feed after it is polled
    assert "to-scheme/mailto" in lines[2] and "mailto: address" in lines[2]
    listed = [json.loads(line) for line in run(env, "feeds", "list", "--json")[1].splitlines()]
    by_url = {feed["url"]: feed for feed in listed}
    assert by_url[site.url("/atom.xml")]["entries_today"] == len(ATOM_ITEMS)
    broken = by_url[site.url("/broken.xml")]
    assert broken["failures"] == 1 and broken["retry_at"] and broken["last_error"]
    # backoff: the failing feeds wait; the next poll does not ask them again
    asked = sum(1 for path, _ in site.requests if path == "/gone.xml")
    assert run(env, "feeds", "poll")[0] == 0
    assert sum(1 for path, _ in site.requests if path == "/gone.xml") == asked
    # --force retries them at once, and the wait doubles
    assert run(env, "feeds", "poll", "--force")[0] == 1
    listed = [json.loads(line) for line in run(env, "feeds", "list", "--json")[1].splitlines()]
    assert {f["url"]: f for f in listed}[site.url("/gone.xml")]["failures"] == 2


def test_feeds_are_added_listed_and_removed(site: Site, env: dict[str, str]) -> None:
    code, out, _ = run(env, "feeds", "add", site.url("/rss.xml"), "--name", "Wire")
    assert code == 0
    feed_id = out.strip()
    listing = run(env, "feeds", "list")[1]
    assert "Wire" in listing and "never" in listing
    assert run(env, "feeds", "remove", feed_id)[0] == 0
    assert run(env, "feeds", "list")[1] == ""
    code, _, err = run(env, "feeds", "remove", feed_id)
    assert code == 1 and err.startswith("briefing: error: no feed")
    code, _, err = run(env, "feeds", "add", "ftp://example.org/feed")
    assert code == 1 and "not an http or https address" in err


# -- a URL as the CLI's input -------------------------------------------------------------


def test_brief_and_ingest_take_a_url(site: Site, env: dict[str, str]) -> None:
    code, out, err = run(env, "brief", "--format", "json", site.url("/a/1.html"))
    assert code == 0, err
    data = json.loads(out)
    assert data["url"] == site.url("/a/1.html") and data["title"] == site.title(1)
    code, out, err = run(env, "ingest", "--date", "2026-11-29", site.url("/a/2.html"))
    assert code == 0, err
    code, out, _ = run(env, "brief", "--format", "text", site.url("/a/2.html"))
    assert site.title(2) in out


@pytest.mark.parametrize(
    ("path", "settings", "message"),
    [
        # loopback without the allow-list
        ("/a/0.html", {"BRIEFING_FETCH_ALLOW_HOSTS": ""}, "that address is on a private network"),
        ("/slow", {"BRIEFING_FETCH_TIMEOUT": "0.3"}, "the page did not answer in 0.3 s"),
        ("/endless", {"BRIEFING_FETCH_MAX_BYTES": "100000"}, "larger than 100,000 bytes"),
        ("/file.pdf", {}, "not an HTML or text page"),
        ("/hop/9", {}, "redirected more than 5 times"),
        ("/to-scheme/javascript", {}, "redirected to a javascript: address"),
        ("/to-scheme/about", {}, "redirected to a about: address"),
    ],
)
def test_refused_urls_give_one_line_and_exit_1(
    site: Site, env: dict[str, str], path: str, settings: dict[str, str], message: str
) -> None:
    code, out, err = run(env | settings, "brief", site.url(path))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
