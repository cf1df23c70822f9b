"""Brief options (what a user asks for) and limits (what the operator allows).

``BriefOptions`` is validated once at the edge, with the same names everywhere.

The CLI flags, the web form fields and the API's ``options`` object all use these names:
``method``, ``sentences``, ``words``, ``ratio``, ``facts``. ``OPTIONS`` describes each one
(type, bounds, help) for the edges to offer it: the CLI builds its flags, the form its
fields and the API its request models from that table, so a bound or a help text is
written here once. The rules themselves are ``BriefOptions``' and ``Length``'s;
``tests/test_options.py`` checks that the table states them truly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import OptionsError
from briefing.summarise import METHODS, Length
from briefing.summarise.length import DEFAULT_SENTENCES, MAX_SENTENCES, MAX_WORDS


@dataclass(frozen=True)
class OptionSpec:
    """One option as the edges offer it: its name, value type, bounds and help text."""

    name: str
    kind: type[str] | type[int] | type[float] | type[bool]
    help: str
    #: lowest value allowed (or, with ``above``, the value every value must exceed)
    minimum: int | float | None = None
    maximum: int | float | None = None
    above: bool = False
    choices: tuple[str, ...] = ()
    #: the value used when the option is not given, for people (``None``: none applies)
    default: str | int | bool | None = None

    @property
    def bounds(self) -> str:
        """ "1 to 100", "above 0, at most 1" or "": the allowed range, for people."""
        if self.minimum is None or self.maximum is None:
            return ""
        if self.above:
            return f"above {self.minimum}, at most {self.maximum}"
        return f"{self.minimum} to {self.maximum:,}"


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "method",
        str,
        "Ranker: news (the default, built for news), lead, or a sumy algorithm.",
        choices=METHODS,
        default="news",
    ),
    OptionSpec(
        "sentences",
        int,
        f"Sentences in the summary; {DEFAULT_SENTENCES} when no length is given.",
        minimum=1,
        maximum=MAX_SENTENCES,
    ),
    OptionSpec("words", int, "Most words in the summary.", minimum=1, maximum=MAX_WORDS),
    OptionSpec(
        "ratio",
        float,
        "Share of the article's sentences to keep.",
        minimum=0,
        maximum=1,
        above=True,
    ),
    OptionSpec("facts", bool, "Extract key facts (default true).", default=True),
    OptionSpec(
        "explain",
        bool,
        "Add a 'Why these facts' section to text and Markdown briefs: the rule and the "
        "weights that kept each fact (the JSON always carries them).",
        default=False,
    ),
)
OPTION_NAMES = tuple(spec.name for spec in OPTIONS)
#: the options that set the summary's length, of which at most one may be given
LENGTH_OPTIONS = ("sentences", "words", "ratio")


@dataclass(frozen=True)
class BriefOptions:
    """How to build a brief: ranker, summary length, whether to extract facts."""

    method: str = "news"
    length: Length = field(default_factory=Length)
    facts: bool = True
    #: text and Markdown renderings add "Why these facts" (rule and explanation per fact)
    explain: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method.strip().lower() not in METHODS:
            raise OptionsError(
                f"unknown method {self.method!r}; choose one of {', '.join(METHODS)}"
            )
        object.__setattr__(self, "method", self.method.strip().lower())

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> BriefOptions:
        """Options from a JSON object or form fields; unknown names or bad values raise.

        Empty strings (an untouched form field) count as not given.
        """
        data = {k: v for k, v in (data or {}).items() if v is not None and v != ""}
        unknown = sorted(set(data) - set(OPTION_NAMES))
        if unknown:
            raise OptionsError(
                f"unknown option {unknown[0]!r}; known options: {', '.join(OPTION_NAMES)}"
            )
        length = Length(
            sentences=_number(data, "sentences", int),
            words=_number(data, "words", int),
            ratio=_number(data, "ratio", float),
        )
        facts = _flag(data, "facts", True)
        explain = _flag(data, "explain", False)
        return cls(
            method=str(data.get("method", cls.method)),
            length=length,
            facts=facts,
            explain=explain,
        )

    def to_mapping(self) -> dict[str, Any]:
        """The options by their names, those given only: ``from_mapping`` reads it back."""
        length = self.length
        given = {
            "method": self.method,
            # the default five sentences were not asked for: leaving them out keeps the
            # short-article rule (from_mapping reads no length as the default)
            "sentences": None if length.halves_short_articles else length.sentences,
            "words": length.words,
            "ratio": length.ratio,
            "facts": self.facts,
            # said only when asked for: briefs stored before it existed keep their options
            "explain": True if self.explain else None,
        }
        return {name: value for name, value in given.items() if value is not None}


#: defaults of ``Limits`` (and of the settings that set them)
DEFAULT_MAX_INPUT_BYTES = 2_000_000
DEFAULT_MAX_SENTENCES = 20_000
DEFAULT_MAX_SUMY_SENTENCES = 600
DEFAULT_MAX_MARKDOWN_MARKUP = 50_000
#: elements nested in one another a .docx may hold (libxml2, reading HTML, stops at 256)
DEFAULT_MAX_NESTING = 256
#: arrays and objects nested in one another a JSON body or batch line may hold
DEFAULT_MAX_JSON_DEPTH = 64
#: longest title, source or author a caller may give (the archive indexes titles, and
#: PostgreSQL's index holds at most ~2,700 bytes: 500 characters of 4 bytes fit)
DEFAULT_MAX_FIELD_CHARS = 500
#: longest id a brief may have (the archive's briefs.id column); not a setting
MAX_ID_CHARS = 200


@dataclass(frozen=True)
class Limits:
    """The limits the core needs, and nothing else of the settings: sizes that keep one
    article's work bounded. ``Settings.limits`` makes them from the environment."""

    #: largest article accepted, in bytes (BRIEFING_MAX_INPUT_BYTES)
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    #: most sentences one article is split into; longer ones are refused
    max_sentences: int = DEFAULT_MAX_SENTENCES
    #: most sentences a sumy algorithm (quadratic time) is run on
    max_sumy_sentences: int = DEFAULT_MAX_SUMY_SENTENCES
    #: most lines plus markup characters a Markdown file may hold (BRIEFING_MAX_MARKDOWN_MARKUP)
    max_markdown_markup: int = DEFAULT_MAX_MARKDOWN_MARKUP
    #: most elements nested in one another in a .docx (BRIEFING_MAX_NESTING)
    max_nesting: int = DEFAULT_MAX_NESTING
    #: longest title, source or author given with an article (BRIEFING_MAX_FIELD_CHARS)
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS
    #: seconds one piece of work may be estimated to take (None: no bound, the CLI's);
    #: a web request's is BRIEFING_REQUEST_BUDGET, a worker's its task time limit
    budget_seconds: float | None = None

    def __post_init__(self) -> None:
        for name in (
            "max_input_bytes",
            "max_sentences",
            "max_sumy_sentences",
            "max_markdown_markup",
            "max_nesting",
            "max_field_chars",
        ):
            if getattr(self, name) <= 0:
                raise OptionsError(f"{name} must be positive")
        if self.budget_seconds is not None and self.budget_seconds <= 0:
            raise OptionsError("budget_seconds must be positive")


@dataclass(frozen=True)
class OutputOptions:
    """What the renderers need of the settings, and nothing else (no SMTP login): where
    the web app is (links in emails and Markdown), who sends the email, how many of a
    digest's stories it shows in full. ``Settings.output`` makes them."""

    #: the web app's public address (BRIEFING_BASE_URL); None: no links
    base_url: str | None = None
    mail_from: str = "briefing@localhost"
    digest_full_stories: int = 40
    #: text and Markdown briefs add "Why these facts" (the ``explain`` brief option)
    explain: bool = False


def _flag(data: Mapping[str, Any], name: str, default: bool) -> bool:
    """A true/false option: a JSON boolean or a form's "true"/"false", "1"/"0", "on"/"off"."""
    value = data.get(name, default)
    if isinstance(value, str):
        value = value.strip().lower() not in {"0", "false", "no", "off"}
    if not isinstance(value, bool):
        raise OptionsError(f"{name} must be true or false")
    return value


def _number(data: Mapping[str, Any], name: str, kind: type[int] | type[float]) -> Any:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        raise OptionsError(f"{name} must be a number")
    if isinstance(value, str):
        try:
            return kind(value.strip())
        except ValueError:
            raise OptionsError(f"{name} must be a number, not {value!r}") from None
    if kind is int and isinstance(value, float):
        if not value.is_integer():
            raise OptionsError(f"{name} must be a whole number")
        return int(value)
    if isinstance(value, int | float):
        return value
    raise OptionsError(f"{name} must be a number")


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date given by a user (form, API, CLI, URL).

    Raises:
        OptionsError: the text is not a real date.
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OptionsError(f"{text!r} is not a date: use YYYY-MM-DD") from None


#: months as people write them in "7 Dec 2026" and "7 December 2026"
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")


def read_day(text: str) -> dt.date:
    """A date typed on a page: "7 Dec 2026" (as the pages show dates), "7 December 2026"
    or 2026-12-07, so a date copied from any page or machine format reads back.

    Raises:
        OptionsError: the text is not one of those, or not a real date.
    """
    text = " ".join(text.split())
    found = _DAY_MONTH_YEAR.fullmatch(text)
    try:
        if found is None:
            return dt.date.fromisoformat(text)
        day, month, year = found.groups()
        if month.lower() not in _MONTHS:
            raise ValueError(month)
        return dt.date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:
        raise OptionsError(f"“{text}” is not a date: write it like 7 Dec 2026") from None
