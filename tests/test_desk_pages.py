"""The desk's pages as HTTP answers: exports, several uploads, the day picker, the icon and
script, the API docs (the browser sees the same in test_desk.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing import build_brief
from briefing.config import Settings

DAY = dt.date(2020, 1, 3)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_path=tmp_path, max_export_briefs=2, max_upload_files=3)


def store(app: Flask, count: int, day: dt.date = DAY) -> None:
    for n in range(count):
        brief = build_brief(
            f"Story {n} of {day} happened in the town. People talked about story {n}.",
            title=f"Town story {n}",
        )
        app.extensions["briefing"].archive.save(brief, day=day)


def csrf(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert found
    return found.group(1)


# -- exports ------------------------------------------------------------------------------


def test_an_export_past_the_limit_is_cut_and_says_so(app: Flask, client: FlaskClient) -> None:
    store(app, 3)
    answer = client.get("/briefs/export.csv?since=2020-01-03&until=2020-01-03")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["X-Briefing-Truncated"] == "2 of 3"
    assert len(list(csv.DictReader(io.StringIO(answer.text)))) == 2
    bundle = client.get("/briefs/export.zip?q=town")
    assert bundle.headers["Content-Disposition"] == 'attachment; filename="briefs-town.zip"'
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as files:
        index = files.read("index.md").decode()
    assert index.startswith("# Briefs matching “town” (the first 2 of 3)")


def test_an_export_of_a_reversed_range_is_refused_readably(client: FlaskClient) -> None:
    answer = client.get("/briefs/export.csv?since=2020-01-09&until=2020-01-01")
    assert answer.status_code == 400 and answer.mimetype == "text/html"
    assert "From (9 Jan 2020) is after To (1 Jan 2020)" in unescape(answer.text)


# -- several files in one upload ----------------------------------------------------------


def test_more_files_than_allowed_are_refused_and_the_form_is_kept(client: FlaskClient) -> None:
    files = [(io.BytesIO(b"A story. It happened."), f"s{n}.txt") for n in range(4)]
    answer = client.post(
        "/",
        data={"csrf_token": csrf(client), "file": files, "source": "Wire"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413
    assert "That is 4 files: at most 3 may be uploaded at once." in unescape(answer.text)
    assert 'name="source" value="Wire"' in answer.text


def test_pasted_text_and_several_files_are_refused_and_the_text_kept(
    client: FlaskClient,
) -> None:
    files = [(io.BytesIO(b"A story. It happened."), f"s{n}.txt") for n in range(2)]
    answer = client.post(
        "/",
        data={"csrf_token": csrf(client), "file": files, "text": "My pasted story."},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    assert "the pasted text or the files, not both" in unescape(answer.text)
    assert "My pasted story." in answer.text


def test_a_bad_published_date_is_said_and_kept(client: FlaskClient) -> None:
    answer = client.post(
        "/",
        data={"csrf_token": csrf(client), "text": "A story. It happened.", "published": "Friday"},
    )
    assert answer.status_code == 400
    assert "Published: “Friday” is not a date: write it like 7 Dec 2026." in unescape(answer.text)
    assert 'value="Friday"' in answer.text and "A story. It happened." in answer.text


def test_a_page_date_is_the_brief_s_published_date(app: Flask, client: FlaskClient) -> None:
    answer = client.post(
        "/",
        data={
            "csrf_token": csrf(client),
            "text": "A story. It happened.",
            "published": "2 Jan 2020",
        },
    )
    assert answer.status_code == 303
    brief_id = answer.headers["Location"].rsplit("/", 1)[1]
    stored = app.extensions["briefing"].archive.get(brief_id)
    assert stored.brief.article.published == dt.date(2020, 1, 2)


# -- the digest's day picker ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "location"),
    [("3 Jan 2020", "/digest/2020-01-03"), ("2020-01-03", "/digest/2020-01-03")],
)
def test_a_typed_day_goes_to_its_digest(client: FlaskClient, typed: str, location: str) -> None:
    answer = client.get("/digest", query_string={"day": typed})
    assert answer.status_code == 303 and answer.headers["Location"] == location


def test_the_calendar_links_the_days_that_have_briefs(app: Flask, client: FlaskClient) -> None:
    store(app, 2)
    store(app, 1, dt.date(2020, 1, 20))
    page = client.get("/digest/2020-01-03").text
    days = re.findall(r'<a href="/digest/(2020-01-\d\d)" title="(\d+) briefs?"', page)
    assert days == [("2020-01-03", "2"), ("2020-01-20", "1")]
    assert 'aria-current="date"' in page
    turned = client.get("/digest/2020-01-03?month=2020-02").text
    assert "February 2020" in turned and not re.search(r'href="/digest/2020-02', turned)


# -- the icon, the script, the docs --------------------------------------------------------


def test_the_icon_and_the_script_are_served(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    script = client.get("/site.js")
    assert script.mimetype == "text/javascript" and "window.print()" in script.text
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "img-src 'self' data:" in policy


@pytest.mark.parametrize("path", ["/api/docs", "/api/redoc"])
def test_the_docs_lead_back_and_name_no_cdn(client: FlaskClient, path: str) -> None:
    page = client.get(path).text
    assert '<a href="/" style=' in page and "← briefing" in page
    assert "cdn.redoc.ly" not in page
    if path == "/api/redoc":
        assert '<redoc disable-telemetry="true"' in page
    else:
        assert 'layout: "BaseLayout"' in page  # no top bar, no unlabelled URL box


def test_the_list_s_summary_says_full_text(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    summary = document["paths"]["/api/v1/briefs"]["get"]["summary"]
    assert "full-text" in summary and "title" not in summary
