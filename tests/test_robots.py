"""robots.txt is honoured for feeds and their entries (not for an address a person gives),
read once per host and kept, and ignored for one's own sites."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from site_server import RSS_ITEMS, Site, load_articles, serve

from briefing.config import Settings
from briefing.errors import RobotsDisallowedError
from briefing.request import ArticleRequest
from briefing.robots import RobotsRules
from briefing.service import Briefing


@pytest.fixture
def site(corpus: Path) -> Iterator[Site]:
    with serve(load_articles(corpus)) as running:
        yield running


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_path=tmp_path, fetch_allow_hosts=("127.0.0.1",), fetch_timeout=3.0)


def _robots_requests(site: Site) -> int:
    return sum(1 for path, _ in site.requests if path == "/robots.txt")


def test_an_entry_robots_txt_disallows_is_not_fetched_and_the_others_are(
    site: Site, settings: Settings
) -> None:
    site.robots = b"User-agent: briefing\nDisallow: /a/1.html\n"
    briefing = Briefing(settings)
    try:
        briefing.feeds.add(site.url("/rss.xml"))
        report = briefing.poll_feeds()
    finally:
        briefing.close()
    assert len(report.stored) == len(RSS_ITEMS) - 1
    [error] = report.errors
    assert error.endswith(
        f"{site.url('/a/1.html')}: 127.0.0.1's robots.txt does not let briefing fetch /a/1.html"
    )
    assert "/a/1.html" not in [path for path, _ in site.requests]


def test_a_feed_robots_txt_disallows_is_not_polled(site: Site, settings: Settings) -> None:
    site.robots = b"User-agent: *\nDisallow: /rss\n"
    briefing = Briefing(settings)
    try:
        briefing.feeds.add(site.url("/rss.xml"))
        report = briefing.poll_feeds()
        (feed,) = briefing.feeds.list()
    finally:
        briefing.close()
    assert report.stored == [] and len(report.errors) == 1
    assert feed.last_error == "127.0.0.1's robots.txt does not let briefing fetch /rss.xml"
    assert "/rss.xml" not in [path for path, _ in site.requests]


def test_rules_for_other_agents_and_allow_lines_are_read_as_robots_txt_means(
    site: Site, settings: Settings
) -> None:
    site.robots = (
        b"User-agent: otherbot\nDisallow: /\n\n"
        b"User-agent: briefing\nDisallow: /a/\nAllow: /a/0.html$\n"
    )
    rules = RobotsRules(settings)
    rules.check(site.url("/rss.xml"))  # nothing said about it
    rules.check(site.url("/a/0.html"))  # the longer Allow wins
    with pytest.raises(RobotsDisallowedError, match=r"does not let briefing fetch /a/2\.html"):
        rules.check(site.url("/a/2.html"))


def test_robots_txt_is_read_once_per_host_and_kept(site: Site, settings: Settings) -> None:
    site.robots = b"User-agent: *\nDisallow: /private/\n"
    now = [1000.0]
    rules = RobotsRules(settings, clock=lambda: now[0])
    for n in range(3):
        rules.check(site.url(f"/a/{n}.html"))
    assert _robots_requests(site) == 1
    now[0] += settings.fetch_robots_cache_seconds - 1
    rules.check(site.url("/a/3.html"))
    assert _robots_requests(site) == 1
    now[0] += 2  # past the setting: read again
    rules.check(site.url("/a/4.html"))
    assert _robots_requests(site) == 2


def test_a_missing_robots_txt_allows_everything(site: Site, settings: Settings) -> None:
    site.robots = None  # 404
    RobotsRules(settings).check(site.url("/a/0.html"))


def test_a_robots_txt_that_cannot_be_had_disallows_everything_for_a_while(
    site: Site, settings: Settings
) -> None:
    site.robots, site.robots_status = b"busy", 503
    now = [0.0]
    rules = RobotsRules(settings, clock=lambda: now[0])
    with pytest.raises(RobotsDisallowedError, match=r"robots.txt could not be read \(HTTP 503\)"):
        rules.check(site.url("/a/0.html"))
    site.robots, site.robots_status = b"User-agent: *\nAllow: /\n", 200
    now[0] += 301  # the unreachable verdict is kept five minutes, not an hour
    rules.check(site.url("/a/0.html"))


def test_ones_own_sites_are_not_asked(site: Site, tmp_path: Path) -> None:
    site.robots = b"User-agent: *\nDisallow: /\n"
    settings = Settings.from_env(
        {"BRIEFING_FETCH_ROBOTS_IGNORE_HOSTS": "127.0.0.1, intranet.example"}
    ).model_copy(update={"instance_path": tmp_path, "fetch_allow_hosts": ("127.0.0.1",)})
    assert settings.fetch_robots_ignore_hosts == ("127.0.0.1", "intranet.example")
    briefing = Briefing(settings)
    try:
        briefing.feeds.add(site.url("/rss.xml"))
        report = briefing.poll_feeds()
    finally:
        briefing.close()
    assert len(report.stored) == len(RSS_ITEMS) and report.errors == []
    assert _robots_requests(site) == 0


def test_an_address_a_person_gives_is_fetched_as_a_browser_would(
    site: Site, settings: Settings
) -> None:
    site.robots = b"User-agent: *\nDisallow: /\n"
    briefing = Briefing(settings)
    try:
        brief = briefing.brief(ArticleRequest(url=site.url("/a/0.html")))
    finally:
        briefing.close()
    assert brief.article.url == site.url("/a/0.html")
    assert _robots_requests(site) == 0
