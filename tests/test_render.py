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
