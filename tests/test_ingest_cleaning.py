"""Ingest removes junk that sits inside a paragraph: datelines, bylines, stamps, prompts."""

from __future__ import annotations

import pytest

from briefing.ingest import read_article
from briefing.models import ArticleMeta

BODY = "A dog bit a postman in Leeds on Monday. The postman was not badly hurt."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # agency marker glued to the first word
        ("(CNN)" + BODY, BODY),
        # dateline and agency marker
        ("New Delhi, India (CNN)" + BODY, BODY),
        # another outlet in the same style
        ("(The Hollywood Reporter)" + BODY, BODY),
        # older CNN style with a double dash
        ("Washington (CNN) -- " + BODY, BODY),
        # tabloid byline with publication and update stamps
        (
            "By . Daily Mail Reporter . PUBLISHED: . 12:04 EST, 3 March 2014 . | . "
            "UPDATED: . 14:30 EST, 3 March 2014 . " + BODY,
            BODY,
        ),
        # byline of two people with an old-style stamp
        (
            "By . Sam Webb and Anna Edwards . Last updated at 10:57 AM on 4th March 2011 . " + BODY,
            BODY,
        ),
        # a video prompt glued before a picture caption
        (
            "A dog bit a postman. Scroll down for video Bitten: the postman. He is fine.",
            "A dog bit a postman. Bitten: the postman. He is fine.",
        ),
    ],
)
def test_inline_junk_is_removed(raw: str, clean: str) -> None:
    assert read_article(raw, meta=ArticleMeta(title="Dog bites postman")).text == clean


@pytest.mark.parametrize(
    "text",
    [
        # an abbreviation in brackets inside a sentence
        "The University of California (UC) said so. Its staff agreed with the ruling.",
        # a bracketed outlet name in the middle of the text
        "The report was first aired by (CNN) on Monday. Others followed it later.",
        # a sentence that starts with "By" but is no byline
        "By Monday the river had fallen. Ships left the port again.",
        # "scroll down" in ordinary prose
        "Readers who scroll down for longer find the results. The table is at the end.",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert read_article(text, meta=ArticleMeta(title="A headline")).text == text


def test_cleaned_offsets_still_point_into_the_clean_text() -> None:
    article = read_article("(CNN)" + BODY + "\n\nScroll down for video The end came quickly.")
    for span in article.paragraphs:
        assert article.text[span.start : span.end].strip() == article.text[span.start : span.end]
    assert article.text.endswith("The end came quickly.")
