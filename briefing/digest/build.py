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
        (
            (_draft(briefs, summary_sentences), briefs)
            for briefs in ([items[i] for i in members] for members in grouping.stories)
        ),
        key=lambda pair: _importance(pair[0]),
    )
    numbered = [
        (replace(story, number=n), briefs) for n, (story, briefs) in enumerate(drafts, start=1)
    ]
    return Digest(
        day=day,
        stories=tuple(story for story, _ in numbered),
        article_count=len(items),
        reactions=tuple(_reaction_rows(numbered)),
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


def speaker_key(name: str) -> str:
    """Speakers are one across a story's reports whatever their spacing and case."""
    return " ".join(name.casefold().split())


def story_speakers(briefs: Sequence[Brief]) -> list[list[Reaction]]:
    """Every speaker of a story's reports (the list each brief page shows), one group of
    reactions a speaker across the reports, in the order they first speak."""
    groups: dict[str, list[Reaction]] = {}
    for brief in briefs:
        for reaction in brief.facts.reactions:
            groups.setdefault(speaker_key(reaction.speaker), []).append(reaction)
    return list(groups.values())


def speaker_stances(reactions: Sequence[Reaction]) -> tuple[str, ...]:
    """A speaker's distinct stances; "other" only when nothing more specific was found
    (as the brief page's reactions and its tally count them)."""
    stances = tuple(dict.fromkeys(r.stance for r in reactions if r.stance))
    specific = tuple(s for s in stances if s != "other")
    return specific or stances


def _reaction_rows(stories: Sequence[tuple[Story, Sequence[Brief]]]) -> Iterable[ReactionRow]:
    """One row per speaker per story, with all their stances, in story order."""
    for story, briefs in stories:
        for group in story_speakers(briefs):
            stances = speaker_stances(group)
            # the quote said most about where they stand: the longest with a stance
            best = max(group, key=lambda r: (r.stance is not None, len(r.quote)))
            yield ReactionRow(
                speaker=group[0].speaker,
                role=next((r.role for r in group if r.role), None),
                stance=stances[0] if stances else None,
                quote=best.quote,
                story=story.number,
                story_headline=story.headline,
                brief_id=story.lead_brief_id,
                stances=stances,
            )
