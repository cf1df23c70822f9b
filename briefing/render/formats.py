"""The output formats, listed once: name, suffix, media type, label and renderer.

The CLI's ``--format``, the brief page's downloads and the .eml of a brief all read
``FORMATS``; a new format is one entry here and its render function. A format is found by
its name or its file suffix alike (``markdown`` and ``md``), so the CLI and the web's
download addresses use the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from briefing.errors import OptionsError
from briefing.models import Brief
from briefing.options import OutputOptions

__all__ = ["FORMATS", "OutputFormat", "output_format"]

#: (brief, output options, the archive's day for a stored brief or None) -> the file
Renderer = Callable[[Brief, OutputOptions, dt.date | None], str | bytes]


@dataclass(frozen=True)
class OutputFormat:
    """One way to write a brief out."""

    name: str
    suffix: str
    media_type: str
    label: str
    render: Renderer
    #: offered as a download on the brief page (the page itself is the HTML)
    download: bool = True
    #: holds exactly one brief (an email message), so a batch cannot be written in it
    single: bool = False


# The renderers import their modules when called: printing a text brief from the CLI
# should not load the HTML templates or the email inliner.


def _text(brief: Brief, output: OutputOptions, day: dt.date | None = None) -> str:
    from briefing.render.text import render_text

    return render_text(brief, explain=output.explain)


def _markdown(brief: Brief, output: OutputOptions, day: dt.date | None = None) -> str:
    from briefing.render.mail import brief_url
    from briefing.render.markdown import render_markdown

    # a link back to the online brief, when the public address is configured; the day it
    # was stored dates a brief whose article has none
    return render_markdown(
        brief, url=brief_url(output, brief.id), explain=output.explain, stored_on=day
    )


def _json(brief: Brief, output: OutputOptions, day: dt.date | None = None) -> str:
    from briefing.render.json import render_json

    return render_json(brief)


def _html(brief: Brief, output: OutputOptions, day: dt.date | None = None) -> str:
    from briefing.render.html import render_html

    return render_html(brief)


def _eml(brief: Brief, output: OutputOptions, day: dt.date | None = None) -> bytes:
    from briefing.render.mail import message_bytes, render_brief_email

    return message_bytes(render_brief_email(brief, output))


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "txt", "text/plain; charset=utf-8", "Text", _text, download=False),
    OutputFormat("markdown", "md", "text/markdown; charset=utf-8", "Markdown", _markdown),
    OutputFormat("json", "json", "application/json", "JSON", _json),
    OutputFormat("html", "html", "text/html; charset=utf-8", "HTML", _html, download=False),
    OutputFormat("eml", "eml", "message/rfc822", "Email (.eml)", _eml, single=True),
)


def output_format(name: str) -> OutputFormat:
    """The format called ``name`` or written with the suffix ``name``.

    Raises:
        OptionsError: no format has that name or suffix.
    """
    wanted = name.strip().lower().lstrip(".")
    for candidate in FORMATS:
        if wanted in (candidate.name, candidate.suffix):
            return candidate
    names = ", ".join(f.name for f in FORMATS)
    raise OptionsError(f"unknown format {name!r}; choose one of {names}")
