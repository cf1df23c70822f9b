"""The pages, as a person uses them: the form, the brief, its evidence, the archive, downloads.

Everything here runs through Flask's test client, without JavaScript (the pages have none).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing import build_brief
from briefing.config import Settings
from briefing.errors import StorageError
from briefing.models import Brief, Casualty, Deployment, Evidence, Facts, Reaction
from briefing.render import render_markdown
from briefing.store import Archive
from briefing.web import create_app

LIMIT = 60_000  # a small article limit (above a .docx's size) keeps "too large" cases fast


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_path=tmp_path, max_input_bytes=LIMIT)


def archive(app: Flask) -> Archive:
    store: Archive = app.extensions["briefing"].archive
    return store


def csrf(client: FlaskClient) -> str:
    """Open the form like a browser does: a hidden token, bound to the session cookie."""
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form has no CSRF field"
    cookie = client.get_cookie("briefing_session")
    assert cookie is not None and match.group(1) not in cookie.value
    return match.group(1)


def post_form(client: FlaskClient, **fields: object) -> tuple[int, str, str | None]:
    """Send the form; returns status, page text and redirect target."""
    data: dict[str, object] = {"csrf_token": csrf(client), **fields}
    response = client.post("/", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True), response.headers.get("Location")


def textarea(page: str) -> str:
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert match, "no textarea on the page"
    return unescape(match.group(1))


def error_message(page: str) -> str:
    match = re.search(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)
    assert match, "no error message on the page"
    return unescape(match.group(1)).strip()


def archive_titles(page: str) -> list[str]:
    """The headlines an archive page lists, in order (matched words' marks taken off)."""
    found = re.findall(r'<a class="title" href="/briefs/[^"]+">(.*?)</a>', page, re.S)
    return [unescape(re.sub(r"</?mark>", "", title)) for title in found]


def seed_brief_with_facts(seed_text: str) -> Brief:
    """The seed's brief carrying hand-made facts (the rules layer is another issue)."""
    brief = build_brief(seed_text)
    text = brief.article.text

    def span(needle: str) -> Evidence:
        start = text.index(needle)
        return Evidence(needle, start, start + len(needle))

    facts = Facts(
        casualties=(
            Casualty(
                count=7,
                count_text="seven",
                status="killed",
                who="people including Soleimani",
                where="Baghdad airport",
                evidence=span("Soleimani"),
            ),
        ),
        deployments=(
            Deployment(
                count=3500,
                asset="troops",
                unit="82nd Airborne Division",
                origin="Fort Bragg, North Carolina",
                destination="Middle East",
                evidence=span("the additional troops from the 82nd Airborne Division"),
            ),
        ),
        reactions=(
            Reaction(
                speaker="President Trump",
                role="US President",
                quote="called for the attack",
                stance="support",
                evidence=span("President Trump called for the attack on Soleimani"),
            ),
        ),
    )
    return replace(brief, facts=facts)


# -- the form -------------------------------------------------------------------------------


def test_the_form_offers_paste_upload_title_and_options(client: FlaskClient) -> None:
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    fields = ("text", "file", "title", "source", "published", "method", "sentences", "words")
    for name in (*fields, "ratio", "facts", "csrf_token"):
        assert f'name="{name}"' in page, name
    assert 'accept=".txt,.md,.markdown,.html,.htm,.docx"' in page
    # works without JavaScript: the one script (Print, the archive's keys) is optional
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/site.js" defer>']
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_pasting_the_seed_stores_a_brief_and_shows_it(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    status, _, location = post_form(client, text=seed_text, sentences="3", method="lead")
    assert status == 303
    assert location is not None and location.startswith("/briefs/")
    brief_id = location.rsplit("/", 1)[1]
    stored = archive(app).get(brief_id).brief
    assert stored.summary.method == "lead"
    assert len(stored.summary.sentences) == 3
    page = client.get(location).get_data(as_text=True)
    assert "<h1>Donald Trump deploys 3,500 more troops to Middle East" in page
    assert "min read" in page and "words" in page
    summary = page.split('<ol class="summary">', 1)[1].split("</ol>", 1)[0]
    # each sentence carries one small evidence marker, not an underlined link
    assert len(re.findall(r'<li>[^<]+<a class="evidence"', summary)) == 3


def test_source_and_publication_date_from_the_form_date_the_brief(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    _, _, location = post_form(client, text=seed_text, source="The Sun", published="2020-01-03")
    assert location is not None
    stored = archive(app).get(location.rsplit("/", 1)[1])
    assert stored.day.isoformat() == "2020-01-03"
    assert (stored.brief.article.source, str(stored.brief.article.published)) == (
        "The Sun",
        "2020-01-03",
    )
    assert "The Sun" in client.get(location).get_data(as_text=True)


def test_a_bad_publication_date_is_a_message_and_the_text_is_kept(
    client: FlaskClient, seed_text: str
) -> None:
    status, page, _ = post_form(client, text=seed_text, published="2020-02-30")
    assert status == 400
    assert "is not a date" in error_message(page)
    assert textarea(page) == seed_text


def test_a_title_given_in_the_form_replaces_the_headline(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    _, _, location = post_form(client, text=seed_text, title="My own headline")
    assert location is not None
    assert "<h1>My own headline</h1>" in client.get(location).get_data(as_text=True)


NO_ARTICLE = "The article is empty: give its text, its HTML, its address (url) or a file."


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        # nothing at all
        (
            {"text": ""},
            422,
            "The article is empty: give its text, its HTML, its address (url) or a file.",
        ),
        # only whitespace
        (
            {"text": "  \n\t "},
            422,
            "The article is empty: give its text, its HTML, its address (url) or a file.",
        ),
        # pasted text over the limit: said so, and the text stays in the form up to the limit
        ({"text": "Word. " * (LIMIT // 5)}, 413, f"the limit is {LIMIT:,}"),
        # a length that is out of range
        ({"text": "One sentence. Two sentences.", "sentences": "0"}, 400, "Sentences must be"),
        # two lengths at once
        ({"text": "One. Two.", "sentences": "2", "words": "10"}, 400, "Give only one"),
        # a method that does not exist (a hand-made request: the select offers none)
        ({"text": "One sentence. Two.", "method": "magic"}, 400, "Unknown method 'magic'"),
        # a number that is not one
        ({"text": "One sentence. Two.", "ratio": "half"}, 400, "Ratio must be a number"),
    ],
)
def test_form_errors_are_clear_and_keep_the_pasted_text(
    app: Flask, client: FlaskClient, fields: dict[str, str], status: int, message: str
) -> None:
    code, page, location = post_form(client, **fields)
    assert (code, location) == (status, None)
    assert message in error_message(page)
    assert textarea(page) == fields["text"][:LIMIT]  # ASCII: one byte a character
    assert archive(app).count() == 0


@pytest.mark.parametrize(
    ("filename", "content", "status", "message"),
    [
        # a format briefing cannot read, refused by name
        ("report.pdf", b"%PDF-1.7 binary", 415, "Cannot read .pdf files"),
        # a .docx that is not one
        ("broken.docx", b"not a zip at all", 415, "not a readable .docx document"),
        # a text file that is really binary
        ("notes.txt", bytes(range(256)) * 4, 415, "binary data"),
        # a file over the limit
        ("long.txt", b"Word. " * (LIMIT // 5), 413, "over the limit of 60 kB"),
        # an empty file
        ("empty.md", b"\n\n", 422, "The article is empty"),
    ],
)
def test_upload_errors_are_clear_and_keep_the_pasted_text(
    client: FlaskClient, filename: str, content: bytes, status: int, message: str
) -> None:
    # a file over the limit is reported as such even when text was pasted too
    pasted = "Pasted text stays. It is kept." if status == 413 else ""
    code, page, _ = post_form(client, text=pasted, file=(io.BytesIO(content), filename))
    assert code == status
    assert message in error_message(page)
    assert textarea(page) == pasted


def test_pasting_and_uploading_at_once_is_refused_with_both_kept(client: FlaskClient) -> None:
    code, page, _ = post_form(
        client, text="Pasted. Text.", title="T", file=(io.BytesIO(b"A file. Here."), "a.txt")
    )
    assert code == 422
    assert error_message(page) == "Give the article one way only, not both text and a file."
    assert textarea(page) == "Pasted. Text."
    assert 'name="title" value="T"' in page


def test_a_request_far_over_the_limit_gets_a_readable_page(client: FlaskClient) -> None:
    token = csrf(client)
    # past every file the form takes at once (max_upload_files) and the envelope
    huge = io.BytesIO(b"x" * (22 * LIMIT + 70_000))
    response = client.post(
        "/",
        data={"csrf_token": token, "file": (huge, "huge.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "too large" in error_message(response.get_data(as_text=True))


def test_a_docx_upload_is_read(app: Flask, client: FlaskClient) -> None:
    docx = pytest.importorskip("docx", reason="python-docx builds the test document")
    document = docx.Document()
    document.add_heading("Harbour reopens after the storm", level=1)
    document.add_paragraph("The harbour reopened on Monday after a week of repairs.")
    document.add_paragraph("Fishing boats returned in the afternoon, officials said.")
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    status, _, location = post_form(client, file=(data, "story.docx"))
    assert status == 303 and location is not None
    page = client.get(location).get_data(as_text=True)
    assert "<h1>Harbour reopens after the storm</h1>" in page
    assert "The harbour reopened on Monday after a week of repairs." in page


def test_uploaded_html_is_never_rendered_as_is(app: Flask, client: FlaskClient) -> None:
    html = (
        b"<html><head><title>Council vote</title><script>alert('x')</script></head><body>"
        b"<article><h1>Council votes on the new bridge</h1>"
        b"<p>The council voted on Tuesday to build a new bridge over the river.</p>"
        b"<p>Work starts in spring, the mayor said, <b>if funds</b> arrive.</p>"
        b"<img src=x onerror=alert(1)></article></body></html>"
    )
    status, _, location = post_form(client, file=(io.BytesIO(html), "page.html"))
    assert status == 303 and location is not None
    brief_id = location.rsplit("/", 1)[1]
    for url in (location, f"/briefs/{brief_id}/article"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and "onerror" not in page and "<b>" not in page
        assert "<img" not in page
    assert "new bridge" in client.get(f"/briefs/{brief_id}/article").get_data(as_text=True)


def test_pasted_markup_is_escaped_not_rendered(client: FlaskClient) -> None:
    text = 'Headline with <i>tags</i>\n\nA <script>alert("x")</script> sentence here. Another one.'
    _, _, location = post_form(client, text=text)
    assert location is not None
    page = client.get(location).get_data(as_text=True)
    assert "<script>alert" not in page and "<i>tags</i>" not in page
    assert "&lt;i&gt;tags&lt;/i&gt;" in page


@pytest.mark.parametrize(
    ("token", "origin"),
    [
        ("", None),  # no token at all
        ("forged-token-forged-token-forged-token", None),  # not the cookie's token
        (None, "https://evil.example"),  # right token, but posted from another site
    ],
)
def test_the_form_is_protected_against_csrf(
    app: Flask, client: FlaskClient, token: str | None, origin: str | None
) -> None:
    real = csrf(client)
    headers = {"Origin": origin} if origin else {}
    response = client.post(
        "/",
        data={"csrf_token": real if token is None else token, "text": "Kept text. Two."},
        headers=headers,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "expired or was sent from another site" in error_message(page)
    assert textarea(page) == "Kept text. Two."
    assert archive(app).count() == 0


@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost",  # our own origin
        "https://localhost",  # ours too, seen through a TLS-terminating proxy
    ],
)
def test_a_post_from_our_own_origin_passes_csrf(client: FlaskClient, origin: str) -> None:
    token = csrf(client)
    response = client.post(
        "/",
        data={"csrf_token": token, "text": "Own site. Two sentences."},
        headers={"Origin": origin},
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("referrer", "status"),
    [
        (None, 400),  # over HTTPS a post must say where it comes from
        ("https://evil.example/form", 400),  # and it must be this site
        ("https://localhost/", 303),
    ],
)
def test_over_https_the_referrer_is_checked_too(
    client: FlaskClient, referrer: str | None, status: int
) -> None:
    https = "https://localhost"
    page = client.get("/", base_url=https).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    response = client.post(
        "/",
        data={"csrf_token": match.group(1), "text": "Secure post. Two sentences."},
        headers={"Referer": referrer} if referrer else {},
        base_url=https,
    )
    assert response.status_code == status


def test_a_token_from_another_browser_session_is_refused(app: Flask) -> None:
    # An attacker can get a valid token for their own session, not for the victim's.
    attacker, victim = app.test_client(), app.test_client()
    stolen = csrf(attacker)
    csrf(victim)
    response = victim.post("/", data={"csrf_token": stolen, "text": "Forged. Two."})
    assert response.status_code == 400
    assert archive(app).count() == 0


def test_every_worker_on_the_machine_accepts_the_others_tokens(settings: Settings) -> None:
    # gunicorn runs several processes; with no BRIEFING_SECRET_KEY they share the key kept
    # in the instance folder, so a form served by one worker is accepted by another.
    first, second = create_app(settings), create_app(settings)
    browser = first.test_client()
    token = csrf(browser)
    cookie = browser.get_cookie("briefing_session")
    assert cookie is not None
    other = second.test_client()
    other.set_cookie("briefing_session", cookie.value)
    response = other.post("/", data={"csrf_token": token, "text": "Across workers. Two."})
    assert response.status_code == 303
    key = settings.instance_path / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert first.secret_key == second.secret_key == key.read_text()
    for each in (first, second):
        each.extensions["briefing"].archive.close()


def test_an_instance_folder_that_cannot_hold_the_key_is_a_clear_error(tmp_path: Path) -> None:
    blocked = tmp_path / "instance"
    blocked.write_text("a file where the folder should be")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}", instance_path=blocked)
    with pytest.raises(StorageError, match="set BRIEFING_SECRET_KEY"):
        create_app(settings)


def test_a_configured_secret_key_is_used_and_nothing_is_written(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'a.db'}",
        instance_path=tmp_path / "instance",
        secret_key="configured",
    )
    app = create_app(settings)
    app.extensions["briefing"].archive.close()
    assert app.secret_key == "configured"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_pages_forbid_scripts_and_framing(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


# -- a brief and its evidence -------------------------------------------------------------


def test_the_brief_page_shows_everything_a_reader_needs(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    brief = seed_brief_with_facts(seed_text)
    archive(app).save(brief, day=dt.date(2020, 1, 3))
    page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert f"<h1>{brief.title}</h1>" in page
    # the date is labelled: none was published, so it is the day the archive added it
    assert "added 3 Jan 2020" in page and "published" not in page
    assert f"{brief.word_count:,} words · {brief.reading_minutes} min read" in page
    for sentence in brief.summary.sentences:
        assert unescape(sentence.text) in unescape(page)
    # key facts grouped by type, each a link to its evidence
    assert "<h3>Casualties</h3>" in page and "<h3>Deployments</h3>" in page
    assert "7 killed — people including Soleimani in Baghdad airport" in unescape(page)
    assert "3,500 troops (82nd Airborne Division) from Fort Bragg, North Carolina" in page
    # the reactions
    assert '<strong class="name">President Trump</strong> <span class="role">(US President)' in page
    assert '<span class="stance stance-support">support</span>' in page
    # the card at the top: the toll with its source, the assets, the stance tally
    card = unescape(page.split('<section class="card"', 1)[1].split("</section>", 1)[0])
    assert re.search(r"<strong>7</strong> killed", card)
    assert re.search(r"<strong>3,500</strong> troops", card)
    assert re.search(r"<strong>1</strong> <span class=\"stance stance-support\">support", card)
    links = re.findall(r'<a class="evidence" href="([^"]+)"', page)
    assert len(links) == len(brief.summary.sentences) + 3
    assert f'href="/briefs/{brief.id}/download/md"' in page
    assert f'href="/briefs/{brief.id}/download/json"' in page


def test_a_brief_without_facts_says_so(app: Flask, client: FlaskClient, seed_text: str) -> None:
    brief = replace(build_brief(seed_text), facts=Facts())
    archive(app).save(brief)
    page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "No casualties or deployments found in this article." in page
    assert "No reactions found in this article." in page


def test_every_evidence_link_highlights_exactly_its_span(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    brief = seed_brief_with_facts(seed_text)
    archive(app).save(brief)
    page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    spans = [(s.start, s.end) for s in brief.summary.sentences]
    spans += [(f.evidence.start, f.evidence.end) for f in brief.facts.casualties]
    spans += [(f.evidence.start, f.evidence.end) for f in brief.facts.deployments]
    spans += [(f.evidence.start, f.evidence.end) for f in brief.facts.reactions]
    links = [unescape(h) for h in re.findall(r'<a class="evidence" href="([^"]+)"', page)]
    assert len(links) == len(spans)
    for link, (start, end) in zip(links, spans, strict=True):
        assert link == f"/briefs/{brief.id}/article?start={start}&end={end}#evidence"
        article = client.get(link.split("#")[0]).get_data(as_text=True)
        marks = re.findall(r"<mark[^>]*>(.*?)</mark>", article, re.S)
        assert unescape("".join(marks)) == brief.article.text[start:end].replace("\n\n", "")
        assert article.count('id="evidence"') == 1


def test_the_article_page_shows_the_whole_clean_text_in_paragraphs(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    brief = build_brief(seed_text)
    archive(app).save(brief)
    page = client.get(f"/briefs/{brief.id}/article").get_data(as_text=True)
    assert "<mark" not in page
    assert page.count("<p>") + page.count("<h3>") >= len(brief.article.paragraphs)
    assert "<h3>BLOODY JIHAD</h3>" in page or "<h3>" in page


@pytest.mark.parametrize(
    "query",
    [
        "start=5",  # an end is missing
        "start=a&end=b",  # not numbers
        "start=10&end=5",  # backwards
        "start=0&end=99999999",  # past the end of the article
    ],
)
def test_a_bad_evidence_span_is_a_readable_400(
    app: Flask, client: FlaskClient, seed_text: str, query: str
) -> None:
    brief = build_brief(seed_text)
    archive(app).save(brief)
    response = client.get(f"/briefs/{brief.id}/article?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"


@pytest.mark.parametrize(
    "url",
    [
        "/briefs/no-such-id",  # the brief page
        "/briefs/no-such-id/article",  # its article
        "/briefs/no-such-id/download/md",  # a download
        "/no/such/page",  # no route at all
    ],
)
def test_unknown_pages_are_readable_404s(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<p class="error" role="alert">' in response.get_data(as_text=True)


# -- downloads ------------------------------------------------------------------------------


def test_downloads_as_markdown_and_json(app: Flask, client: FlaskClient, seed_text: str) -> None:
    brief = seed_brief_with_facts(seed_text)
    archive(app).save(brief)
    markdown = client.get(f"/briefs/{brief.id}/download/md")
    assert markdown.mimetype == "text/markdown"
    assert markdown.headers["Content-Disposition"].startswith('attachment; filename="donald-')
    assert markdown.headers["Content-Disposition"].endswith(f'-{brief.id}.md"')
    # one charset, and the day it was stored dates an article that carries no date
    assert markdown.headers["Content-Type"] == "text/markdown; charset=utf-8"
    stored_on = archive(app).get(brief.id).day
    assert markdown.get_data(as_text=True) == render_markdown(brief, stored_on=stored_on)
    assert f"added {stored_on.day} {stored_on:%b} {stored_on.year}" in markdown.get_data(
        as_text=True
    )
    as_json = client.get(f"/briefs/{brief.id}/download/json")
    assert as_json.mimetype == "application/json"
    assert json.loads(as_json.get_data(as_text=True)) == brief.to_dict()
    assert client.get(f"/briefs/{brief.id}/download/pdf").status_code == 404
    assert "<sub>[" not in markdown.get_data(as_text=True)  # offsets stay in the JSON
    assert "Online brief" not in markdown.get_data(as_text=True)  # no public address set


def test_markdown_links_back_to_the_brief_when_the_address_is_known(
    tmp_path: Path, seed_text: str
) -> None:
    app = create_app(Settings(instance_path=tmp_path, base_url="https://news.example.org/"))
    try:
        brief = build_brief(seed_text)
        archive(app).save(brief)
        text = app.test_client().get(f"/briefs/{brief.id}/download/md").get_data(as_text=True)
        link = f"(https://news.example.org/briefs/{brief.id})"
        assert f"[Online brief, with the evidence of every line]{link}" in text
    finally:
        archive(app).close()


def test_the_form_explains_each_method_default_first_and_gives_the_limit_in_mb(
    client: FlaskClient,
) -> None:
    page = unescape(client.get("/").get_data(as_text=True))
    methods = re.search(r'<select[^>]*name="method".*?</select>', page, re.S)
    assert methods is not None
    options = re.findall(r'<option value="([a-z]+)"', methods.group(0))
    assert options[0] == "news" and set(options) >= {"lead", "lexrank", "lsa", "kl", "reduction"}
    assert "news is the default" in page
    for name in options:  # every method has its explanation
        assert re.search(rf"<dt>{name}</dt><dd>\w[^<]+</dd>", page), name
    assert "up to 60 kB" in page  # this app's LIMIT; the default reads "2 MB"


# -- the archive ----------------------------------------------------------------------------


def test_the_archive_lists_newest_first_a_page_at_a_time(app: Flask, client: FlaskClient) -> None:
    start = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    for n in range(23):
        brief = build_brief(
            f"Story {n} happened today. People talked about it.", title=f"Story {n}"
        )
        archive(app).save(brief, ingested_at=start + dt.timedelta(minutes=n))
    first = client.get("/briefs").get_data(as_text=True)
    titles = archive_titles(first)
    assert titles == [f"Story {n}" for n in range(22, 2, -1)]
    assert "Briefs 1–20 of 23" in first and "Page 1 of 2" in first
    assert 'href="/briefs?page=2" rel="next"' in first
    second = client.get("/briefs?page=2").get_data(as_text=True)
    assert archive_titles(second) == [
        "Story 2",
        "Story 1",
        "Story 0",
    ]
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flood", ["Flood barrier holds", "Floods close roads"]),  # stemmed, any case
        ("ROADS", ["Floods close roads"]),
        ("something happened", ["Flood barrier holds", "Markets rise", "Floods close roads"]),
        ("volcano", []),  # nothing found: said so
    ],
)
def test_the_archive_searches_titles_and_text(
    app: Flask, client: FlaskClient, query: str, expected: list[str]
) -> None:
    start = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    for n, title in enumerate(["Floods close roads", "Markets rise", "Flood barrier holds"]):
        brief = build_brief("Something happened. People reacted.", title=title)
        archive(app).save(brief, ingested_at=start + dt.timedelta(minutes=n))
    page = client.get(f"/briefs?q={query}").get_data(as_text=True)
    found = archive_titles(page)
    assert sorted(found) == sorted(expected)  # ranked: equal matches in any order
    assert f'value="{query}"' in page
    if not expected:
        assert f"No brief matches “{query}”." in page


def test_an_empty_archive_invites_a_first_brief(client: FlaskClient) -> None:
    page = client.get("/briefs").get_data(as_text=True)
    assert "No briefs yet" in page


def test_problem_types_are_explained(client: FlaskClient) -> None:
    page = client.get("/problems/input-too-large").get_data(as_text=True)
    assert "over a configured size limit" in page  # InputTooLargeError's docstring
    assert client.get("/problems/nonsense").status_code == 404


@pytest.mark.parametrize(
    ("facts", "has_facts"),
    [
        ("true", True),  # the form's default choice
        ("false", False),  # "leave out": the API's {"facts": false}
    ],
)
def test_the_form_offers_the_facts_option(
    app: Flask, client: FlaskClient, seed_text: str, facts: str, has_facts: bool
) -> None:
    status, _page, location = post_form(client, text=seed_text, facts=facts)
    assert status == 303 and location
    brief = archive(app).get(location.rsplit("/", 1)[-1]).brief
    assert bool(brief.facts.casualties or brief.facts.reactions) is has_facts
