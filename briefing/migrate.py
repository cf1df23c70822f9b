"""``briefing db upgrade``: the archive's schema brought to the newest Alembic revision.

The migrations ship inside the package (``briefing/migrations``) and the configuration is
built here, so an installed wheel needs no alembic.ini, only ``DATABASE_URL``. The first
revision reproduces the schema ``Archive`` has always created, so an archive made before
migrations existed upgrades in place.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import exc

from briefing.config import Settings
from briefing.errors import StorageError

__all__ = ["current_revision", "head_revision", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _engine(settings: Settings) -> sa.Engine:
    from briefing.store.archive import engine_url, sqlite_engine

    url = engine_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite":
        return sqlite_engine(url)  # the archive's own engine: folder created, WAL
    return sa.create_engine(url)


def upgrade(settings: Settings, revision: str = "head") -> str:
    """Migrate the archive to ``revision``; the revision it is at afterwards.

    Raises:
        StorageError: the database cannot be reached or refused a change.
    """
    engine = _engine(settings)
    try:
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return current_revision(settings, engine) or "base"
    except exc.SQLAlchemyError as error:
        raise StorageError(
            f"cannot migrate the archive: {type(error).__name__}: {error}"
        ) from error
    finally:
        engine.dispose()


def current_revision(settings: Settings, engine: sa.Engine | None = None) -> str | None:
    """The revision the archive is at (None: never migrated)."""
    own = engine is None
    engine = engine or _engine(settings)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if own:
            engine.dispose()


def head_revision() -> str:
    """The newest revision this version of briefing ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head
