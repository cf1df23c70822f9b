"""The fact kinds, listed once: each entry is all a kind is to the rest of briefing.

A ``FactKind`` carries the kind's dataclass (a ``models.Fact``), its rules (``extract``:
the article's ``Document`` to its facts), how its facts read as lines of text, how a
digest story merges the facts of its reports, and its schema in the API. ``Facts``, the
text, Markdown, HTML and email renderers, the digest, the API's models and the evaluation
all walk ``KINDS``: a fourth kind is its module (dataclass, rules, lines, schema), its word
lists, one entry here and its tests.

``grouped`` kinds are shown as one line per speaker (a minister quoted four times is one
line) and, in the HTML brief and the digest, in their own table rather than as
evidence-linked lines.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from briefing.facts.candidates import Candidate
from briefing.facts.casualties import extract_casualties
from briefing.facts.deployments import deployment_candidates, mentions_forces
from briefing.facts.judges import decide
from briefing.facts.lines import casualty_line, deployment_line, speaker_lines
from briefing.facts.reactions import extract_reactions
from briefing.facts.reader import read_sentences
from briefing.facts.schema import CasualtyOut, DeploymentOut, ReactionOut
from briefing.facts.tokens import Clause, clauses_of
from briefing.models import Casualty, Deployment, Document, Fact, Reaction

__all__ = ["KINDS", "FactKind", "asset_class"]

T = TypeVar("T")


@dataclass(frozen=True)
class FactKind:
    """One kind of key fact (see the module docstring)."""

    #: the kind's key in ``Facts``, the Brief JSON and the digest JSON
    name: str
    #: the heading a brief shows above the kind's lines
    title: str
    #: the kind's dataclass (it registered ``name`` when it was defined)
    model: type[Fact]
    #: the rules: an article's document to the candidates of this kind the judges weigh
    propose: Callable[[Document], list[Candidate]]
    #: the facts as lines of text: one a fact, or (``grouped``) one a speaker
    lines: Callable[[tuple[Any, ...]], list[str]]
    #: a digest story's facts of this kind, from those of all its reports
    merge: Callable[[Iterable[Any]], tuple[Any, ...]]
    #: the API's model of one fact (the OpenAPI schema; checked against ``to_dict``)
    schema: type[BaseModel]
    #: shown grouped by speaker, in a table of its own in the HTML brief and the digest
    grouped: bool = False

    def extract(self, document: Document) -> tuple[Any, ...]:
        """The kind's facts in ``document``: its rules' candidates the judges accept."""
        return tuple(decide(self.propose(document)))


# -- the rules, each kind reading the document's clauses --------------------------------

#: the clauses of the last document read: the kinds of one brief share one reading
_last_read: tuple[Document | None, tuple[Clause, ...]] = (None, ())


def _clauses(document: Document) -> tuple[Clause, ...]:
    global _last_read
    last_document, clauses = _last_read
    if last_document is not document:
        clauses = clauses_of(document)
        _last_read = (document, clauses)
    return clauses


def _as_candidates(kind: str, facts: Iterable[Fact]) -> list[Candidate]:
    """The facts of token-window rules, which ask no judge (the clause reader's rules that
    replace them propose judged candidates; see issue 17)."""
    return [
        Candidate("", f"{kind}.token_rules", (kind, i), {}, fact) for i, fact in enumerate(facts)
    ]


def _casualties(document: Document) -> list[Candidate]:
    return _as_candidates("casualty", extract_casualties(_clauses(document)))


def _deployments(document: Document) -> list[Candidate]:
    readings = read_sentences(document, mentions_forces)
    return deployment_candidates(readings, document.article.text)


def _reactions(document: Document) -> list[Candidate]:
    facts = extract_reactions(_clauses(document), document.article.text)
    return _as_candidates("reaction", facts)


# -- lines ---------------------------------------------------------------------------------


def _one_a_fact(line: Callable[[T], str]) -> Callable[[tuple[T, ...]], list[str]]:
    def lines(items: tuple[T, ...]) -> list[str]:
        return [line(item) for item in items]

    return lines


# -- a digest story's facts ------------------------------------------------------------


def _unique(key: Callable[[T], Hashable]) -> Callable[[Iterable[T]], tuple[T, ...]]:
    """Merge by ``key``: the first report of each fact stands for the others."""

    def merge(items: Iterable[T]) -> tuple[T, ...]:
        seen: dict[Hashable, T] = {}
        for item in items:
            seen.setdefault(key(item), item)
        return tuple(seen.values())

    return merge


def asset_class(fact: Deployment) -> str:
    """A deployment's asset class as the digest counts it ("forces" when unknown)."""
    return (fact.asset or "forces").strip().lower()


def _merge_reactions(reactions: Iterable[Reaction]) -> tuple[Reaction, ...]:
    """One reaction per speaker: the first, completed with a role or stance found later."""
    by_speaker: dict[str, Reaction] = {}
    for reaction in reactions:
        key = " ".join(reaction.speaker.casefold().split())
        known = by_speaker.get(key)
        if known is None:
            by_speaker[key] = reaction
            continue
        if known.role is None and reaction.role is not None:
            known = replace(known, role=reaction.role)
        if known.stance in (None, "other") and reaction.stance not in (None, "other"):
            known = replace(known, stance=reaction.stance)
        by_speaker[key] = known
    return tuple(by_speaker.values())


KINDS: tuple[FactKind, ...] = (
    FactKind(
        "casualties",
        "Casualties",
        Casualty,
        _casualties,
        _one_a_fact(casualty_line),
        _unique(
            lambda c: (c.count, c.status, c.who, c.where, c.count_text if c.count is None else "")
        ),
        CasualtyOut,
    ),
    FactKind(
        "deployments",
        "Deployments",
        Deployment,
        _deployments,
        _one_a_fact(deployment_line),
        _unique(
            lambda d: (
                d.count,
                asset_class(d),
                d.destination,
                d.count_text if d.count is None else "",
            )
        ),
        DeploymentOut,
    ),
    FactKind(
        "reactions",
        "Reactions",
        Reaction,
        _reactions,
        speaker_lines,
        _merge_reactions,
        ReactionOut,
        grouped=True,
    ),
)
