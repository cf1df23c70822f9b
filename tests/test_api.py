"""The REST API, as a program uses it: briefs in and out, and a problem+json 4xx for bad input.

Through Flask's test client; tests/test_gunicorn.py repeats the essentials over real HTTP.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing import build_brief
from briefing.brief import compose_brief
from briefing.config import Settings
from briefing.errors import StorageError
from briefing.ingest import read_article
from briefing.options import BriefOptions, Limits
from briefing.store import Archive
from briefing.web import create_app

LIMIT = 50_000
PROBLEM = "application/problem+json"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(instance_path=tmp_path, max_input_bytes=LIMIT)


def assert_problem(response: Any, status: int, slug: str, detail: str = "") -> dict[str, Any]:
    """An RFC 9457 problem document with this status and type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = json.loads(response.get_data(as_text=True))
    assert body["status"] == status
    assert body["type"] == f"/problems/{slug}"
    assert body["title"] and isinstance(body["detail"], str)
    assert detail in body["detail"]
    return body


# -- briefs in, briefs out ------------------------------------------------------------------


def test_summary_of_the_seed_is_a_brief_and_stores_nothing(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    response = client.post("/api/v1/summary", json={"text": seed_text})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body == build_brief(seed_text).to_dict()
    assert list(body)[:3] == ["schema", "id", "title"]  # the contract's order, not sorted
    assert app.extensions["briefing"].archive.count() == 0


@pytest.mark.parametrize(
    "options",
    [
        {"sentences": 2},  # length in sentences
        {"ratio": 0.1},  # a share of the sentences
        {"words": 40},  # a word budget
        {"method": "lead", "sentences": 1},  # another ranker
        {"method": "lexrank"},  # a sumy algorithm
        {"facts": False},  # no fact extraction
    ],
)
def test_summary_options_use_the_cli_names(
    client: FlaskClient, seed_text: str, options: dict[str, Any]
) -> None:
    response = client.post("/api/v1/summary", json={"text": seed_text, "options": options})
    assert response.status_code == 200, response.get_data(as_text=True)
    expected = compose_brief(read_article(seed_text), BriefOptions.from_mapping(options), Limits())
    assert response.get_json() == expected.to_dict()


def test_summary_of_html_uses_its_text_and_a_given_title(client: FlaskClient) -> None:
    html = (
        "<html><head><title>Page title</title></head><body><article>"
        "<p>The council voted on Tuesday to build a new bridge over the river.</p>"
        "<p>Work starts in spring, the mayor said, if the funds arrive in time.</p>"
        "</article></body></html>"
    )
    body = client.post("/api/v1/summary", json={"html": html, "title": "Bridge vote"}).get_json()
    assert body["title"] == "Bridge vote"
    assert "<p>" not in body["article"]["text"]
    assert "new bridge" in body["article"]["text"]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("story.md", b"# Harbour reopens\n\nThe harbour reopened on Monday. Boats returned.\n"),
        ("story.txt", b"Harbour reopens\n\nThe harbour reopened on Monday. Boats returned.\n"),
    ],
)
def test_summary_of_an_upload(client: FlaskClient, filename: str, content: bytes) -> None:
    response = client.post(
        "/api/v1/summary",
        data={"file": (io.BytesIO(content), filename), "sentences": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["title"] == "Harbour reopens"
    assert len(body["summary"]) == 1


def test_summary_of_a_docx_upload(client: FlaskClient) -> None:
    docx = pytest.importorskip("docx", reason="python-docx builds the test document")
    document = docx.Document()
    document.add_heading("Harbour reopens", level=1)
    document.add_paragraph("The harbour reopened on Monday. Fishing boats returned.")
    data = io.BytesIO()
    document.save(data)
    data.seek(0)
    response = client.post(
        "/api/v1/summary",
        data={"file": (data, "story.docx"), "title": "Given title"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["title"] == "Given title"
    assert (
        body["article"]["text"].startswith("Harbour reopens")
        or "harbour" in body["article"]["text"]
    )


def test_stored_briefs_come_back_and_are_listed_by_date(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    created = client.post("/api/v1/briefs", json={"text": seed_text})
    assert created.status_code == 201
    location = created.headers["Location"]
    brief = created.get_json()
    assert location == f"/api/v1/briefs/{brief['id']}"
    fetched = client.get(location)
    assert fetched.status_code == 200 and fetched.get_json() == brief
    today = app.extensions["briefing"].archive.get(brief["id"]).day
    listing = client.get(f"/api/v1/briefs?date={today.isoformat()}").get_json()
    assert listing["total"] == 1
    item = listing["items"][0]
    assert item["id"] == brief["id"] and item["date"] == today.isoformat()
    assert item["url"] == location and item["page_url"] == f"/briefs/{brief['id']}"
    other_day = today - dt.timedelta(days=1)
    assert client.get(f"/api/v1/briefs?date={other_day}").get_json()["items"] == []


@pytest.mark.parametrize("as_upload", [False, True])
def test_source_and_publication_date_set_the_briefs_byline_and_day(
    app: Flask, client: FlaskClient, seed_text: str, as_upload: bool
) -> None:
    described = {"source": "The Sun", "published": "2020-01-03"}
    if as_upload:
        data = {"file": (io.BytesIO(seed_text.encode()), "seed.txt"), **described}
        created = client.post("/api/v1/briefs", data=data, content_type="multipart/form-data")
    else:
        created = client.post("/api/v1/briefs", json={"text": seed_text, **described})
    assert created.status_code == 201, created.get_json()
    brief = created.get_json()
    assert (brief["source"], brief["published"]) == ("The Sun", "2020-01-03")
    listing = client.get("/api/v1/briefs?date=2020-01-03").get_json()
    assert [item["id"] for item in listing["items"]] == [brief["id"]]


def test_storing_the_same_article_again_answers_200_with_the_same_id(
    app: Flask, client: FlaskClient, seed_text: str
) -> None:
    first = client.post("/api/v1/briefs", json={"text": seed_text})
    again = client.post("/api/v1/briefs", json={"text": seed_text, "options": {"sentences": 2}})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Location"] == first.headers["Location"]
    assert len(client.get(first.headers["Location"]).get_json()["summary"]) == 2
    assert app.extensions["briefing"].archive.count() == 1


def test_the_listing_pages_and_searches(app: Flask, client: FlaskClient) -> None:
    archive: Archive = app.extensions["briefing"].archive
    start = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    for n in range(5):
        brief = build_brief("Something happened. People reacted.", title=f"Story {n}")
        archive.save(brief, ingested_at=start + dt.timedelta(minutes=n))
    page = client.get("/api/v1/briefs?limit=2&offset=1").get_json()
    assert [i["title"] for i in page["items"]] == ["Story 3", "Story 2"]
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    found = client.get("/api/v1/briefs?q=story 4").get_json()
    assert [i["title"] for i in found["items"]] == ["Story 4"]


def test_healthz_checks_the_archive(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok", "archive": "ok"}

    def broken() -> None:
        raise StorageError("the archive is unavailable: OperationalError")

    monkeypatch.setattr(app.extensions["briefing"].archive, "ping", broken)
    assert_problem(client.get("/healthz"), 503, "storage-error", "archive is unavailable")


# -- every bad input: a problem+json 4xx, never a 500 or an HTML page -----------------------


BAD_REQUESTS: list[tuple[str, dict[str, Any], int, str, str]] = [
    # malformed JSON
    (
        "malformed JSON",
        {"data": '{"text": ', "content_type": "application/json"},
        400,
        "malformed-json",
        "not valid JSON",
    ),
    # JSON, but not an object
    ("JSON array", {"json": ["text"]}, 400, "invalid-request", "must be an object"),
    # wrong content type
    (
        "plain text body",
        {"data": "Some text.", "content_type": "text/plain"},
        415,
        "unsupported-media-type",
        "not text/plain",
    ),
    # a web form is not one of the two accepted bodies either
    (
        "urlencoded form",
        {"data": {"text": "A. B."}},
        415,
        "unsupported-media-type",
        "application/x-www-form-urlencoded",
    ),
    # no content type at all
    ("no body", {}, 415, "unsupported-media-type", "no content type"),
    # missing text
    (
        "missing text",
        {"json": {"title": "Only a title"}},
        400,
        "invalid-request",
        'give the article as "text", "html" or "url"',
    ),
    # text and html at once
    (
        "text and html",
        {"json": {"text": "A. B.", "html": "<p>A.</p>"}},
        400,
        "invalid-request",
        "exactly one",
    ),
    # an empty text
    ("empty text", {"json": {"text": ""}}, 400, "invalid-request", "text: String should have"),
    # a text of whitespace
    ("blank text", {"json": {"text": " \n "}}, 422, "empty-input", "the article is empty"),
    # a text with no sentence in it
    ("no sentence", {"json": {"text": "…"}}, 422, "no-sentences", ""),
    # text that is not a string
    ("text a number", {"json": {"text": 42}}, 400, "invalid-request", "text: Input should be"),
    # null where a value is expected
    ("text null", {"json": {"text": None}}, 400, "invalid-request", "omit the field"),
    # text too long
    (
        "text too long",
        {"json": {"text": "Word. " * (LIMIT // 5)}},
        413,
        "input-too-large",
        f"the limit is {LIMIT:,}",
    ),
    # a request body over the request limit
    (
        "body too long",
        {"json": {"text": "x" * (LIMIT + 70_000)}},
        413,
        "input-too-large",
        "larger than the limit",
    ),
    # unknown option
    (
        "unknown option",
        {"json": {"text": "A. B.", "options": {"length": 3}}},
        400,
        "invalid-request",
        "unknown option 'length'",
    ),
    # unknown top-level field
    (
        "unknown field",
        {"json": {"text": "A. B.", "format": "md"}},
        400,
        "invalid-request",
        "unknown field 'format'",
    ),
    # an option out of range
    (
        "sentences 0",
        {"json": {"text": "A. B.", "options": {"sentences": 0}}},
        400,
        "invalid-request",
        "options.sentences",
    ),
    # an option of the wrong type
    (
        "sentences text",
        {"json": {"text": "A. B.", "options": {"sentences": "3"}}},
        400,
        "invalid-request",
        "options.sentences",
    ),
    # two lengths
    (
        "two lengths",
        {"json": {"text": "A. B.", "options": {"sentences": 2, "words": 9}}},
        400,
        "invalid-request",
        "give only one of sentences, words or ratio",
    ),
    # unknown method: BriefOptions decides, as for the CLI and the form
    (
        "unknown method",
        {"json": {"text": "A. B.", "options": {"method": "magic"}}},
        400,
        "bad-option",
        "unknown method 'magic'",
    ),
    # text that is not valid Unicode (a lone surrogate, which JSON can carry)
    (
        "lone surrogate",
        {"data": '{"text": "A \\ud800 B. C."}', "content_type": "application/json"},
        400,
        "invalid-request",
        "not valid Unicode",
    ),
    # a NUL character in the title
    (
        "NUL in title",
        {"json": {"text": "A. B.", "title": "a\u0000b"}},
        400,
        "invalid-request",
        "NUL",
    ),
    # an upload of a format we cannot read
    (
        "pdf upload",
        {"data": {"file": (b"%PDF-1.4", "a.pdf")}, "content_type": "multipart/form-data"},
        415,
        "unsupported-format",
        "cannot read .pdf files",
    ),
    # a multipart body without the file
    (
        "upload without file",
        {"data": {"title": "T"}, "content_type": "multipart/form-data"},
        400,
        "invalid-request",
        "file",
    ),
    # an unknown option in a multipart body
    (
        "upload unknown option",
        {"data": {"file": (b"A. B.", "a.txt"), "size": "3"}, "content_type": "multipart/form-data"},
        400,
        "invalid-request",
        "unknown field 'size'",
    ),
    # a publication date that is not YYYY-MM-DD, or not a real day
    (
        "published not a date",
        {"json": {"text": "A. B.", "published": "3 Jan 2020"}},
        400,
        "invalid-request",
        "published",
    ),
    (
        "published impossible day",
        {"json": {"text": "A. B.", "published": "2020-02-30"}},
        400,
        "invalid-request",
        "not a date",
    ),
    (
        "upload published impossible day",
        {
            "data": {"file": (b"A. B.", "a.txt"), "published": "2020-02-30"},
            "content_type": "multipart/form-data",
        },
        400,
        "invalid-request",
        "not a date",
    ),
    # a bad option value in a multipart body
    (
        "upload bad sentences",
        {
            "data": {"file": (b"A. B.", "a.txt"), "sentences": "many"},
            "content_type": "multipart/form-data",
        },
        400,
        "invalid-request",
        "sentences",
    ),
]


def _request_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Turn (bytes, name) pairs into the file objects the test client uploads."""
    kwargs = dict(kwargs)
    if isinstance(kwargs.get("data"), dict):
        kwargs["data"] = {
            k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
            for k, v in kwargs["data"].items()
        }
    return kwargs


@pytest.mark.parametrize("path", ["/api/v1/summary", "/api/v1/briefs"])
@pytest.mark.parametrize(
    ("kwargs", "status", "slug", "detail"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_REQUESTS],
)
def test_bad_input_is_a_problem_json_4xx(
    app: Flask,
    client: FlaskClient,
    path: str,
    kwargs: dict[str, Any],
    status: int,
    slug: str,
    detail: str,
) -> None:
    response = client.post(path, **_request_kwargs(kwargs))
    body = assert_problem(response, status, slug, detail)
    # this occurrence: the request's id, as the X-Request-ID header and the logs give it
    assert body["instance"] == f"urn:briefing:request:{response.headers['X-Request-ID']}"
    assert app.extensions["briefing"].archive.count() == 0


def test_validation_problems_name_each_field(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/summary", json={"text": "A. B.", "options": {"sentences": 0, "ratio": 2}}
    )
    body = assert_problem(response, 400, "invalid-request")
    fields = sorted(e["field"] for e in body["errors"])
    assert fields == ["options.ratio", "options.sentences"]


@pytest.mark.parametrize(
    ("method", "url", "status", "slug"),
    [
        ("GET", "/api/v1/briefs/no-such-id", 404, "not-found"),  # unknown id
        ("GET", "/api/v1/nothing-here", 404, "not-found"),  # unknown route under /api
        ("GET", "/api/v2/briefs", 404, "not-found"),  # unknown version
        ("GET", "/api/v1/summary", 405, "http-error"),  # wrong method
        ("DELETE", "/api/v1/briefs/x", 404, "not-found"),  # nothing to delete
        ("PUT", "/api/v1/briefs/x", 405, "http-error"),  # no replacing
        ("GET", "/api/v1/briefs?date=2024-13-45", 400, "invalid-request"),  # not a date
        ("GET", "/api/v1/briefs?date=yesterday", 400, "invalid-request"),  # not a date either
        ("GET", "/api/v1/briefs?limit=0", 400, "invalid-request"),  # an empty page
        ("GET", "/api/v1/briefs?limit=many", 400, "invalid-request"),  # not a number
        ("GET", "/api/v1/briefs?offset=-1", 400, "invalid-request"),  # before the start
    ],
)
def test_bad_urls_are_problem_json_too(
    client: FlaskClient, method: str, url: str, status: int, slug: str
) -> None:
    response = client.open(url, method=method)
    assert_problem(response, status, slug)
    if status == 405:
        assert "Allow" in response.headers


def test_an_unexpected_error_is_a_problem_json_500_not_a_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.service import Briefing

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Briefing, "brief", broken)
    response = client.post("/api/v1/summary", json={"text": "A. B."})
    body = assert_problem(response, 500, "internal-error")
    assert "secret internals" not in json.dumps(body)


def test_request_limits_follow_the_settings(tmp_path: Path) -> None:
    app = create_app(Settings(instance_path=tmp_path, max_input_bytes=1234))
    assert app.config["MAX_CONTENT_LENGTH"] == 1234 + 64 * 1024
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 1234 + 64 * 1024
    app.extensions["briefing"].archive.close()


# -- API keys -------------------------------------------------------------------------------


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[FlaskClient]:
    app = create_app(Settings(instance_path=tmp_path, api_keys=("k-one", "k-two")))
    yield app.test_client()
    app.extensions["briefing"].archive.close()


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (None, 401),  # no key
        ("Bearer wrong", 401),  # a wrong key
        ("Basic k-one", 401),  # the right key in the wrong scheme
        ("Bearer k-one", 201),  # a configured key
        ("bearer  k-two", 201),  # the other one; the scheme is case-insensitive
    ],
)
def test_api_keys_guard_the_write_endpoint(
    keyed: FlaskClient, header: str | None, status: int
) -> None:
    headers = {"Authorization": header} if header else {}
    response = keyed.post("/api/v1/briefs", json={"text": "A first. A second."}, headers=headers)
    assert response.status_code == status
    if status == 401:
        assert_problem(response, 401, "unauthorized", "Authorization: Bearer")
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="briefing"'


def test_reads_and_the_stateless_summary_need_no_key(keyed: FlaskClient) -> None:
    assert keyed.post("/api/v1/summary", json={"text": "A. B."}).status_code == 200
    assert keyed.get("/api/v1/briefs").status_code == 200
    assert keyed.get("/healthz").status_code == 200


def test_the_key_is_checked_before_the_body(keyed: FlaskClient) -> None:
    response = keyed.post("/api/v1/briefs", data="{", content_type="application/json")
    assert_problem(response, 401, "unauthorized")


# -- the OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_is_3_1_and_lists_every_endpoint(
    app: Flask, client: FlaskClient
) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    operations = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert operations == {
        ("POST", "/api/v1/summary"),
        ("POST", "/api/v1/briefs"),
        ("GET", "/api/v1/briefs"),
        ("GET", "/api/v1/briefs/{brief_id}"),
        ("DELETE", "/api/v1/briefs/{brief_id}"),
        ("GET", "/api/v1/digests/{day}"),
        ("POST", "/api/v1/batches"),
        ("GET", "/api/v1/jobs/{job_id}"),
        ("GET", "/api/v1/feeds"),
        ("POST", "/api/v1/feeds"),
        ("DELETE", "/api/v1/feeds/{feed_id}"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
    }
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method in {"GET", "POST", "DELETE"}
        and (rule.rule.startswith("/api/") or rule.rule in {"/healthz", "/readyz"})
    }
    documentation = {("GET", "/api/v1/openapi.json"), ("GET", "/api/docs"), ("GET", "/api/redoc")}
    assert operations == routes - documentation
    post = document["paths"]["/api/v1/summary"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    for item in document["paths"].values():
        for operation in item.values():
            for status, answer in operation["responses"].items():
                media = set(answer.get("content", {}))
                expected = (
                    {"application/problem+json"} if int(status) >= 400 else {"application/json"}
                )
                assert media == (set() if status == "204" else expected), (status, media)
    created = document["paths"]["/api/v1/briefs"]["post"]["responses"]["201"]
    assert "Location" in created["headers"]
    assert "security" not in document["paths"]["/api/v1/briefs"]["post"]


def test_the_openapi_document_declares_the_key_when_keys_are_set(keyed: FlaskClient) -> None:
    document = keyed.get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    store = document["paths"]["/api/v1/briefs"]["post"]
    assert store["security"] == [{"apiKey": []}]
    assert "401" in store["responses"]
    assert "security" not in document["paths"]["/api/v1/summary"]["post"]


def test_method_names_are_read_as_the_cli_reads_them(client: Any, seed_text: str) -> None:
    # BriefOptions lower-cases; the API no longer has a case-exact rule of its own
    response = client.post(
        "/api/v1/summary", json={"text": seed_text, "options": {"method": "LEAD"}}
    )
    assert response.status_code == 200 and response.get_json()["method"] == "lead"


# -- language and author given by the caller (issue 21) ------------------------------------


def test_the_caller_may_give_the_language_and_the_author(client: FlaskClient) -> None:
    text = "Hochwasser in Sachsen. Der Pegel steigt weiter. Die Feuerwehr ist im Einsatz."
    answer = client.post(
        "/api/v1/summary", json={"text": text, "language": "de-DE", "author": "Anna Weber"}
    )
    assert answer.status_code == 200, answer.get_json()
    data = answer.get_json()
    assert (data["language"], data["language_source"], data["author"]) == (
        "de",
        "given",
        "Anna Weber",
    )
    assert data["notes"] == [
        {
            "code": "short-article",
            "text": "A short article: the summary keeps 1 of its 2 sentences, about half; "
            "ask for more with sentences or ratio.",
        },
        {
            "code": "facts-english-only",
            "text": "Key facts are extracted from English articles only.",
        },
    ]


def test_a_language_that_is_no_language_tag_is_a_bad_option(client: FlaskClient) -> None:
    answer = client.post("/api/v1/summary", json={"text": "The dam held.", "language": "klingon"})
    assert answer.status_code == 400
    assert answer.get_json()["detail"].startswith("'klingon' is not a language")
