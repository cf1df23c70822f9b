"""The API's response models (pydantic): the OpenAPI document's schemas of what we answer.

They describe ``Brief.to_dict()`` and the digest's JSON; ``tests/test_web_schema.py`` checks
them against real briefs, so a field added to the dataclasses and not here fails a test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class EvidenceOut(BaseModel):
    """The exact span of the clean article text that supports a fact."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SummarySentenceOut(BaseModel):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float
    index: int = Field(ge=0)


class CasualtyOut(BaseModel):
    count: int | None
    count_text: str
    status: Literal["killed", "wounded", "missing", "captured"] | None
    who: str | None
    where: str | None
    historical: bool = False
    reported_by: str | None = None
    evidence: EvidenceOut


class DeploymentOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    count: int | None
    count_text: str = ""
    asset: str | None
    unit: str | None
    origin: str | None = Field(alias="from")
    destination: str | None = Field(alias="to")
    earlier: bool = False
    asset_text: str = ""
    standing: bool = False
    evidence: EvidenceOut


class ReactionOut(BaseModel):
    speaker: str
    role: str | None
    quote: str
    stance: Literal["condemn", "support", "threaten", "de-escalate", "other"] | None
    channel: str | None = None
    #: the quote is the reporter's paraphrase, not the speaker's words
    paraphrase: bool = False
    evidence: EvidenceOut


class FactsOut(BaseModel):
    casualties: list[CasualtyOut]
    deployments: list[DeploymentOut]
    reactions: list[ReactionOut]


class ArticleOut(BaseModel):
    text: str = Field(description="The clean article text every offset points into.")
    paragraphs: list[tuple[int, int]]
    headings: list[tuple[int, int]]


class BriefOut(BaseModel):
    """The Brief JSON, schema ``briefing.brief/1`` (CONTRACTS.md)."""

    model_config = ConfigDict(title="Brief", populate_by_name=True)

    schema_: Literal["briefing.brief/1"] = Field(alias="schema")
    id: str
    title: str
    source: str | None
    published: dt.date | None
    url: str | None = Field(default=None, description="Where the article was fetched from.")
    word_count: int = Field(ge=0)
    reading_minutes: int = Field(ge=1)
    method: str
    summary: list[SummarySentenceOut]
    facts: FactsOut
    article: ArticleOut


class BriefListItem(BaseModel):
    """One stored brief in a listing."""

    id: str
    title: str
    source: str | None
    published: dt.date | None
    date: dt.date = Field(description="The brief's date (publication, else ingest date).")
    ingested_at: dt.datetime
    url: str = Field(description="Where the brief JSON is.")
    page_url: str = Field(description="Where the one-page brief is.")


class BriefList(BaseModel):
    """A page of stored briefs, newest first."""

    items: list[BriefListItem]
    total: int = Field(ge=0)
    limit: int
    offset: int


class Health(BaseModel):
    status: Literal["ok"]
    archive: Literal["ok"]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    model_config = ConfigDict(title="Problem", extra="allow")

    type: str = Field(description="URI reference of the problem type (/problems/<slug>).")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Each field that failed validation, with why."
    )
