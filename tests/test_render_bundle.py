"""Many briefs in one file: the CSV (a golden file) and the zip of Markdown files."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile

from conftest import Golden
from test_mail import small_brief

from briefing.models import Article
from briefing.render.bundle import CSV_COLUMNS, render_csv, render_markdown_bundle, slug

DAY = dt.date(2020, 1, 3)


def url(brief_id: str) -> str:
    return f"https://briefs.example/briefs/{brief_id}"


def briefs() -> list[tuple[object, dt.date]]:
    strike = small_brief()
    # an outlet's name a spreadsheet would run as a formula, and an article with no date
    formula = dataclasses.replace(
        strike,
        id="b-formula",
        article=Article(
            text=strike.article.text,
            title='=HYPERLINK("x") kills seven',
            source="@Wire",
            paragraphs=strike.article.paragraphs,
        ),
    )
    return [(strike, DAY), (formula, dt.date(2020, 1, 4))]


def test_the_csv_has_a_row_a_brief(golden: Golden) -> None:
    data = render_csv(briefs(), url)  # type: ignore[arg-type]
    golden.check("export/small.csv", data)
    rows = list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["date"] == "2020-01-03" and rows[0]["published"] == "2020-01-03"
    assert rows[0]["killed"] == "7" and rows[0]["stances"] == "1 condemn"
    assert rows[0]["brief_url"] == url("b-strike")
    # nothing a spreadsheet would run: a leading =, +, - or @ is quoted away
    assert rows[1]["title"].startswith("'=") and rows[1]["source"] == "'@Wire"


def test_the_bundle_is_a_markdown_file_a_brief_and_an_index() -> None:
    data = render_markdown_bundle(briefs(), "Briefs of 3 Jan 2020", url)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = bundle.namelist()
        index = bundle.read("index.md").decode()
        undated = bundle.read(names[1]).decode()
    assert names == ["001-strike-kills-seven.md", "002-hyperlink-x-kills-seven.md", "index.md"]
    assert index.splitlines()[:4] == [
        "# Briefs of 3 Jan 2020",
        "",
        "1. [Strike kills seven](001-strike-kills-seven.md) — 2020-01-03",
        '2. [=HYPERLINK("x") kills seven](002-hyperlink-x-kills-seven.md) — 2020-01-04',
    ]
    # the article has no date: the day it was stored dates it
    assert "added 4 Jan 2020" in undated and url("b-formula") in undated


def test_a_slug_is_a_safe_short_file_name() -> None:
    assert slug("Café <owners> protest!") == "cafe-owners-protest"
    assert slug("???") == "brief"
    assert len(slug("word " * 40)) == 60
