"""Properties that hold for any input: of build_brief and of the API.

Whatever the text (any Unicode, HTML, huge numbers, nested markup), briefing either gives a
brief or raises a ``BriefingError`` (the API: a 4xx problem), never another exception or a
5xx; every offset points at exactly the text it claims; the summary is a subset of the
article's sentences, in article order. A few hundred examples run by default; the ``slow``
tests run 10,000 of build_brief on text and 2,500 each of HTML and of the API (the
README's test command, and so CI, runs them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import build_brief
from briefing.config import Settings
from briefing.errors import BriefingError
from briefing.models import Brief
from briefing.text import build_document
from briefing.web import create_app

#: words that wake up every rule family: numbers, statuses, assets, titles, verbs of saying
WORDS = [
    "killed",
    "²",
    "٣",
    "wounded",
    "missing",
    "kidnapped",
    "died",
    "troops",
    "soldiers",
    "warships",
    "bombers",
    "deployed",
    "sent",
    "stationed",
    "said",
    "told",
    "warned",
    "condemned",
    "welcomed",
    "urged",
    "President",
    "Minister",
    "General",
    "Trump",
    "Iran",
    "Baghdad",
    "U.S.",
    "Mr.",
    "Dr.",
    "at",
    "least",
    "more",
    "than",
    "3,500",
    "five",
    "dozens",
    "1,000,000,000,000",
    "99999999999999999999",
    "0",
    "-7",
    "1.5",
    "people",
    "civilians",
    "the",
    "a",
    "of",
    "and",
    "in",
    "to",
    "from",
]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(['"', "'", "\u201c", "\u201d", ".", ",", "!", "?", "\n", "\n\n", " - ", ":"]),
    st.sampled_from(["<p>", "</p>", "<b>", "</b>", "<div><div><span>", "</span></div>", "&amp;"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=8),  # any Unicode: controls, combining marks, astral planes
)
NEWSLIKE = st.lists(PIECES, max_size=80).map(" ".join)
TEXTS = st.one_of(NEWSLIKE, st.text(max_size=300))
HTML = NEWSLIKE.map(lambda body: f"<html><head><title>T</title></head><body>{body}</body></html>")

FEW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
#: HTML and the API cost more per example (trafilatura, a request): fewer, still thousands
SOME = settings(max_examples=2_500, deadline=None, suppress_health_check=list(HealthCheck))


def assert_exact(brief: Brief) -> None:
    """Every offset is exact and the summary is the article's own sentences in order."""
    text = brief.article.text
    sentences = build_document(brief.article).sentences
    indices = [s.index for s in brief.summary.sentences]
    assert indices == sorted(set(indices))
    for chosen in brief.summary.sentences:
        assert text[chosen.start : chosen.end] == chosen.text
        source = sentences[chosen.index]
        assert (source.start, source.end) == (chosen.start, chosen.end)
    for fact in (*brief.facts.casualties, *brief.facts.deployments, *brief.facts.reactions):
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text


def brief_or_briefing_error(article: str | bytes, **options: Any) -> None:
    try:
        brief = build_brief(article, **options)
    except BriefingError:
        return
    assert_exact(brief)


def check_build_brief(text: str) -> None:
    brief_or_briefing_error(text)


def check_build_brief_html(html: str) -> None:
    brief_or_briefing_error(html.encode("utf-8"), filename="page.html")


@pytest.fixture(scope="module")
def api_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = create_app(Settings(instance_path=tmp_path_factory.mktemp("instance")))
    return app.test_client()


def check_api(client: Any, payload: dict[str, Any]) -> None:
    answer = client.post("/api/v1/summary", json=payload)
    assert answer.status_code < 500, answer.get_data(as_text=True)[:300]
    if answer.status_code != 200:
        assert 400 <= answer.status_code < 500
        assert answer.mimetype == "application/problem+json"
        return
    brief = answer.get_json()
    text = brief["article"]["text"]
    starts = [s["start"] for s in brief["summary"]]
    assert starts == sorted(starts)
    for item in brief["summary"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for kind in ("casualties", "deployments", "reactions"):
        for fact in brief["facts"][kind]:
            evidence = fact["evidence"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


PAYLOADS = st.one_of(
    TEXTS.map(lambda text: {"text": text}),
    HTML.map(lambda html: {"html": html}),
    st.tuples(TEXTS, st.integers(-5, 50)).map(
        lambda pair: {"text": pair[0], "options": {"sentences": pair[1]}}
    ),
)


def _with(check: Callable[..., None], runs: settings, strategy: Any) -> Callable[..., None]:
    return runs(given(strategy)(check))


test_build_brief = _with(check_build_brief, FEW, TEXTS)
test_build_brief_html = _with(check_build_brief_html, FEW, HTML)
test_build_brief_many = pytest.mark.slow(_with(check_build_brief, MANY, TEXTS))
test_build_brief_html_many = pytest.mark.slow(_with(check_build_brief_html, SOME, HTML))


@FEW
@given(PAYLOADS)
def test_api(api_client: Any, payload: dict[str, Any]) -> None:
    check_api(api_client, payload)


@pytest.mark.slow
@SOME
@given(PAYLOADS)
def test_api_many(api_client: Any, payload: dict[str, Any]) -> None:
    check_api(api_client, payload)


def test_the_module_lives_beside_the_other_tests() -> None:
    # the slow marker is registered in pyproject.toml, so a typo there fails loudly
    assert Path(__file__).parent.name == "tests"
