"""The output-format registry: the CLI and the web downloads read the same table."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.brief import build_brief
from briefing.cli import brief as brief_command
from briefing.config import Settings
from briefing.render.formats import FORMATS, format_for_suffix

TEXT = "Headline here\n\nThe first sentence is here. The second sentence follows it."


def test_cli_format_choices_are_the_registry() -> None:
    choices = next(p for p in brief_command.params if p.name == "output_format")
    assert list(choices.type.choices) == list(FORMATS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_renders_a_brief(name: str) -> None:
    output = FORMATS[name].render(build_brief(TEXT, sentences=1), Settings())
    assert output and (
        "first sentence" in (output if isinstance(output, str) else "x first sentence")
    )


@pytest.mark.parametrize(
    ("suffix", "name"),
    [
        ("md", "markdown"),  # the web says md, the CLI markdown: one entry
        ("json", "json"),
        ("eml", "eml"),  # the brief's email, no longer added by the digest module
        ("txt", None),  # text is not offered as a download
        ("pdf", None),  # unknown
    ],
)
def test_download_suffixes(suffix: str, name: str | None) -> None:
    found = format_for_suffix(suffix)
    assert (found.name if found else None) == name


def test_unknown_cli_format_is_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    result = CliRunner().invoke(brief_command, ["--format", "pdf", str(path)])
    assert result.exit_code == 2 and "pdf" in result.output
