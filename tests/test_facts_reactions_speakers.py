"""Each speaker rule on its own: the sentence shapes it reads, and what it leaves to others."""

from __future__ import annotations

import pytest

from briefing.facts.reactions.lexicon import VERB_WORDS
from briefing.facts.reactions.speakers import (
    Context,
    SpeakerRule,
    anonymous_source,
    group_before_verb,
    name_after_verb,
    name_before_verb,
    name_role_verb,
    name_with_appositive,
    passive_agent,
    role_of_body,
)
from briefing.facts.tokens import Clause, clauses_of
from briefing.ingest import read_article
from briefing.models import ArticleMeta
from briefing.text import build_document


def first_clause(text: str) -> tuple[Clause, int]:
    """The sentence as the rules see it, and the index of its first verb of saying."""
    (clause,) = clauses_of(build_document(read_article(text, meta=ArticleMeta(title="Test"))))
    verb = next(k for k, t in enumerate(clause.tokens) if t.lower in VERB_WORDS)
    return clause, verb


@pytest.mark.parametrize(
    ("rule", "text", "name"),
    [
        # a capitalised run right before the verb, titles cut off
        (name_before_verb, "UK Foreign Secretary Jane Marlow urged calm.", "Jane Marlow"),
        (name_before_verb, "The Pentagon said the strike was lawful.", "Pentagon"),
        # after a preposition a name is not the subject
        (name_before_verb, "A unit run by Hezbollah said the town fell.", None),
        # the name, then its role between commas
        (name_with_appositive, "Omid Rahimi, Iran's interior minister, said no.", "Omid Rahimi"),
        # the name, then its role with no comma before the verb
        (
            name_role_verb,
            "Anna Berg, director of the Food Agency said stocks were low.",
            "Anna Berg",
        ),
        # "an official from <body>" speaks for the body
        (
            role_of_body,
            "An official from the presidential Blue House said the drills would wait.",
            "Blue House official",
        ),
        # the agent of a passive verb, named or a group with a stated role
        (passive_agent, "The plan was criticized by European allies.", "European allies"),
        (
            passive_agent,
            "The move was praised by conservative activists.",
            "conservative activists",
        ),
        (passive_agent, "The city said it was quiet.", None),
        # the name after the verb
        (name_after_verb, "The city was quiet, said police spokesman Tariq Aziz.", "Tariq Aziz"),
        (name_after_verb, "Tariq Aziz said the city was quiet.", None),
        # a group noun owned by a name
        (group_before_verb, "The U.S. military said the drone was shot down.", "U.S. military"),
        # an anonymous source with a stated role, before or after the verb
        (
            anonymous_source,
            "A senior U.S. official said talks would resume.",
            "senior U.S. official",
        ),
        (
            anonymous_source,
            "The road is open, said a Syrian military source.",
            "Syrian military source",
        ),
        (anonymous_source, "Officials said talks would resume.", None),
    ],
)
def test_rule(rule: SpeakerRule, text: str, name: str | None) -> None:
    clause, verb = first_clause(text)
    speaker = rule(clause, verb, Context())
    assert (speaker.name if speaker else None) == name
