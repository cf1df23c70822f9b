"""The ``explain`` option: text and Markdown briefs say which rule and weights kept a fact."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main
from briefing.models import Brief, Casualty, Evidence, Facts
from briefing.options import OPTION_NAMES, BriefOptions
from briefing.render.markdown import render_markdown
from briefing.render.text import render_text

SEED = Path(__file__).parent.parent / "seeds" / "000_8b6ec4914fcd75e2.txt"
WHY = "casualty.passive_toll; casualty judge 0.91 >= 0.45 (verb=kill +1.20)"


def test_explain_is_an_option_off_by_default() -> None:
    assert "explain" in OPTION_NAMES
    assert BriefOptions().explain is False
    assert BriefOptions.from_mapping({"explain": "on"}).explain is True
    assert "explain" not in BriefOptions().to_mapping()  # stored options stay as they were
    assert BriefOptions.from_mapping({"explain": True}).to_mapping()["explain"] is True


def _brief() -> Brief:
    result = CliRunner().invoke(main, ["brief", "--format", "json", str(SEED)])
    brief = Brief.from_dict(json.loads(result.output))
    evidence = Evidence("Three were killed.", 0, 18)
    toll = Casualty(3, "three", "killed", None, None, evidence, rule="r", explanation=WHY)
    return replace(brief, facts=Facts(casualties=(toll,)))


def test_the_json_always_carries_rule_and_explanation() -> None:
    fact = _brief().facts.casualties[0]
    data = fact.to_dict()
    assert (data["rule"], data["explanation"]) == ("r", WHY)
    assert Casualty.from_dict(data) == fact


def test_text_and_markdown_add_why_these_facts_when_asked() -> None:
    brief = _brief()
    assert "Why these facts" not in render_text(brief)
    assert "Why these facts" not in render_markdown(brief)
    text = render_text(brief, explain=True, width=200)
    assert f"Why these facts\n---------------\n- casualties: {WHY} ('Three were killed.')" in text
    assert "## Why these facts" in render_markdown(brief, explain=True)


def test_the_cli_flag_adds_the_section() -> None:
    result = CliRunner().invoke(main, ["brief", "--explain", "--format", "md", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "## Why these facts" in result.output
    plain = CliRunner().invoke(main, ["brief", "--format", "md", str(SEED)])
    assert "Why these facts" not in plain.output
