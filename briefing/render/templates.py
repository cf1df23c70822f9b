"""The Jinja environment for HTML and email output, shared by the web app and the digest.

Templates live in the top-level ``templates/`` folder (the design card asks for it); a built
wheel carries them as ``briefing/templates``. This module finds whichever is present.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import jinja2

from briefing.render.text import day_label

_PACKAGE = Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """The folder holding the Jinja templates, installed or in a source checkout."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("briefing's templates folder is missing from this installation")


@cache
def template_environment() -> jinja2.Environment:
    """An autoescaping Jinja environment over ``templates_dir()``, with the ``day`` filter."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["day"] = shown_day
    return environment


def shown_day(value: dt.date | str | None) -> str:
    """ "7 Dec 2026": every page shows a date this one way, whatever the reader's locale
    (ISO stays in the machine formats: JSON, CSV, URLs)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return day_label(value)
