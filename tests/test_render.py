"""Rendered briefs of the seed, compared with golden files (pytest --update-golden rewrites)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing.brief import build_brief
from briefing.models import Brief
from briefing.render import render_markdown, render_text
from briefing.render.facts_lines import fact_groups


@pytest.fixture(scope="module")
def seed_brief(seed_path: Path) -> Brief:
    return build_brief(seed_path.read_bytes(), filename=seed_path.name)


def test_seed_text(seed_brief: Brief, golden: Any) -> None:
    golden.check("seed.txt", render_text(seed_brief))


def test_seed_markdown(seed_brief: Brief, golden: Any) -> None:
    golden.check("seed.md", render_markdown(seed_brief))


@pytest.mark.parametrize(
    ("render", "heading"),
    [
        (render_text, "Key facts"),  # plain text
        (render_markdown, "## Key facts"),  # Markdown
    ],
)
def test_key_facts_grouped_by_type(
    seed_brief: Brief, render: Callable[[Brief], str], heading: str
) -> None:
    output = render(seed_brief)
    section = output[output.index(heading) :]
    positions = [section.index(title) for title in ("Casualties", "Deployments", "Reactions")]
    assert positions == sorted(positions)


def test_reactions_grouped_by_speaker(seed_brief: Brief) -> None:
    groups = dict(fact_groups(seed_brief.facts))
    trump = [line for line in groups["Reactions"] if line.startswith("Donald Trump")]
    # Trump is quoted several times: one line, several quotes
    assert len(trump) == 1
    assert trump[0].count("“") >= 3


# -- language, author and notes on every rendering (issue 21) ----------------------------

_ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def french_brief() -> Brief:
    text = (_ARTICLES / "fr-tempete.txt").read_text(encoding="utf-8")
    return build_brief(text, author="Claire Dubois, Marc Lefèvre", source="Le Courrier")


def test_the_page_of_a_french_brief_says_its_language_author_and_notes(
    french_brief: Brief,
) -> None:
    from briefing.render.html import render_html

    page = render_html(french_brief)
    assert f'<article class="brief" id="brief-{french_brief.id}" lang="fr">' in page
    assert "By Claire Dubois, Marc Lefèvre · Le Courrier · in French ·" in page
    # key facts: the note, not an empty card or "none found"
    assert '<p class="none" lang="en">Key facts are extracted from English articles only.</p>' in (
        page
    )
    assert 'aria-label="At a glance"' not in page and "No reactions found" not in page
    # said once, where the facts would be
    assert page.count("Key facts are extracted from English articles only.") == 1


def test_the_page_of_an_english_brief_keeps_its_card(seed_brief: Brief) -> None:
    from briefing.render.html import render_html

    page = render_html(seed_brief)
    assert 'lang="en"' in page and 'aria-label="At a glance"' in page
    assert '<ul class="notes"' not in page


def test_text_and_markdown_list_the_notes(french_brief: Brief) -> None:
    text = render_text(french_brief)
    assert "Notes\n-----\n* Key facts are extracted from English articles only.\n" in text
    assert "By Claire Dubois, Marc Lefèvre · Le Courrier · in French" in text
    markdown = render_markdown(french_brief)
    assert "## Notes\n\n- Key facts are extracted from English articles only.\n" in markdown


def test_the_digest_gives_each_story_its_language_and_authors(
    french_brief: Brief, seed_brief: Brief
) -> None:
    import datetime as dt

    from briefing.config import Settings
    from briefing.digest import build_digest
    from briefing.render.mail import render_digest_html, render_digest_text

    digest = build_digest([seed_brief, french_brief], dt.date(2024, 3, 5))
    french = next(s for s in digest.stories if s.lead_brief_id == french_brief.id)
    assert french.language == "fr" and french.authors == ("Claire Dubois, Marc Lefèvre",)
    assert french.sources[0].to_dict()["author"] == "Claire Dubois, Marc Lefèvre"
    html = render_digest_html(digest, Settings().output)
    assert f'id="story-{french.number}" lang="fr"' in html or (
        f'lang="fr" id="story-{french.number}"' in html
    )
    assert "by Claire Dubois, Marc Lefèvre" in html
    # in place of facts, the digest says why there are none
    assert "Key facts are extracted from English articles only." in html
    assert "Le Courrier · by Claire Dubois, Marc Lefèvre" in render_digest_text(
        digest, Settings().output
    )
