"""The daily brief on the web: the page, the JSON API, and the .eml downloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from digest_texts import FLOOD_LOCAL, FLOOD_WIRE, ROBOT
from flask import Flask
from flask.testing import FlaskClient
from mail_checks import audit_html, check_alternative, parse_message

from briefing import build_brief
from briefing.config import Settings
from briefing.digest import build_digest
from briefing.models import Brief, Casualty, Evidence, Facts, Reaction
from briefing.store import Archive
from briefing.web import create_app

DAY = dt.date(2020, 1, 3)


def _brief(name: str, text: str, facts: Facts | None = None) -> Brief:
    headline, _, body = text.partition("\n\n")
    brief = build_brief(body, title=headline, source=name.title(), id=name)
    return replace(brief, facts=facts) if facts else brief


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_path=tmp_path, base_url="https://briefing.example.org")


@pytest.fixture(autouse=True)
def _stored(app: Flask) -> None:
    """The day's three articles, stored before each test."""
    archive: Archive = app.extensions["briefing"].archive
    ev = Evidence("x", 0, 1)
    facts = Facts(
        casualties=(Casualty(6, "Six", "killed", "people", None, ev),),
        reactions=(Reaction("Marc Laurent", "prefect", "worst flooding", "other", ev),),
    )
    for brief in (
        _brief("wire", FLOOD_WIRE, facts),
        _brief("local", FLOOD_LOCAL),
        _brief("robot", ROBOT),
    ):
        archive.save(brief, day=DAY)


def briefs_of(app: Flask) -> list[Brief]:
    archive: Archive = app.extensions["briefing"].archive
    return [s.brief for s in archive.briefs_for_day(DAY)]


def test_the_digest_page_shows_the_days_stories(client: FlaskClient) -> None:
    response = client.get("/digest/2020-01-03")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Daily brief — 3 Jan 2020" in page
    assert "2 stories from 3 articles" in page
    assert "The day’s numbers" in page and "Who reacted how" in page
    assert "Marc Laurent" in page
    # each story links to its full brief, and a story with several sources lists them all
    for brief_id in ("wire", "local", "robot"):
        assert f'href="/briefs/{brief_id}"' in page
    stories = page[page.index('<article id="story-1"') :]
    assert stories.index("Floods kill six") < stories.index("Hamburg start-up")
    # no other day has briefs: no previous or next link into empty days
    assert 'rel="prev"' not in page and 'rel="next"' not in page


def test_digest_opens_the_latest_day_and_steps_to_the_nearest_days_with_briefs(
    app: Flask, client: FlaskClient
) -> None:
    archive: Archive = app.extensions["briefing"].archive
    archive.save(_brief("older", ROBOT), day=dt.date(2019, 12, 20))
    archive.save(_brief("newer", FLOOD_LOCAL), day=dt.date(2020, 2, 11))
    latest = client.get("/digest")
    assert latest.status_code == 302 and latest.headers["Location"].endswith("/digest/2020-02-11")
    page = client.get("/digest/2020-01-03").get_data(as_text=True)
    assert '<a href="/digest/2019-12-20" rel="prev">' in page
    assert '<a href="/digest/2020-02-11" rel="next">' in page
    # from an empty day too, the nearest days with briefs either side
    empty = client.get("/digest/2020-01-20").get_data(as_text=True)
    assert '<a href="/digest/2020-01-03" rel="prev">' in empty
    assert '<a href="/digest/2020-02-11" rel="next">' in empty


@pytest.mark.parametrize("word", ["today", "yesterday"])
def test_today_and_yesterday_are_days_as_in_the_cli(client: FlaskClient, word: str) -> None:
    today = dt.datetime.now(dt.UTC).date()
    day = today if word == "today" else today - dt.timedelta(days=1)
    response = client.get(f"/digest/{word}")
    assert response.status_code == 200
    label = f"{day.day} {day:%b} {day.year}"
    assert label in response.get_data(as_text=True)


def test_an_empty_archive_s_digest_is_today(tmp_path: Path) -> None:
    # an archive of its own: the module's fixture has stored the day's articles in tmp_path
    app = create_app(Settings(instance_path=tmp_path / "empty"))
    try:
        response = app.test_client().get("/digest")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/digest/today")
    finally:
        app.extensions["briefing"].archive.close()


@pytest.mark.parametrize(
    ("day", "label", "missing_link"),
    [
        ("2020-01-04", "4 Jan 2020", None),  # an ordinary empty day
        ("0001-01-01", "1 Jan 1", 'rel="prev"'),  # the calendar's first day: no previous
        ("9999-12-31", "31 Dec 9999", 'rel="next"'),  # and its last: no next
    ],
)
def test_a_day_without_articles_is_a_page_that_says_so(
    client: FlaskClient, day: str, label: str, missing_link: str | None
) -> None:
    response = client.get(f"/digest/{day}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"No articles were stored for {label}." in page
    if missing_link:
        assert missing_link not in page


@pytest.mark.parametrize("bad", ["2020-13-01", "tomorrow", "3 Jan 2020"])
def test_a_bad_date_is_a_readable_400(client: FlaskClient, bad: str) -> None:
    response = client.get(f"/digest/{bad}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "is not a date: use YYYY-MM-DD" in response.get_data(as_text=True)


def test_the_digest_json_is_the_digest(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/digests/2020-01-03")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data == build_digest(briefs_of(app), DAY).to_dict()
    assert data["schema"] == "briefing.digest/1"
    assert [sorted(s["id"] for s in story["sources"]) for story in data["stories"]] == [
        ["local", "wire"],
        ["robot"],
    ]
    # the wire's hand-set six and the local report's own "death toll rose to seven":
    # one event, so the day's number is the highest report, not their sum
    assert data["toll"]["killed"] == 7


def test_the_digest_json_of_an_empty_day_has_no_stories(client: FlaskClient) -> None:
    data = client.get("/api/v1/digests/1999-12-31").get_json()
    assert (data["date"], data["story_count"], data["stories"]) == ("1999-12-31", 0, [])


def test_a_bad_date_in_the_api_is_problem_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/digests/2020-02-30")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "/problems/bad-option"
    assert problem["detail"] == "'2020-02-30' is not a date: use YYYY-MM-DD"


def test_the_openapi_document_describes_the_digest(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/digests/{day}"]["get"]
    assert operation["operationId"] == "get_digest"
    assert set(operation["responses"]) >= {"200", "400", "503"}
    assert set(operation["responses"]["400"]["content"]) == {"application/problem+json"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"schema", "date", "stories", "toll", "reactions"} <= set(schema["properties"])


def test_the_brief_page_offers_an_eml_download(client: FlaskClient) -> None:
    page = client.get("/briefs/wire").get_data(as_text=True)
    assert 'href="/briefs/wire/download/eml"' in page
    response = client.get("/briefs/wire/download/eml")
    assert response.status_code == 200
    assert response.mimetype == "message/rfc822"
    assert response.headers["Content-Disposition"].endswith('-wire.eml"')
    message = parse_message(response.get_data())
    assert message["Subject"].startswith("Brief: Floods kill six")
    _, html = check_alternative(message)
    assert "https://briefing.example.org/briefs/wire" in audit_html(html).links


def test_the_digest_page_offers_the_email(client: FlaskClient) -> None:
    page = client.get("/digest/2020-01-03").get_data(as_text=True)
    assert 'href="/digest/2020-01-03/download/eml"' in page
    response = client.get("/digest/2020-01-03/download/eml")
    assert response.mimetype == "message/rfc822"
    message = message_from_bytes(response.get_data(), policy=policy.default)
    assert message["Subject"] == "Daily brief — 3 Jan 2020: 2 stories"
