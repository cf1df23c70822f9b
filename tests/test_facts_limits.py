"""The rules run in linear time: a huge article without punctuation finishes quickly."""

from __future__ import annotations

import time

from briefing.facts import extract_facts
from briefing.models import Article, Span
from briefing.text import build_document

#: generous: the rules take well under a second per 100 KB on the CI machine
BOUND_SECONDS = 60.0


def test_two_megabytes_without_punctuation() -> None:
    words = "officials said 3500 troops killed General Qasem Soleimani and many more "
    text = (words * (2_000_000 // len(words)))[:2_000_000].strip()
    article = Article(text=text, title="Stress", paragraphs=(Span(0, len(text)),))
    document = build_document(article)
    started = time.perf_counter()
    facts = extract_facts(document)
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS
    # the text does say troops were killed and who spoke: facts are still found
    assert len(facts) > 0
