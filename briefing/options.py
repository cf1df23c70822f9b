"""Brief options: one dataclass, validated once at the edge, the same names everywhere.

The CLI flags, the web form fields and the API's ``options`` object all use these names:
``method``, ``sentences``, ``words``, ``ratio``, ``facts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import OptionsError
from briefing.summarise import METHODS, Length

OPTION_NAMES = ("method", "sentences", "words", "ratio", "facts")


@dataclass(frozen=True)
class BriefOptions:
    """How to build a brief: ranker, summary length, whether to extract facts."""

    method: str = "news"
    length: Length = field(default_factory=Length)
    facts: bool = True

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
        facts = data.get("facts", True)
        if isinstance(facts, str):
            facts = facts.strip().lower() not in {"0", "false", "no", "off"}
        if not isinstance(facts, bool):
            raise OptionsError("facts must be true or false")
        return cls(method=str(data.get("method", "news")), length=length, facts=facts)


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
