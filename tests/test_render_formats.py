"""The output formats are listed once and every edge reads that list."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import Settings
from briefing.errors import OptionsError
from briefing.render.formats import FORMATS, output_format
from briefing.web import create_app

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize(("asked", "name"), [("markdown", "markdown"), ("md", "markdown"),
                                             (".md", "markdown"), ("JSON", "json"),
                                             ("eml", "eml"), ("txt", "text")])  # fmt: skip
def test_a_format_is_found_by_name_or_suffix(asked: str, name: str) -> None:
    assert output_format(asked).name == name


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(OptionsError, match="text, markdown, json, html, eml"):
        output_format("pdf")


def test_names_and_suffixes_are_unique() -> None:
    words = [f.name for f in FORMATS] + [f.suffix for f in FORMATS if f.suffix != f.name]
    assert len(words) == len(set(words))


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS if not f.single])
def test_the_cli_writes_every_format(fmt: str) -> None:
    result = CliRunner().invoke(main, ["brief", "--format", fmt, str(SEED)])
    assert result.exit_code == 0, result.output
    assert "Soleimani" in result.output


def test_the_cli_takes_the_suffix_the_web_uses() -> None:
    by_suffix = CliRunner().invoke(main, ["brief", "--format", "md", str(SEED)])
    by_name = CliRunner().invoke(main, ["brief", "--format", "markdown", str(SEED)])
    assert by_suffix.exit_code == 0 and by_suffix.output == by_name.output


def test_the_brief_page_offers_the_download_formats_and_serves_them(tmp_path: Path) -> None:
    client = create_app(Settings(instance_path=tmp_path)).test_client()
    posted = client.post("/api/v1/briefs", json={"text": SEED.read_text(encoding="utf-8")})
    brief_id = posted.get_json()["id"]
    page = client.get(f"/briefs/{brief_id}").get_data(as_text=True)
    for fmt in FORMATS:
        link = f"/briefs/{brief_id}/download/{fmt.suffix}"
        assert (link in page) is fmt.download
        if fmt.download:
            answer = client.get(link)
            assert answer.status_code == 200
            assert answer.headers["Content-Type"].startswith(fmt.media_type.split(";")[0])
            assert answer.headers["Content-Disposition"].endswith(f'.{fmt.suffix}"')
    # the CLI's name for a format is a download address too; a page-only format is not
    assert client.get(f"/briefs/{brief_id}/download/markdown").status_code == 200
    assert client.get(f"/briefs/{brief_id}/download/html").status_code == 404
