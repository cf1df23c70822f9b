"""A fact kind is one entry of ``facts.kinds.KINDS``: everything that walks over the kinds
(Facts and its JSON, the renderers, the email, the digest, the API's models, the
evaluation) reads that table, so none of them lists the kinds by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import build_brief
from briefing.config import Settings
from briefing.digest import build_digest
from briefing.evaluation.facts import FACT_TYPES, FactsReport
from briefing.facts import KINDS, extract_facts
from briefing.ingest import read_article
from briefing.models import FACT_MODELS, STANCES, STATUSES, Brief, Evidence, Fact, Facts
from briefing.options import OutputOptions
from briefing.render.facts_lines import fact_groups
from briefing.render.formats import FORMATS
from briefing.render.mail import render_digest_text, story_facts
from briefing.text import build_document
from briefing.web.digests import StoryOut
from briefing.web.schema import FactsOut


@pytest.fixture(scope="module")
def brief(seed_text: str) -> Brief:
    return build_brief(seed_text, id="seed")


def test_every_fact_dataclass_is_one_listed_kind() -> None:
    assert [kind.model for kind in KINDS] == list(FACT_MODELS.values())
    assert [kind.name for kind in KINDS] == [model.kind for model in FACT_MODELS.values()]


def test_a_kind_registers_itself_and_twice_is_an_error() -> None:
    with pytest.raises(TypeError, match="two fact kinds named 'casualties'"):

        class Again(Fact, kind="casualties"):
            pass


def test_facts_know_no_kind_they_were_not_told_of() -> None:
    with pytest.raises(TypeError, match="no fact kind 'arrests'"):
        Facts(arrests=())


def test_the_brief_json_has_every_kind_even_with_none_found() -> None:
    assert list(Facts().to_dict()) == [kind.name for kind in KINDS]
    assert list(FactsOut.model_fields) == [kind.name for kind in KINDS]


def test_every_kind_extracts_from_the_document_and_reads_as_lines(seed_text: str) -> None:
    document = build_document(read_article(seed_text))
    facts = extract_facts(document)
    for kind in KINDS:
        found = kind.extract(document)
        assert found == facts.of(kind.name) and found, kind.name
        lines = kind.lines(found)
        assert lines and all(isinstance(line, str) and line for line in lines), kind.name
        if not kind.grouped:
            assert len(lines) == len(found)  # one line a fact, each linked to its evidence
        # the API's model takes what the dataclass writes
        for fact in found:
            assert kind.schema.model_validate(fact.to_dict()).model_dump(by_alias=True) == (
                fact.to_dict()
            )


def test_the_brief_shows_the_kinds_in_the_listed_order(brief: Brief) -> None:
    assert [title for title, _ in fact_groups(brief.facts)] == [k.title for k in KINDS]
    # the digest leaves the grouped kind (reactions) to its own table
    assert [title for title, _ in fact_groups(brief.facts, grouped=False)] == [
        k.title for k in KINDS if not k.grouped
    ]


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS if f.name in {"text", "markdown"}])
def test_every_text_format_shows_every_kind(brief: Brief, fmt: str) -> None:
    rendered = next(f for f in FORMATS if f.name == fmt).render(brief, _settings())
    assert isinstance(rendered, str)
    for kind in KINDS:
        assert kind.title in rendered, (fmt, kind.name)


def test_the_digest_merges_every_kind_and_the_email_shows_the_ungrouped_ones(
    brief: Brief,
) -> None:
    digest = build_digest([brief], dt.date(2020, 1, 3))
    (story,) = digest.stories
    for kind in KINDS:
        assert story.facts.of(kind.name) == kind.merge(brief.facts.of(kind.name)), kind.name
        assert kind.name in story.to_dict()
    assert list(StoryOut.model_fields)[-len(KINDS) :] == [kind.name for kind in KINDS]
    assert [title for title, _ in story_facts(story)] == [k.title for k in KINDS if not k.grouped]
    text = render_digest_text(digest, _settings())
    for kind in KINDS:
        if not kind.grouped:
            assert f"{kind.title}: " in text, kind.name


def test_the_evaluation_scores_every_kind() -> None:
    assert tuple(kind.name for kind in KINDS) == FACT_TYPES
    assert set(FactsReport().scores) == set(FACT_TYPES)


def test_statuses_and_stances_are_the_contracts_and_the_schemas() -> None:
    assert set(STATUSES) == {"killed", "wounded", "missing", "captured"}
    assert set(STANCES) == {"condemn", "support", "threaten", "de-escalate", "other"}
    schema = FactsOut.model_json_schema()
    text = str(schema)
    for word in (*STATUSES, *STANCES):
        assert repr(word) in text


def test_every_stance_the_rules_know_is_in_the_stance_list() -> None:
    from briefing.facts.reactions.lexicon import AGENT_NOUNS, REACTION_VERBS, STANCE_CUES

    said = {stance for stance, _ in STANCE_CUES}
    said |= set(REACTION_VERBS.values()) | set(AGENT_NOUNS.values())
    assert said - {None} <= set(STANCES)


def test_a_fact_carries_its_evidence() -> None:
    evidence = Evidence("x", 0, 1)
    for model in FACT_MODELS.values():
        assert "evidence" in model.__dataclass_fields__  # type: ignore[attr-defined]
    assert evidence.to_dict() == {"text": "x", "start": 0, "end": 1}


def _settings() -> OutputOptions:
    return Settings().output
