"""Shared fixtures: the seed article and the shared evaluation corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return next(iter(sorted(SEEDS.glob("*.txt"))))


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared evaluation corpora; tests that need them skip where they are absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set BRIEFING_CORPUS)")
    return CORPUS
