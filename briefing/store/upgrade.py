"""Alembic, configured from the package: the migrations that ship in ``briefing/migrations``.

Shared by ``briefing db upgrade`` (``briefing.migrate``) and by the embedded archive,
which brings an older SQLite schema up to date when it opens.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

__all__ = ["MIGRATIONS", "alembic_config", "upgrade_engine"]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    """Alembic's configuration, built here so an installed wheel needs no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade_engine(engine: sa.Engine) -> None:
    """Migrate the archive ``engine`` opens to the newest revision, in one transaction."""
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
