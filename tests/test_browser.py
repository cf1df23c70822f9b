"""A real browser (Debian's Chromium, driven by Playwright) uses the site like a person.

It pastes the seed into the form, reads the brief (with its facts when the rules layer
finds any), follows an evidence link, and prints the brief to PDF: exactly one page on A4
and on US Letter. Where /usr/bin/chromium is missing these tests skip with a reason,
except under CI (the CI variable set), where a missing browser fails them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from chromium import require_chromium, running_browser
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from werkzeug.serving import make_server

from briefing import build_brief
from briefing.config import Settings
from briefing.facts.lines import reactions_by_speaker
from briefing.models import Brief, Casualty, Deployment, Evidence, Facts, Reaction
from briefing.store import Archive
from briefing.web import create_app

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Archive]]:
    """The app on a free port in a thread, and its archive."""
    app = create_app(Settings(instance_path=tmp_path_factory.mktemp("browser")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app.extensions["briefing"].archive
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["briefing"].archive.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from running_browser()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # the pages have no script; the browser runs none either
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


def pdf_pages(page: Page, paper: str) -> int:
    """How many pages the browser prints the current page on."""
    data = page.pdf(format=paper, print_background=True)
    return len(PdfReader(io.BytesIO(data)).pages)


def with_many_facts(brief: Brief) -> Brief:
    """The seed's brief carrying many hand-made facts: more than print shows (PrintLimits)."""
    text = brief.article.text
    sentences = [(s.start, s.end) for s in brief.summary.sentences]

    def evidence(n: int) -> Evidence:
        start, end = sentences[n % len(sentences)]
        return Evidence(text[start:end], start, end)

    casualties = tuple(
        Casualty(
            count=n + 2,
            count_text=f"{n + 2} people",
            status="killed",
            who="civilians and guards",
            where="Baghdad International Airport",
            evidence=evidence(n),
            reported_by="Iraqi state television",
        )
        for n in range(7)
    )
    deployments = tuple(
        Deployment(
            count=3500 - 500 * n,
            asset="troops",
            unit="82nd Airborne Division",
            origin="Fort Bragg, North Carolina",
            destination="Middle East",
            evidence=evidence(n + 1),
        )
        for n in range(3)
    )
    reactions = tuple(
        Reaction(
            speaker=f"Speaker number {n}",
            role="a senior official of a government",
            quote="This act of international terrorism is extremely dangerous and a foolish "
            "escalation, and those responsible will bear the consequences.",
            stance=("condemn", "threaten", "support", "de-escalate", "other")[n % 5],
            evidence=evidence(n + 2),
            channel="Twitter",
        )
        for n in range(9)
    )
    return replace(
        brief, facts=Facts(casualties=casualties, deployments=deployments, reactions=reactions)
    )


def test_paste_read_follow_evidence_and_print_one_page(
    site: tuple[str, Archive], page: Page, seed_text: str
) -> None:
    base, archive = site
    p = page
    p.goto(f"{base}/")
    p.fill("#text", seed_text)
    p.click("button[type=submit]")
    p.wait_for_url(re.compile(r"/briefs/[0-9a-f]+$"))
    brief_id = p.url.rsplit("/", 1)[1]
    stored = archive.get(brief_id).brief

    heading = p.inner_text("h1")
    assert heading == stored.title
    assert heading.startswith("Donald Trump deploys 3,500 more troops")
    items = p.locator("ol.summary li")
    assert items.count() == len(stored.summary.sentences) == 5
    # the facts the rules layer found (none before it lands), each shown
    fact_items = p.locator("ul.fact-group li").count()
    assert fact_items == len(stored.facts.casualties) + len(stored.facts.deployments)
    # reactions grouped by speaker: one item per speaker, every quote in it
    speakers = p.locator("section.reactions li.speaker").count()
    assert speakers == len(reactions_by_speaker(stored.facts.reactions))
    assert p.locator("section.reactions .said").count() == len(stored.facts.reactions)

    for paper in ("A4", "Letter"):
        assert pdf_pages(p, paper) == 1, f"the brief does not fit one {paper} page"

    first = stored.summary.sentences[0]
    p.click("ol.summary li >> nth=0 >> a.evidence")
    p.wait_for_url(re.compile(r"/article\?start=\d+&end=\d+#evidence$"))
    assert p.inner_text("mark#evidence") == first.text


def test_a_brief_full_of_facts_still_prints_on_one_page(
    site: tuple[str, Archive], page: Page, seed_text: str
) -> None:
    base, archive = site
    brief = replace(with_many_facts(build_brief(seed_text)), id="seed-with-facts")
    archive.save(brief)
    p = page
    p.goto(f"{base}/briefs/{brief.id}")
    # the screen shows every fact; print keeps the first few of each kind and says so
    assert p.locator("ul.fact-group li").count() == 10
    assert p.locator("section.reactions li.speaker").count() == 9
    for paper in ("A4", "Letter"):
        assert pdf_pages(p, paper) == 1, f"the brief does not fit one {paper} page"
    link = p.locator("section.reactions li.speaker >> nth=0 >> a.evidence >> nth=0")
    link.click()
    mark = p.inner_text("mark#evidence")
    assert mark == brief.facts.reactions[0].evidence.text


# -- what a reader sees at a glance, on screen and on paper ---------------------------------


def test_the_summary_card_shows_tolls_assets_and_stances(
    site: tuple[str, Archive], page: Page, seed_text: str
) -> None:
    base, archive = site
    brief = replace(with_many_facts(build_brief(seed_text)), id="seed-card")
    archive.save(brief)
    page.goto(f"{base}/briefs/{brief.id}")
    card = " ".join(page.inner_text("section.card").split())
    # the largest toll, with who reported it: the hand-made tolls 2..8 sit in five
    # sentences in turn, and those of one sentence add up (3 + 8 = 11 is the largest)
    assert "11 killed (per Iraqi state television)" in card
    assert "3,500 troops" in card
    # nine speakers, each with one stance: 2 condemn, 2 threaten, 2 support, 2 de-escalate, 1 other
    for count, stance in [(2, "CONDEMN"), (2, "THREATEN"), (2, "SUPPORT"), (1, "OTHER")]:
        assert f"{count} {stance}" in card.upper()
    # stances differ in colour, not only in text
    colours = {
        page.eval_on_selector(f".card .stance-{name}", "e => getComputedStyle(e).backgroundColor")
        for name in ("condemn", "threaten", "support", "de-escalate", "other")
    }
    assert len(colours) == 5
    # a sentence is not an underlined link: the evidence is a small marker after it
    first = page.locator("ol.summary li >> nth=0")
    assert first.locator("a.evidence").inner_text() == "↗"
    decoration = first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert decoration == "none"


def _corpus_longest(corpus: Path, name: str, prefix: str = "") -> dict[str, str]:
    path = corpus / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if r["id"].startswith(prefix)]
    return max(rows, key=lambda r: len(r["text"]))


def _printed_text(page: Page, paper: str) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    # NFKC: the PDF's ligatures ("ﬀ") back to letters
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    "which",
    [
        "seed",  # the seed, with the facts the rules find
        "seed-many",  # the seed with hand-made facts: more than print lists of each kind
        "facts-longest",  # the longest article of the facts corpus
        "cnndm-longest",  # the longest CNN/DM test article
    ],
)
def test_print_is_one_page_with_every_speaker_and_the_address(
    site: tuple[str, Archive],
    page: Page,
    seed_text: str,
    request: pytest.FixtureRequest,
    which: str,
) -> None:
    base, archive = site
    if which == "seed":
        brief = build_brief(seed_text)
    elif which == "seed-many":
        brief = replace(with_many_facts(build_brief(seed_text)), id="seed-print-many")
    else:
        corpus = request.getfixturevalue("corpus")
        if which == "facts-longest":
            row = _corpus_longest(corpus, "facts-articles.jsonl")
        else:
            row = _corpus_longest(corpus, "cnndm-test-more/test.jsonl", "cnn-")
        brief = build_brief(row["text"], title=row.get("title") or None)
    archive.save(brief)
    speakers = [group[0].speaker for group in reactions_by_speaker(brief.facts.reactions)]
    page.goto(f"{base}/briefs/{brief.id}")
    for paper in ("A4", "Letter"):
        pages, text = _printed_text(page, paper)
        assert pages == 1, f"{which}: {pages} pages on {paper}"
        for name in speakers:
            assert " ".join(name.split()) in text, f"{which}: {name!r} not printed on {paper}"
        assert f"{base}/briefs/{brief.id}" in text.replace(" ", ""), "no address printed"
        assert brief.summary.sentences[0].text.split()[0] in text
    if which == "seed":
        assert len(speakers) >= 10  # the seed has many voices: this checks something


# -- the archive: search and delete ---------------------------------------------------------


def test_search_by_a_word_of_the_text_and_by_a_speaker(
    site: tuple[str, Archive], page: Page, seed_text: str
) -> None:
    base, archive = site
    seed = build_brief(seed_text)
    other = build_brief(
        "The council approved the new library budget on Tuesday. Work starts in spring.",
        title="Library budget approved",
    )
    archive.save(seed)
    archive.save(other)
    speaker = next(r.speaker for r in seed.facts.reactions if len(r.speaker.split()) >= 2)
    for query, wanted, unwanted in [
        ("Baghdad", seed.title, other.title),  # a word of the seed's text, not its title
        ("spring", other.title, seed.title),
        (speaker, seed.title, other.title),  # a speaker's name
    ]:
        page.goto(f"{base}/briefs")
        page.fill("#q", query)
        page.click("form.search button[type=submit]")
        results = page.locator("ul.archive li a")
        titles = [results.nth(i).inner_text() for i in range(results.count())]
        assert wanted in titles, (query, titles)
        assert unwanted not in titles, (query, titles)


def test_delete_a_brief_from_its_page(site: tuple[str, Archive], page: Page) -> None:
    base, archive = site
    doomed = build_brief(
        "The old pier was closed for good on Friday. Divers will remove it.",
        title="Old pier closes for good",
    )
    archive.save(doomed)
    page.goto(f"{base}/briefs/{doomed.id}")
    page.click("text=Delete this brief…")  # a page that asks first, naming the brief
    assert "“Old pier closes for good”" in page.inner_text("main")
    page.click("button.danger")
    page.wait_for_url(re.compile(r"/briefs$"))
    assert "Deleted “Old pier closes for good”." in page.inner_text("main")
    page.fill("#q", "pier")
    page.click("form.search button[type=submit]")
    assert "No brief matches “pier”." in page.inner_text("main")
    assert page.goto(f"{base}/briefs/{doomed.id}").status == 404


def test_the_digest_is_one_click_away_and_steps_over_empty_days(
    site: tuple[str, Archive], page: Page
) -> None:
    base, archive = site
    days = [dt.date(2031, 5, 1), dt.date(2031, 5, 9), dt.date(2031, 6, 2)]  # after every other
    for n, day in enumerate(days):
        archive.save(
            build_brief(
                f"Story {n} happened in the town. People talked about story {n} all day.",
                title=f"Town story number {n}",
            ),
            day=day,
        )
    page.goto(f"{base}/")
    page.click("nav.site-nav >> text=Daily digest")
    assert "2 Jun 2031" in page.inner_text("h1")  # the latest day with briefs
    assert "Town story number 2" in page.inner_text("main")
    page.click("text=Previous day")
    assert "9 May 2031" in page.inner_text("h1")  # not 1 Jun: the nearest day with briefs
    page.click("text=Previous day")
    assert "1 May 2031" in page.inner_text("h1")
    page.click("text=Next day")
    assert "9 May 2031" in page.inner_text("h1")


def test_the_api_docs_work_with_no_network(site: tuple[str, Archive], browser: Browser) -> None:
    base, _ = site
    # Swagger UI runs script; every request that is not to this loopback server is refused
    context = browser.new_context(java_script_enabled=True)
    refused: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{base}/")
        page.click("nav.site-nav >> text=API")
        page.wait_for_selector("text=briefing API")
        page.get_by_text("/api/v1/briefs/{brief_id}").first.wait_for()
        body = page.inner_text("body")
        assert "/api/v1/summary" in body and "DELETE" in body
        assert refused == [], f"the docs asked the network for {refused}"
    finally:
        context.close()
