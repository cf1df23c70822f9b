"""build_digest: a day's briefs -> stories, ranked, with their facts brought together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from briefing.digest.grouping import group_articles, text_features
from briefing.digest.model import (
    Deployed,
    Digest,
    ReactionRow,
    Story,
    StorySource,
    Toll,
)
from briefing.facts.kinds import KINDS, asset_class
from briefing.facts.totals import current_toll
from briefing.models import STATUSES, Brief, Deployment, Facts, Reaction

#: summary sentences a story shows (from its lead brief)
SUMMARY_SENTENCES = 3


def build_digest(
    briefs: Iterable[Brief], day: dt.date, *, summary_sentences: int = SUMMARY_SENTENCES
) -> Digest:
    """The digest of ``day`` from that day's briefs (in the order they were stored).

    Articles about one story are grouped (see ``briefing.digest.grouping``); stories are
    ranked by importance: those reporting casualties or deployments first, then by how
    many articles and reactions they have, then by the size of their toll and
    deployments, then in the order their first article arrived. A brief listed twice (same
    id) counts once.
    """
    unique: dict[str, Brief] = {}
    for brief in briefs:
        unique.setdefault(brief.id, brief)
    items = list(unique.values())
    grouping = group_articles(
        [text_features(b.title, b.article.text, b.article.language or "en") for b in items]
    )
    # Stories come in the order of their first article; the sort is stable, so that
    # order breaks every tie.
    drafts = sorted(
        (_draft([items[i] for i in members], summary_sentences) for members in grouping.stories),
        key=_importance,
    )
    stories = tuple(replace(story, number=n) for n, story in enumerate(drafts, start=1))
    return Digest(
        day=day,
        stories=stories,
        article_count=len(items),
        reactions=tuple(_reaction_rows(stories)),
    )


def _draft(briefs: Sequence[Brief], summary_sentences: int) -> Story:
    """A story (numbered 0 for now) from its briefs."""
    lead = max(enumerate(briefs), key=lambda ib: (len(ib[1].facts), ib[1].word_count, -ib[0]))[1]
    facts = Facts(
        **{
            kind.name: kind.merge(fact for brief in briefs for fact in brief.facts.of(kind.name))
            for kind in KINDS
        }
    )
    summary = tuple(s.text for s in lead.summary.sentences[:summary_sentences])
    return Story(
        number=0,
        headline=lead.title.strip() or (summary[0] if summary else lead.id),
        lead_brief_id=lead.id,
        summary=summary,
        sources=tuple(
            StorySource(
                b.id,
                b.title,
                b.article.source,
                b.article.published,
                b.article.url,
                author=b.article.author,
                language=b.article.language or "en",
            )
            for b in briefs
        ),
        # background tolls and standing or earlier forces are shown, never added up
        toll=_toll(briefs),
        deployed=_deployed([d for d in facts.deployments if not d.background]),
        facts=facts,
    )


def _importance(story: Story) -> tuple[int, int, int, int, int]:
    hard = any(not c.historical for c in story.casualties) or any(
        not d.background for d in story.deployments
    )
    toll = sum(story.toll.to_dict().values())
    deployed = sum(d.count for d in story.deployed)
    return (0 if hard else 1, -len(story.sources), -len(story.reactions), -toll, -deployed)


def _toll(briefs: Sequence[Brief]) -> Toll:
    """The highest toll any report gives for each status (reports of one event repeat a
    toll); each report's toll as its brief's card counts it (``facts.totals``)."""
    best = dict.fromkeys(STATUSES, 0)
    for brief in briefs:
        for status, count in current_toll(brief.facts.casualties).items():
            if status in best:
                best[status] = max(best[status], count)
    return Toll(**best)


def _deployed(deployments: Sequence[Deployment]) -> tuple[Deployed, ...]:
    """The highest count reported for each asset, largest first."""
    best: dict[str, int] = {}
    for fact in deployments:
        if fact.count is not None:
            asset = asset_class(fact)
            best[asset] = max(best.get(asset, 0), fact.count)
    return tuple(
        Deployed(asset, count)
        for asset, count in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    )


#: words that open a described anonymous speaker: "a senior US official", "two diplomats"
INDEFINITE = frozenset(["a", "an", "one", "two", "three", "several", "some", "many"])
#: lower-case particles inside names: "Abu Mahdi al-Muhandis", "Ursula von der Leyen"
NAME_PARTICLES = frozenset(
    ["al", "al-", "bin", "ibn", "de", "der", "van", "von", "la", "le", "da", "di", "du", "el"]
)


def reportable_speaker(reaction: Reaction) -> bool:
    """Whether "who reacted how" lists this speaker: a named person, or a described one.

    Named: two or more capitalised words ("Mike Pompeo"), or one with a role found for it
    ("Pompeo", the secretary of state). Described: an indefinite description of at least
    three words ("a senior Iraqi official"). Bare bodies, places and roles ("Army",
    "Washington", "official", "its director") tell a reader nothing about who spoke.
    """
    words = reaction.speaker.split()
    if not words:
        return False
    if words[0].lower() in INDEFINITE:
        return len(words) >= 3
    capitalised = [w for w in words if w.lower() not in NAME_PARTICLES]
    if not capitalised or not all(w[:1].isupper() for w in capitalised):
        return False
    return len(capitalised) >= 2 or reaction.role is not None


def _reaction_rows(stories: Sequence[Story]) -> Iterable[ReactionRow]:
    """One row per listed speaker per story, in story order."""
    for story in stories:
        for reaction in story.reactions:
            if not reportable_speaker(reaction):
                continue
            yield ReactionRow(
                speaker=reaction.speaker,
                role=reaction.role,
                stance=reaction.stance,
                quote=reaction.quote,
                story=story.number,
                story_headline=story.headline,
                brief_id=story.lead_brief_id,
            )
