"""Ingest: whatever the user gives, a clean Article whose offsets the rest can trust."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    UnsupportedFormatError,
)
from briefing.ingest import (
    FORMAT_NAMES,
    INPUT_FORMATS,
    decode_text,
    detect_format,
    read_article,
    suffix_list,
    upload_suffixes,
)
from briefing.ingest.formats import InputFormat
from briefing.models import ArticleMeta
from briefing.options import Limits


def paragraphs(article):  # type: ignore[no-untyped-def]
    return [article.text[p.start : p.end] for p in article.paragraphs]


def headings(article):  # type: ignore[no-untyped-def]
    return [article.text[h.start : h.end] for h in article.headings]


class TestSeedArticle:
    def test_first_line_is_the_headline_and_not_part_of_the_text(self, seed_text: str) -> None:
        article = read_article(seed_text)
        assert article.title.startswith("Donald Trump deploys 3,500 more troops")
        assert not article.text.startswith("Donald Trump deploys")

    def test_scraping_trailer_is_dropped(self, seed_text: str) -> None:
        article = read_article(seed_text)
        assert "Read Full Article" not in article.text
        assert article.text.endswith('puts us on the path to another one."')

    def test_all_caps_subheads_are_headings(self, seed_text: str) -> None:
        article = read_article(seed_text)
        assert headings(article) == [
            "BLOODY JIHAD",
            "WHO WAS QASEM SOLEIMANI?",
            "DEMOCRATS RESPOND",
        ]

    def test_runs_of_blank_lines_become_one_paragraph_break(self, seed_text: str) -> None:
        article = read_article(seed_text)
        assert "\n\n\n" not in article.text
        assert all(p.strip() == p and p for p in paragraphs(article))

    def test_a_sentence_that_starts_in_capitals_is_not_a_heading(self, seed_text: str) -> None:
        article = read_article(seed_text)
        assert paragraphs(article)[0].startswith("DONALD Trump is sending 3,500 troops")
        assert article.paragraphs[0] not in article.headings

    def test_typographic_characters_are_ascii_in_match_text_with_the_same_offsets(
        self, seed_text: str
    ) -> None:
        article = read_article(seed_text)
        assert len(article.match_text) == len(article.text)
        assert "–" in article.text and "–" not in article.match_text
        assert "’" in article.text and "’" not in article.match_text
        position = article.text.index("Soleimani –")
        assert article.match_text[position : position + 11] == "Soleimani -"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # a headline line followed by a blank line
        ("Storm hits coast\n\nA storm hit the coast. Homes flooded.", "Storm hits coast"),
        # a question headline is still a headline
        ("Is the storm over?\n\nForecasters are not sure. More rain is due.", "Is the storm over?"),
        # no headline line: the first sentence is the title
        ("A storm hit the coast on Monday. Homes flooded.", "A storm hit the coast on Monday."),
        # a first sentence too long for a title is shortened with an ellipsis
        (
            "A storm that forecasters had warned about for days hit the northern coast on "
            "Monday night, flooding homes. Homes flooded.",
            "A storm that forecasters had warned about for days hit the northern coast on …",
        ),
        # a one-paragraph article: its first line ends a sentence, so it is not a headline
        ("The storm hit. Nobody was hurt.\n\nCrews cleared roads.", "The storm hit."),
    ],
)
def test_title_detection(raw: str, title: str) -> None:
    assert read_article(raw).title == title


def test_a_title_given_by_the_caller_wins_and_the_first_line_stays_text() -> None:
    article = read_article(
        "Storm hits coast\n\nA storm hit.", meta=ArticleMeta(title="My headline")
    )
    assert article.title == "My headline"
    assert article.text.startswith("Storm hits coast")


@pytest.mark.parametrize(
    "line",
    [
        "Source: Read Full Article",
        "Click here to subscribe",
        "Share this article",
        "Subscribe to our newsletter",
        "Advertisement",
        "Read more: the full story",
        "Follow us on Twitter",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    article = read_article(f"Storm hits coast\n\nA storm hit the coast.\n\n{line}\n\nCrews came.")
    assert line not in article.text
    assert paragraphs(article) == ["A storm hit the coast.", "Crews came."]


def test_a_real_sentence_that_mentions_subscribers_is_kept() -> None:
    text = "Headline here\n\nSubscribers to the service rose by a third, the company said."
    assert "Subscribers" in read_article(text).text


def test_hard_wrapped_lines_are_joined_into_one_paragraph() -> None:
    article = read_article("Title line\n\nThe storm hit the\ncoast on Monday.\nCrews came.\n")
    assert paragraphs(article) == ["The storm hit the coast on Monday.", "Crews came."]


# Plain text as people paste it into the form, the API's "text" or standard input: a
# headline underlined with "=" or "-" (Markdown's Setext style, plain-text mail's habit)
# and separator rules. Before, the underline was read as words of the headline.
@pytest.mark.parametrize(
    ("raw", "title", "texts"),
    [
        (
            "Storm hits coast\n================\n\nThe storm hit on Monday. Crews came.\n",
            "Storm hits coast",
            ["The storm hit on Monday. Crews came."],
        ),
        # an underline right above the text, a "-" underlined subheading, and a rule
        (
            "STORM\n=====\nThe storm hit on Monday.\n\nAftermath\n---------\n"
            "Crews came.\n\n-----\n\nRoads reopened.\n",
            "STORM",
            ["The storm hit on Monday.", "Aftermath", "Crews came.", "Roads reopened."],
        ),
        # under a paragraph of several lines, a rule only: no line of it becomes a heading
        (
            "Storm hits coast\n\nThe storm hit the\ncoast on Monday.\n* * *\nCrews came.\n",
            "Storm hits coast",
            ["The storm hit the coast on Monday.", "Crews came."],
        ),
    ],
)
def test_underlines_and_rules_in_plain_text_are_no_words(
    raw: str, title: str, texts: list[str]
) -> None:
    for given in (raw, raw.encode()):  # pasted text, and a file or standard input
        article = read_article(given)
        assert (article.title, paragraphs(article)) == (title, texts)


def test_html_main_text_is_extracted_without_navigation_or_scripts() -> None:
    html = b"""<!doctype html><html><head><title>Storm hits coast | Example News</title>
    </head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
    <h1>Storm hits coast</h1>
    <p>A powerful storm struck the coast on Monday, flooding hundreds of homes.</p>
    <p>Officials said two people were killed and 15 injured overnight.</p>
    <script>alert('x')</script><p>Share this article</p></article>
    <footer>Copyright 2024</footer></body></html>"""
    article = read_article(html, filename="storm.html")
    assert article.title == "Storm hits coast"
    assert paragraphs(article) == [
        "A powerful storm struck the coast on Monday, flooding hundreds of homes.",
        "Officials said two people were killed and 15 injured overnight.",
    ]
    assert "alert" not in article.text and "Home" not in article.text


def test_html_is_recognised_without_a_file_name() -> None:
    html = "<html><body><p>A storm struck the coast on Monday night.</p></body></html>"
    assert read_article(html).text == "A storm struck the coast on Monday night."


def test_html_without_a_headline_line_falls_back_to_the_page_title() -> None:
    html = (
        "<html><head><title>Storm report</title></head><body><article>"
        "<p>A storm struck the coast on Monday night, officials said.</p>"
        "<p>Crews cleared the roads on Tuesday morning.</p></article></body></html>"
    )
    assert read_article(html).title == "Storm report"


def test_markdown_markup_is_removed_and_headings_kept() -> None:
    text = (
        "# Storm hits coast\n\nThe storm **flooded** homes, [officials](http://x) said.\n"
        "It was soft-wrapped\nhere.\n\n## AFTERMATH\n\n- Crews cleared roads.\n- Power came back.\n"
    )
    article = read_article(text, filename="storm.md")
    assert article.title == "Storm hits coast"
    assert paragraphs(article) == [
        "The storm flooded homes, officials said. It was soft-wrapped here.",
        "AFTERMATH",
        "Crews cleared roads.",
        "Power came back.",
    ]
    assert headings(article) == ["AFTERMATH"]


def _docx(*paragraphs: tuple[str, str | None]) -> bytes:
    body = "".join(
        "<w:p>"
        + (f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else "")
        + f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for text, style in paragraphs
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_docx_paragraphs_and_heading_styles_are_read() -> None:
    data = _docx(
        ("Storm hits coast", "Title"),
        ("A storm hit the coast on Monday.", None),
        ("Aftermath", "Heading1"),
        ("Crews cleared the roads.", None),
    )
    article = read_article(data, filename="storm.docx")
    assert article.title == "Storm hits coast"
    assert headings(article) == ["Aftermath"]
    assert paragraphs(article)[0] == "A storm hit the coast on Monday."


def test_a_broken_docx_is_refused_clearly() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"not a readable \.docx"):
        read_article(b"PK\x03\x04 not really a zip", filename="storm.docx")


def _zipped(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_without_unpacking_it() -> None:
    # 60 MB of XML that deflates to about 60 kB: under the input limit, far over 20 x it
    bomb = _zipped(b"<w:document>" + b" " * 60_000_000 + b"</w:document>")
    assert len(bomb) < 2_000_000
    with pytest.raises(InputTooLargeError, match="zip bomb"):
        read_article(bomb, filename="storm.docx")


def _document(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def _with_bytes_changed(data: bytes, find: bytes, replace: bytes) -> bytes:
    assert find in data
    return data.replace(find, replace, 1)


def _corrupt_deflate() -> bytes:
    # the compressed bytes of document.xml overwritten in the middle: zlib.error on reading
    data = bytearray(_zipped(_document("<w:p><w:r><w:t>Storm. Crews came.</w:t></w:r></w:p>" * 50)))
    start = 30 + len("word/document.xml")
    data[start + 20 : start + 60] = b"\xff" * 40
    return bytes(data)


def _flag_encrypted() -> bytes:
    # general purpose bit 0 set in the local header and the central directory: "encrypted"
    data = _zipped(_document("<w:p><w:r><w:t>Storm.</w:t></w:r></w:p>"))
    data = _with_bytes_changed(data, b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00")
    return _with_bytes_changed(
        data, b"PK\x01\x02\x14\x03\x14\x00\x00\x00", b"PK\x01\x02\x14\x03\x14\x00\x01\x00"
    )


def _unknown_method() -> bytes:
    # compression method 99 (AES in WinZip's scheme), which Python cannot unpack
    data = _zipped(_document("<w:p><w:r><w:t>Storm.</w:t></w:r></w:p>"))
    data = _with_bytes_changed(data, b"\x00\x00\x08\x00", b"\x00\x00\x63\x00")
    return _with_bytes_changed(data, b"\x00\x00\x08\x00", b"\x00\x00\x63\x00")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_corrupt_deflate, "its compressed data is corrupt"),
        (_flag_encrypted, "it is encrypted"),
        (_unknown_method, "compression method"),
        # cut off half-way: no central directory
        (lambda: _zipped(_document("<w:p/>" * 100))[:150], "not a complete zip file"),
        # a zip without the Word document inside
        (lambda: _zipped(b"<x/>").replace(b"word/document.xml", b"word/docu_ent.xml"), "no word"),
        # XML that is not well-formed
        (lambda: _zipped(b"<w:document><w:p>"), "not well-formed"),
    ],
)
def test_every_malformed_docx_is_one_clear_refusal(make: Any, reason: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"not a readable \.docx document") as caught:
        read_article(make(), filename="storm.docx")
    assert reason in str(caught.value)
    assert caught.value.status == 415


def test_the_text_limit_applies_to_what_a_docx_unpacks_to() -> None:
    # 100 kB of text inside a .docx of a few kB: the 50 kB limit applies to the text
    paragraph = "<w:p><w:r><w:t>" + "A storm hit the coast. " * 40 + "</w:t></w:r></w:p>"
    data = _zipped(_document(paragraph * 110))
    assert len(data) < 10_000
    with pytest.raises(InputTooLargeError, match="more than 50,000 bytes of text"):
        read_article(data, filename="storm.docx", limits=Limits(max_input_bytes=50_000))
    # the same text under the limit is read
    assert read_article(data, filename="storm.docx", limits=Limits(max_input_bytes=200_000))


def test_a_small_docx_of_deeply_nested_paragraphs_is_refused_at_once() -> None:
    # 100,000 paragraphs nested in one another fit in a few kB zipped; read the old way,
    # each paragraph's text was looked for in all the paragraphs inside it: minutes
    nested = "<w:p>" * 100_000 + "<w:r><w:t>Storm.</w:t></w:r>" + "</w:p>" * 100_000
    data = _zipped(_document(nested))
    assert len(data) < 5_000
    with pytest.raises(InputTooLargeError, match="more than 256 deep"):
        read_article(data, filename="storm.docx")


def test_a_docx_nested_within_the_limit_is_read_in_document_order() -> None:
    nested = (
        "<w:p><w:r><w:t>STORM HITS COAST</w:t></w:r>"
        "<w:p><w:r><w:t>A storm hit the coast. Crews came.</w:t></w:r></w:p></w:p>"
    )
    article = read_article(_zipped(_document(nested)), filename="storm.docx")
    assert article.title == "STORM HITS COAST"
    assert paragraphs(article) == ["A storm hit the coast. Crews came."]


def test_html_nesting_is_bounded_by_the_parser() -> None:
    # libxml2 stops at 256 levels: 100,000 nested elements cost no more than a flat page
    html = (
        "<p>A storm hit the coast. Crews came.</p>"
        + "<span>" * 100_000
        + "deep"
        + "</span>" * 100_000
    )
    article = read_article(html.encode(), filename="storm.html")
    assert "A storm hit the coast." in article.text


def test_a_docx_with_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<d>&b;</d>"
    )
    with pytest.raises(UnsupportedFormatError, match="entities or a DTD"):
        read_article(_zipped(laughs), filename="storm.docx")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        # Windows-1252, the usual non-UTF-8 encoding of Western news text
        ("cp1252", "Café owners said the “storm” was the worst in years. Crews came."),
        # Latin-1 with a short text, where detection alone guesses badly
        ("latin-1", "café résumé naïve text. Another sentence."),
        # UTF-16 with its byte-order mark
        ("utf-16", "The storm hit the coast. Crews came."),
        # UTF-8 with a byte-order mark
        ("utf-8-sig", "The storm hit the coast. Crews came."),
    ],
)
def test_encodings_are_detected(encoding: str, text: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        # an empty upload
        (b"", EmptyInputError, "empty"),
        # whitespace only
        (b" \n\t\n  ", EmptyInputError, "empty"),
        # only scraping boilerplate
        (b"Source: Read Full Article\n", EmptyInputError, "empty"),
        # an executable or image: NUL bytes
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", BinaryInputError, "binary"),
        # control characters throughout
        (bytes(range(1, 9)) * 50, BinaryInputError, "binary"),
    ],
)
def test_unusable_input_is_refused_with_a_clear_error(
    data: bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        read_article(data)


def test_input_over_the_size_limit_is_refused_before_any_work() -> None:
    limits = Limits(max_input_bytes=100)
    with pytest.raises(InputTooLargeError, match="limit is 100"):
        read_article("word " * 50, limits=limits)


@pytest.mark.parametrize(
    ("filename", "media_type", "expected"),
    [
        ("a.txt", None, "text"),
        ("a.MD", None, "markdown"),
        ("a.htm", None, "html"),
        ("a.docx", None, "docx"),
        ("notes", None, "text"),
        # an unknown suffix: the content decides
        ("a.article", None, None),
        # the media type wins over the suffix
        ("a.txt", "text/html; charset=utf-8", "html"),
    ],
)
def test_detect_format(filename: str, media_type: str | None, expected: str | None) -> None:
    assert detect_format(filename, media_type) == expected


@pytest.mark.parametrize("filename", ["scan.pdf", "photo.JPG", "old.doc", "archive.zip"])
def test_formats_we_cannot_read_are_named_in_the_error(filename: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=Path(filename).suffix.lower()):
        read_article(b"%PDF-1.4", filename=filename)


def test_source_and_published_date_are_kept() -> None:
    meta = ArticleMeta(source="The Sun", published=dt.date(2020, 1, 3))
    article = read_article("Storm hits\n\nA storm hit.", meta=meta)
    assert (article.source, article.published) == ("The Sun", dt.date(2020, 1, 3))


def test_paragraph_spans_index_the_clean_text(seed_text: str) -> None:
    article = read_article(seed_text)
    spans = [(p.start, p.end) for p in article.paragraphs]
    assert spans == sorted(spans)
    rebuilt = "\n\n".join(article.text[s:e] for s, e in spans)
    assert rebuilt == article.text


@pytest.mark.parametrize(
    "markdown",
    [
        "*a " * 600_000,  # emphasis openers that never close
        "[a " * 600_000,  # link openers that never close
        "**" + "a_b " * 400_000,  # underscores inside words, one unclosed bold
        "- a\n" * 400_000,  # a list of 400,000 items
        "a\n\n" * 500_000,  # half a million paragraphs
    ],
    ids=["emphasis", "links", "underscores", "list", "paragraphs"],
)
def test_two_megabytes_of_hostile_markdown_are_refused_quickly(markdown: str) -> None:
    # markdown-it-py pays 20-100 µs per token: 600,000 delimiters would take 20 s to a
    # minute. Past MAX_MARKUP lines and markup characters the file is refused at once.
    import time

    started = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="at most 50,000 are read as Markdown"):
        read_article(markdown, format="markdown", limits=Limits(max_input_bytes=3_000_000))
    assert time.perf_counter() - started < 5


def test_markdown_just_under_the_markup_limit_is_read() -> None:
    # 45,000 markup characters and lines: read, in seconds
    markdown = "# Title\n\n" + "Some *words* and [a link](x) here.\n" * 9_000
    article = read_article(markdown, format="markdown")
    assert article.text.startswith("Some words and a link here.")


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        (
            "Some **bold** and *italic* and __strong__ text.",
            "Some bold and italic and strong text.",
        ),
        ("A `code` span and ***both*** here.", "A code span and both here."),
        (
            "snake_case_name and 2 * 3 = 6 and 5*3 stay.",
            "snake_case_name and 2 * 3 = 6 and 5*3 stay.",
        ),
        (
            "See [the report](http://example.org/r) and ![a chart](c.png).",
            "See the report and a chart.",
        ),
    ],
)
def test_markdown_inline_markup_is_removed(line: str, plain: str) -> None:
    assert read_article(f"# Title\n\n{line}\n", format="markdown").text == plain


_STORY = (
    "<p>The ministry said on Monday that two hundred more soldiers would be sent to the "
    "region within a week, after talks with allies in the capital.</p>"
    "<p>Officials said the deployment was temporary and would be reviewed in the spring.</p>"
)


@pytest.mark.parametrize(
    ("head", "source"),
    [
        # Open Graph names the outlet
        ('<meta property="og:site_name" content="The Daily Ledger">', "The Daily Ledger"),
        # JSON-LD's publisher, as news sites write it (schema.org context included)
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", '
            '"publisher": {"@type": "Organization", "name": "Harbour Post"}}</script>',
            "Harbour Post",
        ),
        # JSON-LD inside a @graph
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@graph": [{"@type": "WebPage"}, '
            '{"@type": "NewsArticle", "publisher": {"name": "Valley Times"}}]}</script>',
            "Valley Times",
        ),
        # Open Graph before JSON-LD, both before the title's tail
        (
            '<meta property="og:site_name" content="First Choice">'
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"publisher": {"name": "Second"}}</script>',
            "First Choice",
        ),
        # broken JSON-LD is skipped, not fatal
        ('<script type="application/ld+json">{not json</script>', None),
    ],
)
def test_the_source_of_an_html_page_is_its_publisher_metadata(
    head: str, source: str | None
) -> None:
    html = (
        "<html><head><title>Two hundred more soldiers sent | World News</title>"
        f"{head}</head><body><article>{_STORY}</article></body></html>"
    )
    article = read_article(html, filename="page.html")
    if source is None:
        assert article.source != "Two hundred more soldiers sent | World News"
    else:
        assert article.source == source


def test_a_source_given_by_the_caller_wins_over_the_page() -> None:
    html = (
        '<html><head><meta property="og:site_name" content="Page Site"></head>'
        f"<body><article>{_STORY}</article></body></html>"
    )
    assert read_article(html, filename="p.html", meta=ArticleMeta(source="Mine")).source == "Mine"


# -- one list of input formats ------------------------------------------------------------

_SAMPLES = {
    "text": b"Storm hits coast\n\nA storm hit the coast on Monday. Crews came.",
    "markdown": b"# Storm hits coast\n\nA *storm* hit the coast on Monday. Crews came.",
    "html": b"<html><head><title>Storm hits coast</title></head><body><article>"
    b"<h1>Storm hits coast</h1><p>A storm hit the coast on Monday. Crews came.</p>"
    b"</article></body></html>",
    "docx": _docx(
        ("Storm hits coast", "Title"), ("A storm hit the coast on Monday. Crews came.", None)
    ),
}


@pytest.mark.parametrize("kind", INPUT_FORMATS, ids=lambda f: f.name)
def test_every_listed_format_is_read_under_each_of_its_names(kind: InputFormat) -> None:
    names = [f"storm{suffix}" for suffix in kind.suffixes] + [None]
    for filename in names:
        media = None if filename else kind.media_types[0]
        article = read_article(_SAMPLES[kind.name], filename=filename, media_type=media)
        assert article.title == "Storm hits coast"
        assert article.text == "A storm hit the coast on Monday. Crews came."


def test_the_samples_cover_every_listed_format() -> None:
    assert set(_SAMPLES) == set(FORMAT_NAMES)


def test_what_people_are_told_comes_from_the_list() -> None:
    assert suffix_list() == ".txt, .md, .html or .docx"
    assert upload_suffixes().split(",") == [s for f in INPUT_FORMATS for s in f.suffixes]
    with pytest.raises(UnsupportedFormatError, match=r"use \.txt, \.md, \.html or \.docx"):
        read_article(b"%PDF-1.4", filename="scan.pdf")


def test_an_unknown_forced_format_names_the_known_ones() -> None:
    with pytest.raises(UnsupportedFormatError, match="text, markdown, html, docx"):
        read_article("A storm hit.", format="pdf")


def test_a_docx_given_as_text_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"\.docx file must be given as bytes"):
        read_article("PK not bytes", format="docx")


@pytest.mark.parametrize("given", ["text", "bytes"])
def test_control_characters_are_judged_the_same_for_text_and_bytes(given: str) -> None:
    noisy = "A storm hit.\x01\x02\x03 " * 40
    data: str | bytes = noisy if given == "text" else noisy.encode()
    with pytest.raises(BinaryInputError, match="binary"):
        read_article(data)
    # decoding alone does not judge: the one check is read_article's
    assert decode_text(noisy.encode()) == noisy


def test_a_few_stray_control_characters_are_tolerated() -> None:
    article = read_article("Storm hits coast\n\nA storm hit\x0c the coast. Crews came.")
    assert "storm hit" in article.text


# Markdown as CommonMark reads it (markdown-it-py); each case was wrong with the old
# regular expressions.
@pytest.mark.parametrize(
    ("markdown", "title", "paragraphs"),
    [
        # a Setext heading: the underline is markup, not part of the headline
        (
            "Storm hits coast\n================\n\nThe storm hit on Monday. Crews came.\n",
            "Storm hits coast",
            ["The storm hit on Monday. Crews came."],
        ),
        # a Setext subheading is a heading like "## ..."
        (
            "# Storm\n\nThe storm hit on Monday.\n\nAftermath\n---------\n\nCrews came.\n",
            "Storm",
            ["The storm hit on Monday.", "Aftermath", "Crews came."],
        ),
        # escaped asterisks are literal asterisks
        ("# T\n\nThe \\*two\\* stars stay.\n", "T", ["The *two* stars stay."]),
        # reference links and autolinks keep what a reader sees
        (
            "# T\n\nSee [the report][r] and <https://example.org/a>.\n\n"
            "[r]: https://example.org/report\n",
            "T",
            ["See the report and https://example.org/a."],
        ),
        # a table: one paragraph per row, the cells apart
        (
            "# Toll\n\n| Region | Dead |\n|---|---|\n| North | 12 |\n| South | 4 |\n",
            "Toll",
            ["Region | Dead", "North | 12", "South | 4"],
        ),
        # fenced and indented code keep their text; a rule is no text
        (
            "# T\n\n```\nrm -rf\n```\n\n***\n\n    indented\n\nAfter.\n",
            "T",
            ["rm -rf", "indented", "After."],
        ),
        # HTML inside Markdown gives its text
        ("# T\n\n<div>Some <b>bold</b> text</div>\n\nA<br>B.\n", "T", ["Some bold text", "A B."]),
        # strikethrough and underscores inside words
        ("# T\n\nA ~~draft~~ snake_case_name.\n", "T", ["A draft snake_case_name."]),
    ],
)
def test_markdown_is_read_as_commonmark(markdown: str, title: str, paragraphs: list[str]) -> None:
    article = read_article(markdown, filename="story.md")
    assert article.title == title
    assert [article.text[p.start : p.end] for p in article.paragraphs] == paragraphs


def test_markdown_offsets_index_the_clean_text() -> None:
    article = read_article(
        "Storm\n=====\n\n*Crews* came [back](x).\n\n| a | b |\n|-|-|\n| 1 | 2 |\n",
        format="markdown",
    )
    assert article.text == "Crews came back.\n\na | b\n\n1 | 2"
    assert "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs) == article.text


# Text repair (ftfy) and mixed encodings: each case as a user met it.
def test_one_stray_windows_1252_byte_does_not_garble_the_utf8_text() -> None:
    data = (
        "Le café a rouvert. ".encode()
        + b"He said \x93no\x94 to the plan. "
        + ("Crème brûlée was served.".encode())
    )
    assert decode_text(data) == (
        "Le café a rouvert. He said “no” to the plan. Crème brûlée was served."
    )


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        # UTF-8 read as Windows-1252 somewhere upstream
        ("He wasnâ€™t there.", "He wasn’t there."),
        ("The cafÃ© reopened.", "The café reopened."),
        # the same inside otherwise clean text
        ("Le café est ouvert. The cafÃ© reopened.", "Le café est ouvert. The café reopened."),
        # clean text is never touched: curly quotes, ligature-free, full-width stay
        ("“Quoted” – dash, naïve, ＡＢＣ.", "“Quoted” – dash, naïve, ＡＢＣ."),
    ],
)
def test_mojibake_is_repaired_before_the_text_is_split(garbled: str, repaired: str) -> None:
    article = read_article(f"Headline\n\n{garbled}")
    assert article.text == repaired
    assert article.text[article.paragraphs[0].start : article.paragraphs[0].end] == repaired


def test_a_garbled_quote_is_read_as_a_reaction_once_repaired() -> None:
    from briefing import build_brief

    text = (
        "Ministry condemns raid\n\n"
        "Gunmen attacked a checkpoint near the border on Sunday, killing three soldiers. "
        "â€œThis cowardly attack will not go unanswered,â€\x9d Defence Minister Omar Haddad "
        "said in a statement. The army sent reinforcements to the area."
    )
    brief = build_brief(text.encode("utf-8"))
    assert "“This cowardly attack will not go unanswered,”" in brief.article.text
    speakers = [r.speaker for r in brief.facts.reactions]
    assert "Omar Haddad" in speakers
    for reaction in brief.facts.reactions:
        evidence = reaction.evidence
        assert brief.article.text[evidence.start : evidence.end] == evidence.text


_PAGE = """<!doctype html><html lang="fr-FR"><head>
<title>Tempête sur la côte | Le Courrier du Littoral</title>
<meta property="og:site_name" content="Le Courrier du Littoral">
<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "Tempête sur la côte",
 "author": [{"@type": "Person", "name": "Claire Dubois"},
            {"@type": "Person", "name": "Marc Lefèvre"}],
 "publisher": {"@type": "Organization", "name": "Le Courrier du Littoral"}}</script>
</head><body><nav><a href="/">Accueil</a> <a href="/meteo">Météo</a></nav>
<article><h1>Tempête sur la côte</h1>
<p>La tempête a frappé la côte atlantique dans la nuit de lundi à mardi, privant
d'électricité des milliers de foyers selon le gestionnaire du réseau.</p>
<p>Les pompiers sont intervenus plus de deux cents fois pendant la nuit.</p>
</article></body></html>"""


def test_one_html_pass_keeps_title_authors_date_site_and_language() -> None:
    article = read_article(_PAGE.encode("utf-8"), filename="page.html")
    assert article.title == "Tempête sur la côte"
    assert article.author == "Claire Dubois, Marc Lefèvre"
    assert article.published == dt.date(2024, 3, 5)
    assert article.source == "Le Courrier du Littoral"
    assert (article.language, article.language_source) == ("fr", "declared")
    assert "Accueil" not in article.text


def test_an_html_page_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.utils

    parsed: list[str] = []
    parse = trafilatura.utils.fromstring

    def counting(markup: str | bytes, *args: object, **kwargs: object) -> object:
        parsed.append(markup if isinstance(markup, str) else markup.decode("utf-8"))
        return parse(markup, *args, **kwargs)

    monkeypatch.setattr(trafilatura.utils, "fromstring", counting)
    read_article(_PAGE, filename="page.html")
    # the page itself once (trafilatura may parse its own intermediate results)
    assert sum(1 for markup in parsed if "<title>Tempête sur la côte |" in markup) == 1


@pytest.mark.parametrize(
    ("head", "author"),
    [
        # meta author tags, one per author
        (
            '<meta name="author" content="Jane Doe"><meta name="author" content="John Roe">',
            "Jane Doe, John Roe",
        ),
        # no author named
        ("", None),
    ],
)
def test_the_author_of_an_html_page_is_kept(head: str, author: str | None) -> None:
    html = (
        f"<html><head><title>T</title>{head}</head><body><article>{_STORY}</article></body></html>"
    )
    assert read_article(html, filename="page.html").author == author


@pytest.mark.parametrize(
    ("text", "author"),
    [
        # a byline under the headline
        ("Storm hits coast\n\nBy Jane Doe\n\nThe storm hit the coast. Crews came.", "Jane Doe"),
        # two names and an agency after a comma
        (
            "Storm hits coast\n\nBy Jane Doe and John Roe, Reuters\n\nThe storm hit. Crews came.",
            "Jane Doe and John Roe",
        ),
        # in French
        ("Tempête\n\nPar Claire Dubois\n\nLa tempête a frappé la côte.", "Claire Dubois"),
        # a sentence that starts with "By" is no byline
        ("Storm\n\nBy Monday the storm had passed. Crews came.", None),
    ],
)
def test_a_byline_gives_the_author_of_a_text(text: str, author: str | None) -> None:
    assert read_article(text).author == author


def test_an_author_given_by_the_caller_wins() -> None:
    article = read_article(_PAGE, filename="page.html", meta=ArticleMeta(author="  Desk   Editor "))
    assert article.author == "Desk Editor"


def test_the_markdown_markup_limit_is_a_setting() -> None:
    from briefing.config import Settings

    limits = Settings.from_env({"BRIEFING_MAX_MARKDOWN_MARKUP": "10"}).limits
    assert limits.max_markdown_markup == 10
    with pytest.raises(InputTooLargeError, match="BRIEFING_MAX_MARKDOWN_MARKUP"):
        read_article("# T\n\n" + "*a* " * 5, format="markdown", limits=limits)
    assert read_article("# T\n\n*a* b.", format="markdown", limits=limits).text == "a b."
