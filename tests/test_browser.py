"""A real browser (Debian's Chromium, driven by Playwright) uses the site like a person.

It pastes the seed into the form, reads the brief (with its facts when the rules layer
finds any), follows an evidence link, and prints the brief to PDF: exactly one page on A4
and on US Letter. Where /usr/bin/chromium is missing these tests skip with a reason,
except under CI (the CI variable set), where a missing browser fails them.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from briefing import build_brief
from briefing.config import Settings
from briefing.models import Brief, Casualty, Deployment, Evidence, Facts, Reaction
from briefing.render.facts_lines import reactions_by_speaker
from briefing.store import Archive
from briefing.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from pypdf import PdfReader  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Archive]]:
    """The app on a free port in a thread, and its archive."""
    app = create_app(Settings(instance_path=tmp_path_factory.mktemp("browser")))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app.extensions["briefing.archive"]
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["briefing.archive"].close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
    speakers = p.locator("section.reactions li").count()
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
    assert p.locator("section.reactions li").count() == 9
    for paper in ("A4", "Letter"):
        assert pdf_pages(p, paper) == 1, f"the brief does not fit one {paper} page"
    link = p.locator("section.reactions li >> nth=0 >> a.evidence")
    link.click()
    mark = p.inner_text("mark#evidence")
    assert mark == brief.facts.reactions[0].evidence.text
