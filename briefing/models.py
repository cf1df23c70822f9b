"""Frozen dataclasses that cross every boundary of briefing.

Offsets (``start``/``end``) always index the article's clean text: for every span that
carries text, ``article.text[start:end] == text`` holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Literal, cast, get_args

SCHEMA = "briefing.brief/1"

#: what happened to the people a casualty fact counts (CONTRACTS: ``status``)
Status = Literal["killed", "wounded", "missing", "captured"]
#: where a speaker stands on the event (CONTRACTS: ``stance``); the order the tally shows
Stance = Literal["condemn", "threaten", "support", "de-escalate", "other"]
STATUSES: tuple[Status, ...] = get_args(Status)
STANCES: tuple[Stance, ...] = get_args(Stance)

#: One-to-one character replacements that make typographic text easy to match with
#: plain-ASCII patterns while keeping every offset valid.
_MATCH_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": ".",
    }
)


_TYPOGRAPHIC = tuple((chr(code), ascii) for code, ascii in _MATCH_TABLE.items())


def normalise_for_matching(text: str) -> str:
    """Replace typographic quotes, dashes and spaces by ASCII, one character for one.

    One ``str.replace`` per character the text holds is some fifty times faster than
    ``str.translate`` with a dict table, and gives the same string: every replacement is
    one ASCII character that is itself never replaced.
    """
    for typographic, ascii in _TYPOGRAPHIC:
        if typographic in text:
            text = text.replace(typographic, ascii)
    return text


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the clean text."""

    start: int
    end: int


def content_hash(title: str, text: str) -> str:
    """The sha256 of an article's headline and clean text: the one content id.

    A brief's default id is its first 16 hex digits; the archive keys articles by all 64.
    """
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class ArticleMeta:
    """What the caller says about an article; each given value wins over what ingest finds."""

    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    #: the article's author(s) as the caller knows them
    author: str | None = None
    #: the article's language as the caller knows it ("fr", "fr-FR"); else it is identified
    language: str | None = None


@dataclass(frozen=True)
class Article:
    """An article after ingest: clean text plus what we know about it."""

    text: str
    title: str
    source: str | None = None
    published: dt.date | None = None
    paragraphs: tuple[Span, ...] = ()
    headings: tuple[Span, ...] = ()
    #: the address the article was fetched from, when it came from the web
    url: str | None = None
    #: ISO 639-1 code of the language the text is read in; ``None`` until it is identified
    #: (``read_article`` always identifies it; ``build_brief`` does for an Article made by hand)
    language: str | None = None
    #: how the language was found: "detected" from the text, "declared" by the page and
    #: confirmed by the text, "given" by the caller, or "assumed" (English, the text being
    #: too short or too mixed to tell)
    language_source: str | None = None
    #: the article's author or authors ("Claire Dubois, Marc Lefèvre"), when it says
    author: str | None = None

    @cached_property
    def match_text(self) -> str:
        """The clean text with typographic characters made ASCII; same length, same offsets."""
        return normalise_for_matching(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the clean text with its words ready for ranking."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    is_heading: bool = False
    #: lower-cased word tokens, in order
    words: tuple[str, ...] = ()
    #: Snowball stems of the words that are not stop words
    stems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """The article as a sequence of sentences."""

    article: Article
    sentences: tuple[Sentence, ...]

    @property
    def body(self) -> tuple[Sentence, ...]:
        """Sentences that are not section headings."""
        return tuple(s for s in self.sentences if not s.is_heading)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence chosen for the summary, with the ranker's score."""

    index: int
    start: int
    end: int
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "score": self.score}


@dataclass(frozen=True)
class Summary:
    """Chosen sentences in article order, and the ranker that chose them."""

    method: str
    sentences: tuple[SummarySentence, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact sentence (or span) of the clean text that supports a fact."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))


class Fact:
    """What every kind of key fact is: a frozen dataclass naming its ``kind`` (its key in
    ``Facts`` and in the Brief JSON), with the evidence that supports it and its JSON.

    A subclass registers its kind when it is defined (``class Arrest(Fact, kind="arrests")``),
    so ``Facts`` reads and writes it with no list of kinds of its own; the kinds table
    (``briefing.facts.kinds.KINDS``) gives each kind its rules, lines, digest merge and
    schema.
    """

    kind: ClassVar[str] = ""
    evidence: Evidence

    def __init_subclass__(cls, *, kind: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind:
            if kind in FACT_MODELS:
                raise TypeError(f"two fact kinds named {kind!r}")
            cls.kind = kind
            FACT_MODELS[kind] = cls

    def to_dict(self) -> dict[str, Any]:
        """The fact as the Brief JSON holds it."""
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        """The fact ``to_dict`` wrote."""
        raise NotImplementedError


#: every fact kind's dataclass by kind, in the order they were defined (the JSON's order)
FACT_MODELS: dict[str, type[Fact]] = {}


@dataclass(frozen=True)
class Casualty(Fact, kind="casualties"):
    """People killed, wounded, missing or captured, as one sentence reports them."""

    count: int | None
    count_text: str
    #: one of ``STATUSES`` (a ``Status``) or None
    status: str | None
    who: str | None
    where: str | None
    evidence: Evidence
    #: a background or cumulative toll, not this event's (e.g. "4,500 lives already lost")
    historical: bool = False
    #: who gave the figure, when the sentence says ("Iraqi state television")
    reported_by: str | None = None
    #: the rule that found the fact ("casualty.passive_toll")
    rule: str = ""
    #: why it was kept: the rule, the judge's score against its threshold, the top weights
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "count_text": self.count_text,
            "status": self.status,
            "who": self.who,
            "where": self.where,
            "historical": self.historical,
            "reported_by": self.reported_by,
            "evidence": self.evidence.to_dict(),
            "rule": self.rule,
            "explanation": self.explanation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Casualty:
        return cls(
            count=data.get("count"),
            count_text=data.get("count_text") or "",
            status=data.get("status"),
            who=data.get("who"),
            where=data.get("where"),
            evidence=Evidence.from_dict(data["evidence"]),
            historical=bool(data.get("historical", False)),
            reported_by=data.get("reported_by"),
            rule=data.get("rule") or "",
            explanation=data.get("explanation") or "",
        )


@dataclass(frozen=True)
class Deployment(Fact, kind="deployments"):
    """Troops, ships, aircraft or units sent, stationed or proposed."""

    count: int | None
    asset: str | None
    unit: str | None
    origin: str | None
    destination: str | None
    evidence: Evidence
    count_text: str = ""
    #: an earlier deployment mentioned as background, not the one the story reports
    earlier: bool = False
    #: the article's own noun for the asset ("carrier strike groups", "B-52 bombers")
    asset_text: str = ""
    #: a standing garrison ("the 28,500 troops stationed in South Korea"), not a move
    standing: bool = False
    #: the rule that found the fact ("deployment.sent")
    rule: str = ""
    #: why it was kept: the rule, the judge's score against its threshold, the top weights
    explanation: str = ""

    @property
    def background(self) -> bool:
        """Shown on a brief but left out of a day's totals."""
        return self.earlier or self.standing

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "count_text": self.count_text,
            "asset": self.asset,
            "asset_text": self.asset_text,
            "unit": self.unit,
            "from": self.origin,
            "to": self.destination,
            "earlier": self.earlier,
            "standing": self.standing,
            "evidence": self.evidence.to_dict(),
            "rule": self.rule,
            "explanation": self.explanation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deployment:
        return cls(
            count=data.get("count"),
            count_text=data.get("count_text") or "",
            asset=data.get("asset"),
            unit=data.get("unit"),
            origin=data.get("from"),
            destination=data.get("to"),
            evidence=Evidence.from_dict(data["evidence"]),
            earlier=bool(data.get("earlier", False)),
            asset_text=data.get("asset_text") or "",
            standing=bool(data.get("standing", False)),
            rule=data.get("rule") or "",
            explanation=data.get("explanation") or "",
        )


@dataclass(frozen=True)
class Reaction(Fact, kind="reactions"):
    """Who said or did what about the event, in which role, with which stance."""

    speaker: str
    role: str | None
    quote: str
    #: one of ``STANCES`` (a ``Stance``) or None
    stance: str | None
    evidence: Evidence
    #: tweet, statement, state TV, ... when the sentence says
    channel: str | None = None
    #: ``quote`` is the reporter's paraphrase, not the speaker's own words
    paraphrase: bool = False
    #: the rule that found the fact ("reaction.said")
    rule: str = ""
    #: why it was kept: the rule, the judge's score against its threshold, the top weights
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "quote": self.quote,
            "stance": self.stance,
            "channel": self.channel,
            "paraphrase": self.paraphrase,
            "evidence": self.evidence.to_dict(),
            "rule": self.rule,
            "explanation": self.explanation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reaction:
        return cls(
            speaker=data["speaker"],
            role=data.get("role"),
            quote=data.get("quote") or "",
            stance=data.get("stance"),
            evidence=Evidence.from_dict(data["evidence"]),
            channel=data.get("channel"),
            paraphrase=bool(data.get("paraphrase", False)),
            rule=data.get("rule") or "",
            explanation=data.get("explanation") or "",
        )


class Facts:
    """Every key fact the rules layer found, by kind, each with its evidence.

    ``Facts(casualties=(...), reactions=(...))``: a kind left out has no facts. The JSON
    lists every registered kind (``FACT_MODELS``), empty ones included, as the contract
    says; ``casualties``, ``deployments`` and ``reactions`` are typed shortcuts of ``of``.
    """

    __slots__ = ("_by_kind",)
    _by_kind: dict[str, tuple[Fact, ...]]

    def __init__(self, **by_kind: Iterable[Fact]) -> None:
        unknown = sorted(set(by_kind) - set(FACT_MODELS))
        if unknown:
            raise TypeError(f"no fact kind {unknown[0]!r}; kinds: {', '.join(FACT_MODELS)}")
        kept = {kind: tuple(items) for kind, items in by_kind.items()}
        object.__setattr__(self, "_by_kind", {kind: items for kind, items in kept.items() if items})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Facts is immutable")

    def of(self, kind: str) -> tuple[Fact, ...]:
        """The facts of one kind, in article order (none for a kind with none)."""
        return self._by_kind.get(kind, ())

    @property
    def casualties(self) -> tuple[Casualty, ...]:
        return cast(tuple[Casualty, ...], self.of("casualties"))

    @property
    def deployments(self) -> tuple[Deployment, ...]:
        return cast(tuple[Deployment, ...], self.of("deployments"))

    @property
    def reactions(self) -> tuple[Reaction, ...]:
        return cast(tuple[Reaction, ...], self.of("reactions"))

    def to_dict(self) -> dict[str, Any]:
        return {kind: [fact.to_dict() for fact in self.of(kind)] for kind in FACT_MODELS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        return cls(
            **{
                kind: tuple(model.from_dict(item) for item in data.get(kind, ()))
                for kind, model in FACT_MODELS.items()
            }
        )

    def __iter__(self) -> Iterator[Fact]:
        """Every fact, kind by kind."""
        for items in self._by_kind.values():
            yield from items

    def __len__(self) -> int:
        return sum(len(items) for items in self._by_kind.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Facts) and self._by_kind == other._by_kind

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._by_kind.items())))

    def __repr__(self) -> str:
        given = ", ".join(f"{kind}={items!r}" for kind, items in self._by_kind.items())
        return f"Facts({given})"


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader should know about how the brief was made, with a stable code.

    Codes: ``language-assumed``, ``language-without-rules``, ``facts-english-only``,
    ``short-article``.
    """

    code: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        return cls(code=str(data["code"]), text=str(data["text"]))


@dataclass(frozen=True)
class Brief:
    """A one-page brief: the article, its summary, its key facts and reading stats."""

    id: str
    article: Article
    summary: Summary
    facts: Facts = field(default_factory=Facts)
    word_count: int = 0
    reading_minutes: int = 1
    #: what the reader should know about how the brief was made, in the order found
    notes: tuple[Note, ...] = ()

    @property
    def title(self) -> str:
        return self.article.title

    def to_dict(self) -> dict[str, Any]:
        """The Brief JSON of CONTRACTS.md (schema ``briefing.brief/1``)."""
        article = self.article
        return {
            "schema": SCHEMA,
            "id": self.id,
            "title": article.title,
            "source": article.source,
            "published": article.published.isoformat() if article.published else None,
            "url": article.url,
            "language": article.language or "en",
            "language_source": article.language_source or "assumed",
            "author": article.author,
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "method": self.summary.method,
            "summary": [s.to_dict() | {"index": s.index} for s in self.summary.sentences],
            "facts": self.facts.to_dict(),
            "notes": [note.to_dict() for note in self.notes],
            "article": {
                "text": article.text,
                "paragraphs": [[p.start, p.end] for p in article.paragraphs],
                "headings": [[h.start, h.end] for h in article.headings],
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """Rebuild a brief from ``to_dict()`` output."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document: schema={data.get('schema')!r}")
        body = data["article"]
        published = data.get("published")
        article = Article(
            text=body["text"],
            title=data["title"],
            source=data.get("source"),
            published=dt.date.fromisoformat(published) if published else None,
            paragraphs=tuple(Span(int(s), int(e)) for s, e in body.get("paragraphs", ())),
            headings=tuple(Span(int(s), int(e)) for s, e in body.get("headings", ())),
            url=data.get("url"),
            # briefs stored before languages were told apart were all read as English
            language=data.get("language") or "en",
            language_source=data.get("language_source") or "assumed",
            author=data.get("author"),
        )
        summary = Summary(
            method=data["method"],
            sentences=tuple(
                SummarySentence(
                    index=int(s.get("index", i)),
                    start=int(s["start"]),
                    end=int(s["end"]),
                    text=s["text"],
                    score=float(s["score"]),
                )
                for i, s in enumerate(data.get("summary", ()))
            ),
        )
        return cls(
            id=data["id"],
            article=article,
            summary=summary,
            facts=Facts.from_dict(data.get("facts", {})),
            word_count=int(data.get("word_count", 0)),
            reading_minutes=int(data.get("reading_minutes", 1)),
            notes=tuple(Note.from_dict(n) for n in data.get("notes", ())),
        )
