"""The shipped weights are exactly what one command makes of the corpus and the rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main


def test_the_shipped_weights_are_the_ones_the_corpus_gives(corpus: Path) -> None:
    result = CliRunner().invoke(
        main, ["facts", "train", "--check"], env={"BRIEFING_CORPUS": str(corpus)}
    )
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
