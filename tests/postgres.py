"""A PostgreSQL schema of a test's own on the loopback server, dropped afterwards.

Every test that needs PostgreSQL takes one, so tests never see each other's tables; where
no server answers, the test is skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from briefing.config import Settings
from briefing.store import engine_url

POSTGRES_URL = os.environ.get(
    "BRIEFING_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True)
class Schema:
    name: str
    #: the server's URL with this schema as the search path
    url: str
    #: a connection to the server outside the schema, for checks a test makes
    admin: sa.Engine


@contextmanager
def postgres_schema(prefix: str = "briefing_test") -> Iterator[Schema]:
    """A fresh schema, created on entry and dropped with everything in it on exit."""
    admin = sa.create_engine(engine_url(POSTGRES_URL), connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("select 1"))
    except sa.exc.OperationalError as error:
        admin.dispose()
        pytest.skip(f"no PostgreSQL server answers at {POSTGRES_URL}: {error.orig}")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'create schema "{name}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={name}')}"
    try:
        yield Schema(name, url, admin)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'drop schema "{name}" cascade'))
        admin.dispose()


def archive_settings(backend: str, instance: Path, **changes: Any) -> Iterator[Settings]:
    """For a fixture parametrised over ``["sqlite", "postgresql"]``: settings naming an
    empty archive on ``backend`` (SQLite in ``instance``, or a fresh PostgreSQL schema,
    dropped afterwards), with ``changes`` on top."""
    if backend == "sqlite":
        yield Settings(instance_path=instance, **changes)
        return
    with postgres_schema() as schema:
        yield Settings(database_url=schema.url, instance_path=instance, **changes)
