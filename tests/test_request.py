"""ArticleRequest: the one parser of every input shape, and one batch line read alike by
``briefing brief --batch`` and ``POST /api/v1/batches``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import Settings
from briefing.errors import EmptyInputError, InputError, OptionsError, RequestError
from briefing.models import ArticleMeta
from briefing.options import BriefOptions, Limits
from briefing.request import ArticleRequest, Upload, parse_batch, parse_line
from briefing.summarise import Length
from briefing.web import create_app

STORY = "The storm hit the coast on Monday. Crews cleared the roads on Tuesday."
PAGE = f"<html><head><title>Storm</title></head><body><article><p>{STORY}</p></article></body>"

# Each line, as a user would put it in a JSONL file: True when it must be briefed.
LINES: list[tuple[str, bool]] = [
    (json.dumps({"id": "plain", "text": STORY}), True),  # the contract's line
    (json.dumps({"id": 7, "text": STORY, "title": "Storm"}), True),  # a numeric id
    (json.dumps({"html": PAGE}), True),  # an HTML page, as the API always took
    (json.dumps({"text": STORY, "source": "Wire", "published": "2020-01-03"}), True),
    (json.dumps({"text": STORY, "options": {"sentences": 1, "method": "lead"}}), True),
    (json.dumps({"text": STORY, "sentences": 1}), True),  # an option as a field of its own
    (json.dumps({"text": STORY, "title": ""}), True),  # an empty title: not given
    (json.dumps({"text": STORY, "author": "Ana Costa", "language": "en-GB"}), True),
    (json.dumps({"text": STORY, "language": "xx"}), False),  # no ISO 639-1 code
    (json.dumps({"text": STORY, "author": ["Ana", "Rui"]}), False),  # authors as one string
    (json.dumps({"id": "none"}), False),  # no article at all
    (json.dumps({"text": "   "}), False),  # only whitespace
    (json.dumps({"text": STORY, "html": PAGE}), False),  # two articles
    (json.dumps({"text": STORY, "format": "md"}), False),  # an unknown field
    (json.dumps({"text": 12}), False),  # a text that is no string
    (json.dumps({"text": STORY, "id": True}), False),  # an id that is no id
    (json.dumps({"text": STORY, "published": "2020-02-30"}), False),  # no such day
    (json.dumps({"text": STORY, "options": [1]}), False),  # options that are no object
    (json.dumps({"text": STORY, "options": {"sentences": 0}}), False),  # out of range
    (json.dumps({"text": STORY, "options": {"sentences": 1, "words": 5}}), False),
    (json.dumps({"text": STORY, "sentences": 1, "options": {"sentences": 2}}), False),
    (json.dumps({"url": "http://127.0.0.1:9/a"}), False),  # refused by the fetcher
    (json.dumps({"url": "ftp://example.com/a"}), False),  # not a web address
    ("[1]", False),  # not an object
    ("{oops", False),  # not JSON
]


def _cli_results(lines: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"BRIEFING_INSTANCE_PATH": str(tmp_path / "cli")}
    result = CliRunner().invoke(main, ["brief", "--batch", str(batch)], env=env)
    return [json.loads(line) for line in result.stdout.splitlines()]


def _api_job(lines: list[str], tmp_path: Path) -> dict[str, Any]:
    settings = Settings(instance_path=tmp_path / "api", batch_sync_max_lines=len(lines))
    app = create_app(settings)
    try:
        answer = app.test_client().post(
            "/api/v1/batches",
            data="\n".join(lines).encode(),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)
        job: dict[str, Any] = answer.get_json()
        return job
    finally:
        app.extensions["briefing"].close()


def test_every_batch_line_is_accepted_or_refused_alike_by_the_cli_and_the_api(
    tmp_path: Path,
) -> None:
    lines = [line for line, _ in LINES]
    cli = _cli_results(lines, tmp_path)
    job = _api_job(lines, tmp_path)
    api_briefs = {item["line"]: item["id"] for item in job["briefs"]}
    api_errors = {item["line"]: item["error"] for item in job["errors"]}
    assert len(cli) == len(LINES)
    for number, ((line, accepted), out) in enumerate(zip(LINES, cli, strict=True), start=1):
        if accepted:
            assert "error" not in out, (line, out)
            assert api_briefs.get(number) == out["id"], line  # the same brief, the same id
        else:
            assert "error" in out, line
            assert api_errors.get(number) == out["error"], line  # the same message


def test_the_cli_fills_what_a_line_leaves_out_with_its_flags(tmp_path: Path) -> None:
    line = parse_line(1, json.dumps({"text": STORY}), {"title": "T", "options": {"words": 9}})
    assert line.request is not None
    assert line.request.meta.title == "T" and line.request.options.length.words == 9
    own = parse_line(1, json.dumps({"text": STORY, "title": "Own", "sentences": 1}), {"title": "T"})
    assert own.request is not None and own.request.meta.title == "Own"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # web form fields: every value a string, untouched fields empty, options flat
        (
            {"text": STORY, "title": "", "sentences": "2", "method": "lead", "facts": "false"},
            ArticleRequest(text=STORY, options=BriefOptions("lead", Length(sentences=2), False)),
        ),
        # a JSON body: options nested, typed
        (
            {"html": PAGE, "published": "2020-01-03", "options": {"ratio": 0.5}},
            ArticleRequest(
                html=PAGE,
                meta=ArticleMeta(published=dt.date(2020, 1, 3)),
                options=BriefOptions(length=Length(ratio=0.5)),
            ),
        ),
    ],
)
def test_one_parser_reads_form_fields_and_json_bodies(
    data: dict[str, Any], expected: ArticleRequest
) -> None:
    assert ArticleRequest.from_mapping(data) == expected


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({}, EmptyInputError, "the article is empty"),
        ({"text": STORY, "url": "https://a.example/"}, InputError, "not both text and an"),
        ({"text": STORY, "size": 3}, RequestError, "unknown field 'size'"),
        ({"title": 3, "text": STORY}, RequestError, "title must be a string"),
        ({"text": STORY, "published": "3 Jan"}, OptionsError, "is not a date"),
        ({"text": STORY, "method": "magic"}, OptionsError, "unknown method"),
    ],
)
def test_what_no_edge_accepts_is_refused_with_one_message(
    data: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ArticleRequest.from_mapping(data)


def test_a_file_and_pasted_text_are_two_articles() -> None:
    with pytest.raises(InputError, match="not both text and a file"):
        ArticleRequest.from_mapping({"text": STORY}, file=Upload(b"x", "a.txt"))


def test_a_request_goes_through_the_queue_unchanged() -> None:
    upload = ArticleRequest.from_mapping(
        {"title": "T", "published": "2020-01-03", "sentences": "2", "id": "x"},
        file=Upload(STORY.encode("utf-16"), "story.txt"),
    )
    for request in (upload, ArticleRequest.from_mapping({"html": PAGE, "words": 5})):
        payload = json.loads(json.dumps(request.to_payload()))
        assert ArticleRequest.from_payload(payload) == request


def test_a_payload_with_a_broken_file_is_refused() -> None:
    with pytest.raises(RequestError, match="base64"):
        ArticleRequest.from_payload({"file_b64": "not base64!"})


def test_a_request_reads_its_article_through_ingest() -> None:
    article = ArticleRequest.from_mapping({"html": PAGE, "source": "Wire"}).read(Limits())
    assert article.title == "Storm" and article.source == "Wire"
    with pytest.raises(InputError, match="reads no address"):
        ArticleRequest(url="https://example.com/").read(Limits())


def test_a_batch_over_its_line_limit_is_refused_whole() -> None:
    data = b"\n".join(json.dumps({"text": STORY}).encode() for _ in range(3))
    with pytest.raises(InputError, match="BRIEFING_BATCH_MAX_LINES"):
        parse_batch(data, max_lines=2)
    assert [line.number for line in parse_batch(data + b"\n\n", max_lines=3)] == [1, 2, 3]


def test_language_and_author_are_read_and_carried_through_the_queue() -> None:
    request = ArticleRequest.from_mapping(
        {"text": "Le barrage a tenu.", "language": "fr", "author": "Claire Dubois"}
    )
    assert (request.meta.language, request.meta.author) == ("fr", "Claire Dubois")
    assert ArticleRequest.from_payload(request.to_payload()) == request


def test_the_default_length_crosses_the_queue_as_not_asked() -> None:
    # else a queued short article would get five sentences, the length it never asked
    request = ArticleRequest.from_mapping({"text": "The dam held."})
    assert request.options.length.halves_short_articles
    assert "sentences" not in request.to_payload()["options"]
    asked = ArticleRequest.from_mapping({"text": "The dam held.", "sentences": 5})
    assert ArticleRequest.from_payload(asked.to_payload()).options.length.sentences == 5
    assert not ArticleRequest.from_payload(asked.to_payload()).options.length.halves_short_articles
