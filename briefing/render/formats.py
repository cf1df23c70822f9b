"""The output formats of a brief, in one registry: name, media type, file suffix, function.

The CLI's ``--format`` choices, the web app's downloads and the brief's .eml all read this
table, so adding a format is one entry here and its module in ``briefing/render/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.config import Settings
from briefing.models import Brief


@dataclass(frozen=True)
class OutputFormat:
    """One way to render a brief."""

    name: str  #: the CLI's ``--format`` name
    label: str  #: what a person reads on a download link
    media_type: str
    suffix: str  #: file suffix, also the web download's URL segment
    render: Callable[[Brief, Settings], str | bytes]
    download: bool = True  #: offered as a download on a brief's page


def _text(brief: Brief, _settings: Settings) -> str:
    from briefing.render.text import render_text

    return render_text(brief)


def _markdown(brief: Brief, _settings: Settings) -> str:
    from briefing.render.markdown import render_markdown

    return render_markdown(brief)


def _json(brief: Brief, _settings: Settings) -> str:
    from briefing.render.json import render_json

    return render_json(brief)


def _html(brief: Brief, _settings: Settings) -> str:
    from briefing.render.html import render_html

    return render_html(brief)


def _eml(brief: Brief, settings: Settings) -> bytes:
    from briefing.render.mail import message_bytes, render_brief_email

    return message_bytes(render_brief_email(brief, settings))


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("text", "Text", "text/plain; charset=utf-8", "txt", _text, download=False),
        OutputFormat("markdown", "Markdown", "text/markdown; charset=utf-8", "md", _markdown),
        OutputFormat("json", "JSON", "application/json", "json", _json),
        OutputFormat("html", "HTML", "text/html; charset=utf-8", "html", _html, download=False),
        OutputFormat("eml", "Email (.eml)", "message/rfc822", "eml", _eml),
    )
}


def format_for_suffix(suffix: str) -> OutputFormat | None:
    """The downloadable format whose file suffix is ``suffix`` (the web download's URL)."""
    for fmt in FORMATS.values():
        if fmt.download and fmt.suffix == suffix:
            return fmt
    return None
