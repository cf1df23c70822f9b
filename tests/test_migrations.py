"""``briefing db upgrade``: Alembic migrations on SQLite and PostgreSQL.

An archive made by the code path that has always created it (``Archive``, create_all)
upgrades in place, keeps its briefs, and ends with exactly the schema the models declare.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from postgres import archive_settings

from briefing import build_brief
from briefing.cli import main
from briefing.config import Settings
from briefing.errors import StorageError
from briefing.migrate import check, current_revision, head_revision, upgrade
from briefing.store import Archive, engine_url, metadata
from briefing.store.jobs import JobStore


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    yield from archive_settings(request.param, tmp_path / "instance")


def _differences(archive: Archive) -> list[object]:
    """What separates the database's schema from the models (alembic's autogenerate)."""
    with archive.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        return [
            d
            for d in compare_metadata(context, metadata)
            # the full-text index is raw DDL (FTS5 / generated tsvector), outside the models
            if not (
                d[0] == "remove_table"
                and (d[1].name == "alembic_version" or d[1].name.startswith("brief_search"))
            )
            and not (d[0] == "remove_index" and d[1].table.name.startswith("brief_search"))
        ]


def test_an_archive_made_before_migrations_upgrades_in_place(settings: Settings) -> None:
    old = Archive.from_settings(settings)  # today's code path: create_all
    brief = build_brief("The dam held on Sunday. Engineers said the water was falling.")
    old.save(brief)
    old.close()
    assert current_revision(settings) is None
    assert upgrade(settings) == head_revision()
    archive = Archive.from_settings(settings)
    assert archive.get(brief.id).brief.to_dict() == brief.to_dict()
    assert [s.brief.id for s in archive.list(query="engineers")] == [brief.id]  # full-text
    JobStore(archive.engine).create("j1", 1)  # the job tables exist
    assert _differences(archive) == []
    archive.close()


def test_an_empty_database_migrated_has_the_models_schema(settings: Settings) -> None:
    assert upgrade(settings) == head_revision()
    assert upgrade(settings) == head_revision()  # again: nothing to do, no error
    engine = sa.create_engine(engine_url(settings.resolved_database_url))
    try:
        # the migrations alone, before the app's own create_all, make every table
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
        assert {"feeds", "feed_entries", "jobs", "job_lines", "digest_sends"} <= tables
    finally:
        engine.dispose()
    archive = Archive.from_settings(settings)
    assert _differences(archive) == []
    brief = build_brief("A ferry ran aground on Friday. All passengers were safe.")
    archive.save(brief)
    assert archive.exists(brief.id)
    archive.close()


def test_the_cli_upgrades_the_configured_archive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["db", "upgrade"], env={"BRIEFING_INSTANCE_PATH": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    assert head_revision() in result.stderr
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'briefing.sqlite3'}")
    assert {"briefs", "articles", "jobs", "job_lines", "digest_sends", "alembic_version"} <= set(
        sa.inspect(engine).get_table_names()
    )
    engine.dispose()


def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["db", "upgrade"], env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("briefing: error: cannot migrate the archive")
    assert len(result.stderr.strip().splitlines()) == 1


def test_briefs_stored_before_0008_are_listed_and_filtered_by_their_source(
    settings: Settings,
) -> None:
    from alembic import command

    from briefing.store.upgrade import alembic_config

    upgrade(settings)
    archive = Archive.from_settings(settings)
    for n, source in enumerate(["Reuters World", "AP", None]):
        archive.save(build_brief(f"Story {n} broke on Monday. It rained.", source=source))
    engine = archive.engine
    with engine.begin() as connection:  # back to 0007: briefs without a source column
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    archive.close()
    assert upgrade(settings) == head_revision()
    archive = Archive.from_settings(settings)
    assert archive.sources() == ["AP", "Reuters World"]
    assert [s.brief.article.source for s in archive.list(source="reuters world")] == [
        "Reuters World"
    ]
    assert archive.count(source="ap") == 1
    archive.close()


def test_autogenerate_finds_no_difference_between_the_models_and_the_migrations(
    settings: Settings,
) -> None:
    upgrade(settings)
    check(settings)  # alembic check: env.py's target_metadata is the store's one MetaData


def test_a_model_changed_without_its_revision_is_found(settings: Settings) -> None:
    upgrade(settings)
    extra = sa.Table("brief_notes", metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        with pytest.raises(StorageError, match="differ"):
            check(settings)
    finally:
        metadata.remove(extra)
