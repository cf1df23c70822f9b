"""The API's models (pydantic): the OpenAPI document's schemas of what we take and answer.

Requests: ``ArticleInput`` (JSON), ``ArticleUpload`` (multipart), ``ListQuery``; their option
fields are made from ``briefing.options.OPTIONS``, so no bound is restated here, and the
rules (one length, a real date) are checked by the core's own code. Responses describe
``Brief.to_dict()`` and the digest's JSON; ``tests/test_web_schema.py`` checks them against
real briefs, so a field added to the dataclasses and not here fails a test.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema
from spectree.model_adapter.pydantic_adapter import BaseFile

from briefing.errors import OptionsError
from briefing.facts.kinds import KINDS
from briefing.facts.schema import CasualtyOut, DeploymentOut, EvidenceOut, ReactionOut
from briefing.ingest import suffix_list
from briefing.options import LENGTH_OPTIONS, OPTION_NAMES, OPTIONS, parse_date
from briefing.summarise import Length

__all__ = [
    "ArticleInput",
    "ArticleUpload",
    "BriefList",
    "BriefListItem",
    "BriefOut",
    "CasualtyOut",
    "DeploymentOut",
    "EvidenceOut",
    "FactsOut",
    "Health",
    "ListQuery",
    "OptionsInput",
    "Problem",
    "ReactionOut",
]

#: most briefs one page of the archive listing holds
MAX_PAGE = 100


# -- responses -----------------------------------------------------------------------------


class SummarySentenceOut(BaseModel):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float
    index: int = Field(ge=0)


#: one list per fact kind, from the kinds table: a kind added there is documented here
FACT_FIELDS: dict[str, Any] = {kind.name: (cast(Any, list)[kind.schema], ...) for kind in KINDS}
FactsOut = create_model(
    "FactsOut", __doc__="The key facts, by kind (``briefing.facts.kinds.KINDS``).", **FACT_FIELDS
)


class ArticleOut(BaseModel):
    text: str = Field(description="The clean article text every offset points into.")
    paragraphs: list[tuple[int, int]]
    headings: list[tuple[int, int]]


class NoteOut(BaseModel):
    code: Literal[
        "language-assumed", "language-without-rules", "facts-english-only", "short-article"
    ] = Field(description="Stable code of the note.")
    text: str = Field(description="The note as the brief shows it.")


class BriefOut(BaseModel):
    """The Brief JSON, schema ``briefing.brief/1`` (CONTRACTS.md)."""

    model_config = ConfigDict(title="Brief", populate_by_name=True)

    schema_: Literal["briefing.brief/1"] = Field(alias="schema")
    id: str
    title: str
    source: str | None
    published: dt.date | None
    url: str | None = Field(default=None, description="Where the article was fetched from.")
    language: str = Field(
        default="en",
        description="ISO 639-1 code of the language the article was read in.",
        examples=["fr"],
    )
    language_source: Literal["detected", "declared", "given", "assumed"] = Field(
        default="assumed",
        description="How the language was found: detected from the text, declared by the "
        "page (and the text agrees), given by the caller, or assumed (English: the text "
        "was too short or mixed to tell).",
    )
    author: str | None = Field(default=None, description="The article's author(s).")
    word_count: int = Field(ge=0)
    reading_minutes: int = Field(ge=1)
    method: str
    summary: list[SummarySentenceOut]
    facts: FactsOut  # type: ignore[valid-type]  # a model made from the kinds table
    notes: list[NoteOut] = Field(
        default_factory=list,
        description="What the reader should know about how the brief was made (short "
        "article, language read as English, key facts English only).",
    )
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


class Readiness(BaseModel):
    """What ``/readyz`` checked: each part that is configured answers."""

    status: Literal["ready"]
    archive: Literal["ok"]
    broker: Literal["ok"] | None = Field(
        default=None, description="The task queue's broker (absent: none is configured)."
    )
    results: Literal["ok"] | None = Field(
        default=None, description="The result store, when it is one of its own (a Redis)."
    )


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


# -- requests ------------------------------------------------------------------------

TextValue = Annotated[str, Field(min_length=1)]
DateValue = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["2020-01-03"])]


def _check_date(value: Any) -> Any:
    """A field the schema reads as YYYY-MM-DD must also be a real day (not 2020-02-30)."""
    if isinstance(value, str):
        try:
            parse_date(value)
        except OptionsError as error:
            raise ValueError(error.message) from None
    return value


#: "At most one length option", as JSON Schema.
ONE_LENGTH: JsonDict = {
    "not": {"anyOf": [{"required": list(pair)} for pair in combinations(LENGTH_OPTIONS, 2)]}
}


def _reject_null(value: Any) -> Any:
    """Omit a field to take its default; an explicit null is refused, as the schema says."""
    if value is None:
        raise ValueError("omit the field instead of sending null")
    return value


def _check_unicode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the text is not valid Unicode (lone surrogate)") from None
        if "\x00" in value:
            raise ValueError("the text holds a NUL character")
    return value


def _option_fields() -> dict[str, Any]:
    """The options as pydantic fields, from ``briefing.options.OPTIONS``.

    Constraints sit on the value type, so the schema shows them (not on the "or absent"
    union); the rules stay BriefOptions', which the view applies after this check.
    """
    fields: dict[str, Any] = {}
    for option in OPTIONS:
        constraints: dict[str, Any] = {}
        if option.minimum is not None:
            constraints["gt" if option.above else "ge"] = option.minimum
        if option.maximum is not None:
            constraints["le"] = option.maximum
        if option.choices:
            constraints["json_schema_extra"] = {"enum": list(option.choices)}
        value: Any = cast(Any, Annotated)[option.kind, Field(**constraints)]
        fields[option.name] = (
            value | SkipJsonSchema[None],  # type: ignore[misc]  # a type built at run time
            Field(default=None, description=option.help),
        )
    return fields


class _OptionRules(BaseModel):
    """Give at most one length option; omit an option rather than send null."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="Options",
        json_schema_extra=ONE_LENGTH,
    )

    _no_null = field_validator(*OPTION_NAMES, mode="before", check_fields=False)(_reject_null)

    @model_validator(mode="after")
    def _one_length(self) -> _OptionRules:
        # The core's Length owns the rule (and its wording); the schema only reports it.
        try:
            Length(**{name: getattr(self, name) for name in LENGTH_OPTIONS})
        except OptionsError as error:
            raise ValueError(error.message) from None
        return self


OptionsInput = create_model(
    "OptionsInput",
    __base__=_OptionRules,
    __doc__="How to build the brief; the CLI's option names. Give at most one length option.",
    **_option_fields(),
)


class ArticleInput(BaseModel):
    """An article as JSON: its text or its HTML page (exactly one), a title, options."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        title="ArticleInput",
        json_schema_extra={
            "oneOf": [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}]
        },
    )

    text: TextValue | SkipJsonSchema[None] = Field(
        default=None, description="The article as plain text or Markdown."
    )
    html: TextValue | SkipJsonSchema[None] = Field(
        default=None, description="The article as an HTML page."
    )
    url: Annotated[str, StringConstraints(max_length=4096)] | SkipJsonSchema[None] = Field(
        default=None,
        description="The article's web address (http or https): the page is fetched safely.",
    )
    title: str | None = Field(
        default=None, description="Headline to use instead of the one found in the text."
    )
    source: str | None = Field(default=None, description="The outlet, shown on the brief.")
    published: DateValue | None = Field(
        default=None,
        description="Publication date (YYYY-MM-DD): the brief's date in the archive and digest.",
    )
    author: str | None = Field(
        default=None, description="The author(s); by default what the page or a byline says."
    )
    language: str | None = Field(
        default=None,
        description="The article's language (ISO 639-1, e.g. fr); by default identified.",
        examples=["fr"],
    )
    options: OptionsInput | SkipJsonSchema[None] = None  # type: ignore[valid-type]

    _no_null = field_validator("text", "html", "url", "options", mode="before")(_reject_null)
    _unicode = field_validator(
        "text", "html", "url", "title", "source", "author", "language", mode="before"
    )(_check_unicode)
    _date = field_validator("published", mode="after")(_check_date)

    @model_validator(mode="after")
    def _text_or_html(self) -> ArticleInput:
        given = [v for v in (self.text, self.html, self.url) if v is not None]
        if len(given) != 1:
            raise ValueError('give the article as "text", "html" or "url" (exactly one)')
        return self


class _UploadFields(BaseModel):
    # No "at most one length" keyword here, unlike OptionsInput: schemathesis cannot yet
    # generate multipart bodies under "not" with a binary part. The rule is still enforced.
    model_config = ConfigDict(extra="forbid", title="ArticleUpload")

    file: BaseFile = Field(description=f"The article file ({suffix_list()}).")
    title: str | SkipJsonSchema[None] = None
    source: str | SkipJsonSchema[None] = None
    published: DateValue | SkipJsonSchema[None] = None
    author: str | SkipJsonSchema[None] = None
    language: str | SkipJsonSchema[None] = None

    _unicode = field_validator("title", "source", "author", "language", mode="before")(
        _check_unicode
    )
    _date = field_validator("published", mode="after")(_check_date)


ArticleUpload = create_model(
    "ArticleUpload",
    __base__=_UploadFields,
    __doc__=f"An article as a file upload ({suffix_list()}), optional title and options.\n\n"
    "Give at most one of sentences, words and ratio.",
    **_option_fields(),
)


class ListQuery(BaseModel):
    """Filters and page of the archive listing."""

    model_config = ConfigDict(title="ListQuery")

    date: str | SkipJsonSchema[None] = Field(
        default=None,
        description="Only briefs of this date (YYYY-MM-DD).",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        json_schema_extra={"format": "date"},
    )
    q: str | SkipJsonSchema[None] = Field(
        default=None,
        max_length=500,
        description="Words to find in the title, text, speakers or source (full-text, "
        "stemmed, every word must occur); results are then ranked, best first.",
    )
    since: str | SkipJsonSchema[None] = Field(
        default=None,
        description="Only briefs dated on or after this date (YYYY-MM-DD).",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        json_schema_extra={"format": "date"},
    )
    until: str | SkipJsonSchema[None] = Field(
        default=None,
        description="Only briefs dated on or before this date (YYYY-MM-DD).",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        json_schema_extra={"format": "date"},
    )
    source: str | SkipJsonSchema[None] = Field(
        default=None, max_length=500, description="Only briefs from this source (any case)."
    )
    limit: int = Field(default=20, ge=1, le=MAX_PAGE, description="Page size.")
    offset: int = Field(default=0, ge=0, le=10**9, description="Briefs to skip.")

    _date = field_validator("date", "since", "until")(_check_date)
