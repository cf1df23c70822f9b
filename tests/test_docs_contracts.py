"""docs/CONTRACTS.md cannot drift: every key a real brief's JSON carries is named either by
the shared contracts (../shared/docs/CONTRACTS.md) or by what briefing adds to them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from briefing import build_brief
from briefing.models import FACT_MODELS

ROOT = Path(__file__).resolve().parents[1]
SHARED_CONTRACTS = Path(__file__).resolve().parents[2] / "shared" / "docs" / "CONTRACTS.md"
OWN_CONTRACTS = ROOT / "docs" / "CONTRACTS.md"

#: six sentences in French: a short-article note and a facts-english-only note
FRENCH = (
    "Tempête sur la côte\n\n"
    "Une violente tempête a frappé la côte bretonne lundi soir, privant des milliers de "
    "foyers d'électricité. Les pompiers sont intervenus à plusieurs reprises pendant la "
    "nuit. Les routes du littoral restent fermées ce mardi matin. La préfecture appelle les "
    "habitants à la prudence. Les écoles de la région resteront fermées jusqu'à nouvel "
    "ordre. Les dégâts sont encore en cours d'évaluation."
)

_FENCE = re.compile(r"```.*?```", re.DOTALL)
_INLINE = re.compile(r"`([^`\n]+)`")
#: a key as it stands in code: not part of a longer name nor of an option (`--language`)
_NAME = re.compile(r"(?<![\w-])[A-Za-z_]\w*")


def code_names(markdown: str) -> set[str]:
    """Every name written as code in a Markdown page: in fenced blocks and `inline code`."""
    chunks = _FENCE.findall(markdown) + _INLINE.findall(_FENCE.sub("", markdown))
    return {name for chunk in chunks for name in _NAME.findall(chunk)}


@pytest.fixture(scope="module")
def documented() -> set[str]:
    if not SHARED_CONTRACTS.is_file():
        pytest.skip(f"the shared contracts are not at {SHARED_CONTRACTS}")
    shared = SHARED_CONTRACTS.read_text(encoding="utf-8")
    return code_names(shared) | code_names(OWN_CONTRACTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def brief_json(seed_text: str) -> dict[str, Any]:
    return build_brief(seed_text).to_dict()


def test_every_top_level_key_of_the_brief_json_is_documented(
    brief_json: dict[str, Any], documented: set[str]
) -> None:
    missing = sorted(set(brief_json) - documented)
    assert not missing, f"Brief JSON keys in neither contracts page: {missing}"


def test_every_key_inside_summary_article_and_notes_is_documented(
    brief_json: dict[str, Any], documented: set[str]
) -> None:
    notes = build_brief(FRENCH).to_dict()["notes"]
    assert notes, "a short French article should carry notes"
    keys = set(brief_json["summary"][0]) | set(brief_json["article"])
    keys |= {key for note in notes for key in note}
    missing = sorted(keys - documented)
    assert not missing, f"Brief JSON keys in neither contracts page: {missing}"
    own = OWN_CONTRACTS.read_text(encoding="utf-8")
    undocumented = sorted(note["code"] for note in notes if f"`{note['code']}`" not in own)
    assert not undocumented, f"note codes not in docs/CONTRACTS.md: {undocumented}"


@pytest.mark.parametrize("kind", list(FACT_MODELS))
def test_every_field_of_every_fact_is_documented(
    kind: str, brief_json: dict[str, Any], documented: set[str]
) -> None:
    facts = brief_json["facts"][kind]
    assert facts, f"the seed article should give {kind} facts to check"
    assert kind in documented
    fields = {key for fact in facts for key in fact} | {
        key for fact in facts for key in fact["evidence"]
    }
    missing = sorted(fields - documented)
    assert not missing, f"{kind} fields in neither contracts page: {missing}"
