"""Shared fixtures: the seed article and the shared evaluation corpora."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing.config import Settings
from briefing.web import create_app

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


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing",
    )


class Golden:
    """Compares rendered output with a file in tests/golden (rewrites it with --update-golden)."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str | bytes) -> None:
        path = GOLDEN / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run pytest --update-golden to create it")
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8"), f"output differs from {path}"
        else:
            assert data == expected, f"output differs from {path}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


# -- the web app, once for every web test module -------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The app's settings; a test module overrides this fixture to change limits."""
    return Settings(instance_path=tmp_path)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The app built from ``settings``, its archive closed afterwards."""
    app = create_app(settings)
    yield app
    app.extensions["briefing"].archive.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
