"""The fact kinds are listed once and everything that walks over them reads that list."""

from __future__ import annotations

import dataclasses

from briefing.facts import KINDS, extract_facts
from briefing.ingest import read_article
from briefing.models import Facts
from briefing.render.facts_lines import GROUPED_LINES, LINES, fact_groups
from briefing.text import build_document


def test_every_facts_field_is_a_listed_kind() -> None:
    assert [k.name for k in KINDS] == [f.name for f in dataclasses.fields(Facts)]


def test_every_kind_has_a_way_to_render() -> None:
    for kind in KINDS:
        assert kind.name in (GROUPED_LINES if kind.grouped else LINES), kind.name


def test_the_brief_shows_the_kinds_in_the_listed_order(seed_text: str) -> None:
    facts = extract_facts(build_document(read_article(seed_text)))
    assert [title for title, _ in fact_groups(facts)] == [k.title for k in KINDS]
    # the digest leaves the grouped kind (reactions) to its own table
    assert [title for title, _ in fact_groups(facts, grouped=False)] == [
        k.title for k in KINDS if not k.grouped
    ]
