"""The digest's frozen dataclasses and their JSON (schema ``briefing.digest/1``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from briefing.models import STATUSES, Casualty, Deployment, Facts, Reaction

DIGEST_SCHEMA = "briefing.digest/1"


@dataclass(frozen=True)
class StorySource:
    """One article of a story: the brief it comes from and its outlet."""

    brief_id: str
    title: str
    source: str | None
    published: dt.date | None
    #: where the article was fetched from, when it came from the web
    url: str | None = None
    #: the article's author(s), when known
    author: str | None = None
    #: ISO 639-1 code of the article's language
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.brief_id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "author": self.author,
            "language": self.language,
        }


@dataclass(frozen=True)
class Toll:
    """People affected by one story, or the whole day, by status.

    A story's figure for a status is the highest one any of its reports gives: reports of
    one event repeat (and update) one toll, so adding them up would count people twice.
    """

    killed: int = 0
    wounded: int = 0
    missing: int = 0
    captured: int = 0

    def __add__(self, other: Toll) -> Toll:
        return Toll(*(getattr(self, s) + getattr(other, s) for s in STATUSES))

    def __bool__(self) -> bool:
        return any(getattr(self, s) for s in STATUSES)

    def to_dict(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in STATUSES}


@dataclass(frozen=True)
class Deployed:
    """How many of one asset (troops, warships, ...) a story reports sent or stationed."""

    asset: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"asset": self.asset, "count": self.count}


@dataclass(frozen=True)
class ReactionRow:
    """One line of the "who reacted how" table: a speaker of a story, with every stance
    they take across its reports (``stance`` is the first of them)."""

    speaker: str
    role: str | None
    stance: str | None
    quote: str
    story: int
    story_headline: str
    brief_id: str
    stances: tuple[str, ...] = ()

    @property
    def all_stances(self) -> tuple[str, ...]:
        """Every stance, ``stance`` alone when the row was made without the list."""
        return self.stances or ((self.stance,) if self.stance else ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "stance": self.stance,
            "stances": list(self.all_stances),
            "quote": self.quote,
            "story": self.story,
            "story_headline": self.story_headline,
            "brief_id": self.brief_id,
        }


@dataclass(frozen=True)
class Story:
    """Every article of the day about one story, with their facts brought together."""

    #: rank in the digest, 1 = most important
    number: int
    headline: str
    #: the brief whose headline and summary stand for the story (its fullest report)
    lead_brief_id: str
    summary: tuple[str, ...]
    sources: tuple[StorySource, ...]
    toll: Toll
    deployed: tuple[Deployed, ...]
    #: every kind's facts over the story's reports, each kind merged its own way
    #: (``FactKind.merge``); background casualties and deployments (historical tolls,
    #: earlier or standing forces) are shown but left out of ``toll`` and ``deployed``
    facts: Facts

    @property
    def casualties(self) -> tuple[Casualty, ...]:
        return self.facts.casualties

    @property
    def deployments(self) -> tuple[Deployment, ...]:
        return self.facts.deployments

    @property
    def reactions(self) -> tuple[Reaction, ...]:
        """One reaction per speaker."""
        return self.facts.reactions

    @property
    def outlets(self) -> tuple[str, ...]:
        """Distinct outlet names, in source order."""
        return tuple(dict.fromkeys(s.source for s in self.sources if s.source))

    @property
    def authors(self) -> tuple[str, ...]:
        """Distinct authors, in source order."""
        return tuple(dict.fromkeys(s.author for s in self.sources if s.author))

    @property
    def language(self) -> str:
        """The language of the story's headline and summary (its lead report's)."""
        lead = next((s for s in self.sources if s.brief_id == self.lead_brief_id), None)
        return lead.language if lead is not None else "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "headline": self.headline,
            "brief_id": self.lead_brief_id,
            "summary": list(self.summary),
            "sources": [s.to_dict() for s in self.sources],
            "toll": self.toll.to_dict(),
            "deployed": [d.to_dict() for d in self.deployed],
            **self.facts.to_dict(),
        }


@dataclass(frozen=True)
class Digest:
    """A day's briefs as stories, most important first, with the day's numbers on top."""

    day: dt.date
    stories: tuple[Story, ...]
    article_count: int
    reactions: tuple[ReactionRow, ...]

    @property
    def toll(self) -> Toll:
        """People killed, wounded, missing and captured over all the day's stories."""
        total = Toll()
        for story in self.stories:
            total = total + story.toll
        return total

    @property
    def deployed(self) -> tuple[Deployed, ...]:
        """Assets deployed over all the day's stories, largest first."""
        totals: dict[str, int] = {}
        for story in self.stories:
            for item in story.deployed:
                totals[item.asset] = totals.get(item.asset, 0) + item.count
        return tuple(
            Deployed(asset, count)
            for asset, count in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        )

    @property
    def numbered_stories(self) -> tuple[Story, ...]:
        """Stories with a toll or a deployment: the rows of the day's numbers."""
        return tuple(s for s in self.stories if s.toll or s.deployed)

    def to_dict(self) -> dict[str, Any]:
        """The digest JSON (schema ``briefing.digest/1``)."""
        return {
            "schema": DIGEST_SCHEMA,
            "date": self.day.isoformat(),
            "article_count": self.article_count,
            "story_count": len(self.stories),
            "toll": self.toll.to_dict(),
            "deployed": [d.to_dict() for d in self.deployed],
            "reactions": [r.to_dict() for r in self.reactions],
            "stories": [s.to_dict() for s in self.stories],
        }
