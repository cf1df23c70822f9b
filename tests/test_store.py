"""The archive: what is stored comes back whole, in the documented order, on both databases.

Every test runs twice: on a SQLite file in a temporary folder, and on the PostgreSQL server
of the machine (postgresql://postgres@127.0.0.1:5432/test, or BRIEFING_TEST_POSTGRES_URL) in
a schema of its own that is dropped afterwards. The PostgreSQL case skips with a reason
where no server answers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from postgres import archive_settings
from sqlalchemy import event

from briefing import BriefOptions, Length, build_brief
from briefing.brief import compose_brief
from briefing.config import Settings
from briefing.errors import NotFoundError, OptionsError, StorageError
from briefing.models import Brief, Evidence, Facts, Reaction
from briefing.options import Limits
from briefing.store import Archive, StoredBrief, engine_url
from briefing.store import search as store_search
from briefing.store.schema import BriefRow

UTC = dt.UTC
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
LATE = dt.datetime(2024, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Tokyo


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings naming an empty archive on each database."""
    yield from archive_settings(request.param, tmp_path / "instance")


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    store = Archive.from_settings(settings)
    yield store
    store.close()


def make_brief(title: str, body: str = "", *, published: dt.date | None = None) -> Brief:
    """A small brief of our own text (never corpus text)."""
    text = body or (
        f"{title} was reported on Monday. Officials gave details later in the day. "
        "Residents said they were surprised by the news."
    )
    return build_brief(text, title=title, published=published, sentences=2)


def test_a_saved_brief_comes_back_equal(archive: Archive) -> None:
    brief = make_brief("Bridge reopens after repairs", published=dt.date(2024, 2, 28))
    stored = archive.save(brief, ingested_at=T0)
    assert stored == StoredBrief(brief=brief, ingested_at=T0, day=dt.date(2024, 2, 28))
    assert archive.get(brief.id) == stored
    assert archive.get(brief.id).brief.to_dict() == brief.to_dict()


def test_facts_and_unicode_survive_the_round_trip(archive: Archive) -> None:
    brief = make_brief("Ministre répond — « non »")
    sentence = brief.summary.sentences[0]
    reaction = Reaction(
        speaker="Zoë Ødegaard",
        role="minister",
        quote="non",
        stance="condemn",
        evidence=Evidence(sentence.text, sentence.start, sentence.end),
        paraphrase=True,
    )
    brief = replace(brief, facts=Facts(reactions=(reaction,)))
    archive.save(brief, ingested_at=T0)
    assert archive.get(brief.id).brief.facts.reactions == (reaction,)
    assert archive.get(brief.id).brief.title == "Ministre répond — « non »"


def test_ingested_at_is_timezone_aware_utc(archive: Archive) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    brief = make_brief("Clock test")
    stored = archive.save(brief, ingested_at=dt.datetime(2024, 3, 1, 10, 0, tzinfo=paris))
    again = archive.get(brief.id)
    for value in (stored.ingested_at, again.ingested_at):
        assert value.utcoffset() == dt.timedelta(0)
        assert value == T0


@pytest.mark.parametrize(
    ("published", "given_day", "zone", "ingested", "expected"),
    [
        # the publication date wins over the ingest date
        (dt.date(2024, 1, 5), None, "UTC", T0, dt.date(2024, 1, 5)),
        # no publication date: the ingest date, in UTC
        (None, None, "UTC", LATE, dt.date(2024, 3, 1)),
        # ... or in the configured zone, where it is already the next day
        (
            None,
            None,
            "Asia/Tokyo",
            dt.datetime(2024, 3, 1, 23, 30, tzinfo=UTC),
            dt.date(2024, 3, 2),
        ),
        # an explicit day (the CLI's --date) wins over everything
        (dt.date(2024, 1, 5), dt.date(2023, 12, 31), "UTC", T0, dt.date(2023, 12, 31)),
    ],
)
def test_the_day_of_a_brief(
    settings: Settings,
    published: dt.date | None,
    given_day: dt.date | None,
    zone: str,
    ingested: dt.datetime,
    expected: dt.date,
) -> None:
    archive = Archive.from_settings(settings.with_changes(timezone=zone))
    try:
        brief = make_brief("Day rule", published=published)
        assert archive.save(brief, ingested_at=ingested, day=given_day).day == expected
        assert archive.get(brief.id).day == expected
    finally:
        archive.close()


def test_saving_the_same_article_twice_keeps_one_brief_updated(archive: Archive) -> None:
    first = make_brief("Storm closes schools")
    archive.save(first, ingested_at=T0)
    # same text and title: same default id, but a summary of another length
    second = compose_brief(first.article, BriefOptions(length=Length(sentences=1)), Limits())
    assert second.id == first.id
    later = T0 + dt.timedelta(hours=5)
    stored = archive.save(second, ingested_at=later)
    assert archive.count() == 1
    assert stored.ingested_at == T0  # the first ingest time is kept
    assert len(archive.get(first.id).brief.summary.sentences) == 1  # the newer brief wins
    # the same article under another id is another brief of the same article
    archive.save(replace(second, id="custom-id"), ingested_at=later)
    assert archive.count() == 2
    with archive.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from articles")).scalar() == 1


def test_get_of_an_unknown_id_raises_not_found(archive: Archive) -> None:
    with pytest.raises(NotFoundError, match="no brief with id 'nope'"):
        archive.get("nope")
    assert archive.exists("nope") is False


def test_list_is_newest_first_and_paginated(archive: Archive) -> None:
    ids = []
    for n in range(5):
        brief = make_brief(f"Story number {n}")
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n), day=dt.date(2024, 3, 1))
        ids.append(brief.id)
    newest_first = list(reversed(ids))
    assert [s.brief.id for s in archive.list()] == newest_first
    assert [s.brief.id for s in archive.list(limit=2)] == newest_first[:2]
    assert [s.brief.id for s in archive.list(limit=2, offset=2)] == newest_first[2:4]
    assert [s.brief.id for s in archive.list(limit=2, offset=4)] == newest_first[4:]
    assert archive.list(offset=10) == []
    assert archive.count() == 5


def test_a_later_day_lists_before_a_later_ingest(archive: Archive) -> None:
    old_story = make_brief("Old story", published=dt.date(2020, 1, 1))
    new_story = make_brief("New story", published=dt.date(2024, 1, 1))
    archive.save(new_story, ingested_at=T0)
    archive.save(old_story, ingested_at=T0 + dt.timedelta(days=1))
    assert [s.brief.title for s in archive.list()] == ["New story", "Old story"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("floods", ["Flood defences praised", "Floods hit the valley"]),  # stemmed: flood(s)
        ("FLOOD valley", ["Floods hit the valley"]),  # any case; every word must occur
        ("100%", ["Turnout reaches 100% in village"]),  # % is punctuation, not a wildcard
        ("_", []),  # so is _
        ('"; drop table briefs', []),  # no query syntax reaches the index
        ("   ", None),  # blank search: everything
        ("nothing like this", []),  # no match
    ],
)
def test_search_by_words(archive: Archive, query: str, expected: list[str] | None) -> None:
    titles = [
        "Flood defences praised",
        "Floods hit the valley",
        "Turnout reaches 100% in village",
        "Markets calm",
    ]
    for n, title in enumerate(titles):
        archive.save(make_brief(title), ingested_at=T0 + dt.timedelta(minutes=n))
    found = [s.brief.title for s in archive.list(query=query)]
    want = list(reversed(titles)) if expected is None else expected
    assert sorted(found) == sorted(want)
    assert archive.count(query=query) == len(want)
    if expected is None:
        assert found == want  # no search: newest first


def test_search_finds_text_speakers_and_source_and_ranks_title_first(archive: Archive) -> None:
    in_title = make_brief("Mosul offensive begins")
    in_text = make_brief(
        "Army advances in the north",
        "The army advanced towards Mosul on Monday. Officials gave details later. "
        "Residents said they were surprised.",
    )
    quoted = replace(
        make_brief("Talks resume"),
        facts=Facts(
            reactions=(
                Reaction(
                    speaker="Mike Pompeo",
                    role="the secretary of state",
                    quote="We want calm",
                    stance="de-escalate",
                    evidence=Evidence("x", 0, 1),
                ),
            )
        ),
    )
    from_source = make_brief("Markets calm")
    from_source = replace(from_source, article=replace(from_source.article, source="The Ledger"))
    for n, brief in enumerate((in_title, in_text, quoted, from_source)):
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n))
    # title outranks text although the text match is newer
    assert [s.brief.id for s in archive.list(query="mosul")] == [in_title.id, in_text.id]
    assert [s.brief.id for s in archive.list(query="Pompeo")] == [quoted.id]
    assert [s.brief.id for s in archive.list(query="secretary of state")] == [quoted.id]
    assert [s.brief.id for s in archive.list(query="ledger")] == [from_source.id]
    assert [s.brief.id for s in archive.list(source="the ledger")] == [from_source.id]
    assert archive.list(query="mosul", source="The Ledger") == []
    assert archive.sources() == ["The Ledger"]


def test_filter_by_date_range(archive: Archive) -> None:
    for day in (1, 10, 20):
        archive.save(make_brief(f"Story of day {day}", published=dt.date(2024, 3, day)))
    titles = [
        s.brief.title for s in archive.list(since=dt.date(2024, 3, 5), until=dt.date(2024, 3, 20))
    ]
    assert titles == ["Story of day 20", "Story of day 10"]
    assert archive.count(since=dt.date(2024, 3, 11)) == 1
    assert archive.count(until=dt.date(2024, 3, 1), query="story") == 1


def test_delete_removes_the_brief_its_index_entry_and_its_lone_article(archive: Archive) -> None:
    kept = make_brief("Bridge reopens")
    gone = make_brief("Harbour closes")
    archive.save(kept)
    archive.save(gone)
    archive.delete(gone.id)
    assert not archive.exists(gone.id)
    assert archive.exists(kept.id)
    assert archive.count(query="harbour") == 0
    assert [s.brief.id for s in archive.list()] == [kept.id]
    with pytest.raises(NotFoundError):
        archive.delete(gone.id)
    # the same article stored again makes a fresh brief: nothing of the old one is left
    archive.save(gone)
    assert archive.count(query="harbour") == 1


def test_briefs_stored_before_the_index_are_indexed_at_start(archive: Archive) -> None:
    brief = make_brief("Lighthouse restored")
    french = build_brief(_FRENCH, sentences=2)
    for stored in (brief, french, make_brief("Harbour quiet")):
        archive.save(stored)
    archive.delete(brief.id)
    archive.save(brief)  # a row of its own again (another rowid on SQLite)
    tables = ["brief_search", "brief_search_plain"]
    if archive.engine.dialect.name != "sqlite":
        tables = tables[:1]
    with archive.engine.begin() as connection:
        for table in tables:
            connection.execute(sa.text(f"DELETE FROM {table}"))
    assert archive.count(query="lighthouse") == 0
    again = Archive(archive.engine)
    assert [s.brief.id for s in again.list(query="lighthouse")] == [brief.id]
    assert [s.brief.id for s in again.list(query="tempête")] == [french.id]
    assert again.count(query="harbour") == 1
    again.delete(brief.id)  # found in the index by its brief, as saved ones are
    assert again.count(query="lighthouse") == 0


def test_briefs_for_day_returns_every_brief_of_that_date_in_ingest_order(
    archive: Archive,
) -> None:
    day = dt.date(2024, 3, 1)
    wanted = []
    for n in range(25):  # more than one page of list()
        brief = make_brief(f"Morning item {n}")
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n), day=day)
        wanted.append(brief.id)
    archive.save(make_brief("Other day"), ingested_at=T0, day=dt.date(2024, 3, 2))
    assert [s.brief.id for s in archive.briefs_for_day(day)] == wanted
    assert archive.briefs_for_day(dt.date(1999, 1, 1)) == []
    assert archive.count(day=day) == 25
    assert [s.brief.id for s in archive.list(day=day, limit=3)] == wanted[::-1][:3]


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-1, 0), (5, -1)])
def test_list_refuses_a_bad_page(archive: Archive, limit: int, offset: int) -> None:
    with pytest.raises(OptionsError):
        archive.list(limit=limit, offset=offset)


def test_the_schema_is_created_on_start_and_data_outlives_the_archive_object(
    settings: Settings,
) -> None:
    brief = make_brief("Persistence")
    first = Archive.from_settings(settings)
    first.save(brief, ingested_at=T0)
    first.close()
    second = Archive.from_settings(settings)  # create_all again on existing tables
    try:
        assert second.get(brief.id).brief == brief
    finally:
        second.close()


def test_a_failed_write_leaves_nothing_half_written(archive: Archive) -> None:
    brief = make_brief("Half written")

    def fail_after_the_article_row(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    # The article row is flushed first; the brief row's insert then fails.
    event.listen(BriefRow, "before_insert", fail_after_the_article_row)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            archive.save(brief)
    finally:
        event.remove(BriefRow, "before_insert", fail_after_the_article_row)
    assert archive.count() == 0
    with archive.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from articles")).scalar() == 0
    archive.save(brief)
    assert archive.count() == 1


def test_concurrent_writers_all_succeed(settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # two Archive objects stand for two gunicorn workers: separate engines, one database
    archives = [Archive.from_settings(settings), Archive.from_settings(settings)]
    briefs = [make_brief(f"Concurrent story {n}") for n in range(12)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            jobs = [
                pool.submit(archives[n % 2].save, brief)
                for n, brief in enumerate(briefs + briefs)  # each brief saved twice
            ]
            for job in jobs:
                job.result()
        assert archives[0].count() == 12
        assert {s.brief.id for s in archives[1].list(limit=50)} == {b.id for b in briefs}
    finally:
        for archive in archives:
            archive.close()


def test_sqlite_archive_lives_in_the_instance_folder_in_wal_mode(tmp_path: Path) -> None:
    settings = Settings(instance_path=tmp_path / "new" / "instance")
    archive = Archive.from_settings(settings)
    archive.save(make_brief("WAL"))
    archive.close()
    path = tmp_path / "new" / "instance" / "briefing.sqlite3"
    assert path.is_file()
    with sqlite3.connect(path) as connection:
        assert connection.execute("pragma journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize(
    ("configured", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),  # psycopg 3, not psycopg2
        ("postgres://u@h/db", "postgresql+psycopg"),  # the spelling Heroku-style hosts use
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),  # explicit driver kept
        ("sqlite:////tmp/x.db", "sqlite"),
    ],
)
def test_engine_url_picks_psycopg3(configured: str, driver: str) -> None:
    assert engine_url(configured).drivername == driver


def test_a_malformed_database_url_is_an_options_error() -> None:
    with pytest.raises(OptionsError, match="not a database URL"):
        engine_url("not a url")


def test_an_unknown_time_zone_is_an_options_error(tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match="unknown time zone 'Mars/Olympus'"):
        Settings(instance_path=tmp_path, timezone="Mars/Olympus")  # refused when built


def test_an_unreachable_database_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="cannot create the archive's tables"):
        Archive.from_settings(
            Settings(database_url="postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
        )


# -- the command line: briefing ingest ---------------------------------------------------


def test_cli_ingest_stores_each_file_and_prints_its_id(tmp_path: Path, seed_path: Path) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    other = tmp_path / "other.md"
    other.write_text("# Harbour reopens\n\nThe harbour reopened on Monday. Boats returned.\n")
    env = {"BRIEFING_INSTANCE_PATH": str(tmp_path / "instance")}
    result = CliRunner().invoke(
        main, ["ingest", str(seed_path), str(other), "--date", "2020-01-03"], env=env
    )
    assert result.exit_code == 0, result.output
    ids = result.stdout.split()
    assert len(ids) == 2
    archive = Archive.from_settings(Settings(instance_path=tmp_path / "instance"))
    try:
        assert [archive.get(i).day for i in ids] == [dt.date(2020, 1, 3)] * 2
        assert archive.get(ids[1]).brief.title == "Harbour reopens"
        assert archive.get(ids[0]).brief.title.startswith("Donald Trump deploys 3,500")
    finally:
        archive.close()


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        # a file that does not exist: bad input, the other files are still stored
        (["missing.txt", "good.txt"], 1, "briefing: error: missing.txt: no such file"),
        # an empty file
        (["empty.txt"], 1, "briefing: error: empty.txt: the article is empty"),
        # a malformed date: bad usage
        (["good.txt", "--date", "3/1/2020"], 2, "Invalid value for '--date'"),
        # no file at all: bad usage
        ([], 2, "Missing argument 'FILES...'"),
    ],
)
def test_cli_ingest_reports_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], exit_code: int, message: str
) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text("A good article. It has two sentences.\n")
    (tmp_path / "empty.txt").write_text("  \n")
    env = {"BRIEFING_INSTANCE_PATH": str(tmp_path / "instance")}
    result = CliRunner().invoke(main, ["ingest", *args], env=env)
    assert result.exit_code == exit_code
    assert message in result.stderr
    if "good.txt" in args and exit_code == 1:
        assert len(result.stdout.split()) == 1  # the good file was stored all the same


def test_the_article_text_is_stored_once(tmp_path: Path, seed_text: str) -> None:
    # the brief's JSON holds the clean text; the articles table keeps only the content key
    import sqlalchemy as sa

    from briefing import build_brief
    from briefing.models import content_hash

    archive = Archive.from_settings(Settings(instance_path=tmp_path))
    brief = build_brief(seed_text)
    archive.save(brief)
    with archive.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("articles")}
        ids = connection.execute(sa.text("SELECT id FROM articles")).scalars().all()
    archive.close()
    assert "text" not in columns
    assert ids == [content_hash(brief.article.title, brief.article.text)]


def _start_a_worker(settings: Settings, barrier: Any) -> None:
    from briefing.web import create_app

    barrier.wait(timeout=30)
    app = create_app(settings)  # what each gunicorn worker does first
    app.extensions["briefing"].archive.close()


def test_workers_starting_together_on_a_fresh_archive_all_come_up(
    settings: Settings, tmp_path: Path
) -> None:
    # gunicorn starts its workers at once and each creates the tables it needs (archive,
    # jobs, feeds); one that fails exits with code 3, and gunicorn then stops the server.
    import multiprocessing

    context = multiprocessing.get_context("fork")
    rounds = 3 if settings.database_url is None else 1
    for round_number in range(rounds):
        fresh = (
            settings.with_changes(instance_path=tmp_path / f"round{round_number}")
            if settings.database_url is None
            else settings
        )
        barrier = context.Barrier(4)
        workers = [context.Process(target=_start_a_worker, args=(fresh, barrier)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        codes = [worker.exitcode for worker in workers]
        assert codes == [0, 0, 0, 0], f"round {round_number}: exit codes {codes}"
    archive = Archive.from_settings(fresh)
    try:
        assert archive.count() == 0
    finally:
        archive.close()


# -- briefs in other languages (issue 21) ------------------------------------------------

_FRENCH = (Path(__file__).parent / "articles" / "fr-tempete.txt").read_text(encoding="utf-8")


def test_the_language_is_stored_and_the_text_searched_as_that_language_reads(
    archive: Archive, settings: Settings
) -> None:
    french = build_brief(_FRENCH, sentences=2)
    english = make_brief("Troops deployed to the border")
    archive.save(french, ingested_at=T0)
    archive.save(english, ingested_at=T0)
    with archive.engine.connect() as connection:
        stored = dict(connection.execute(sa.select(BriefRow.id, BriefRow.language)).all())
    assert stored == {french.id: "fr", english.id: "en"}
    found = [s.brief.id for s in archive.list(query="tempête pompiers")]
    assert found == [french.id]
    # English briefs are still stemmed the English way
    assert [s.brief.id for s in archive.list(query="deploys")] == [english.id]
    if archive.engine.dialect.name == "postgresql":
        # the French configuration stems the French query: plural finds singular
        assert [s.brief.id for s in archive.list(query="tempêtes digue")] == [french.id]
    else:
        # no stemmer for French on SQLite, but accents are folded
        assert [s.brief.id for s in archive.list(query="tempete")] == [french.id]
    assert archive.count(query="tempête") == 1


def test_on_sqlite_briefs_in_other_languages_are_indexed_without_porter(tmp_path: Path) -> None:
    archive = Archive.from_settings(Settings(instance_path=tmp_path))
    try:
        french = build_brief(_FRENCH, sentences=2)
        archive.save(french, ingested_at=T0)
        with archive.engine.connect() as connection:
            plain = connection.exec_driver_sql("SELECT brief_id FROM brief_search_plain").all()
            porter = connection.exec_driver_sql("SELECT brief_id FROM brief_search").all()
        assert plain == [(french.id,)] and porter == []
        # Porter would have made "pompiers" and "pompier" one word; French is not English
        assert archive.list(query="pompier") == []
        archive.delete(french.id)
        with archive.engine.connect() as connection:
            assert (
                connection.exec_driver_sql("SELECT count(*) FROM brief_search_plain").scalar() == 0
            )
    finally:
        archive.close()


def test_an_older_sqlite_archive_is_brought_up_to_date_when_it_opens(tmp_path: Path) -> None:
    from briefing.migrate import current_revision, head_revision, upgrade

    settings = Settings(instance_path=tmp_path)
    assert upgrade(settings, "0006") == "0006"  # as the last version left it
    archive = Archive.from_settings(settings)
    try:
        archive.save(build_brief(_FRENCH, sentences=2), ingested_at=T0)
        assert [s.brief.article.language for s in archive.list(query="tempête")] == ["fr"]
    finally:
        archive.close()
    assert current_revision(settings) == head_revision()


def test_an_older_postgresql_archive_asks_for_db_upgrade(tmp_path: Path) -> None:
    from briefing.migrate import head_revision, upgrade

    for settings in archive_settings("postgresql", tmp_path):
        upgrade(settings, "0006")
        with pytest.raises(StorageError, match="run `briefing db upgrade`"):
            Archive.from_settings(settings)
        assert upgrade(settings) == head_revision()
        Archive.from_settings(settings).close()


# -- an archive that stays fast: the same answers from the faster query shapes ------------


def test_every_page_is_the_newest_first_order_cut_in_pieces_from_either_end(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.store.archive as archive_module

    monkeypatch.setattr(archive_module, "DEEP_OFFSET", 5)  # pages past the middle read back
    briefs = [make_brief(f"Item {n} story") for n in range(23)]
    for n, brief in enumerate(briefs):
        # pairs stored at the same moment: the id decides between them, both ways
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n // 2))
    newest = [s.brief.id for s in archive.list(limit=100)]
    assert len(newest) == 23
    by_moment = sorted(briefs, key=lambda b: (T0 + dt.timedelta(minutes=briefs.index(b) // 2),
                                              b.id), reverse=True)  # fmt: skip
    assert newest == [b.id for b in by_moment]
    for size in (1, 4, 7):
        pages = [
            [s.brief.id for s in archive.list(limit=size, offset=offset)]
            for offset in range(0, 30, size)
        ]
        assert [i for page in pages for i in page] == newest, size
        assert all(len(page) <= size for page in pages)
    assert archive.list(limit=5, offset=23) == []
    assert archive.list(limit=5, offset=40) == []


def test_a_brief_saved_again_or_deleted_is_found_once_or_not_at_all(archive: Archive) -> None:
    first = make_brief("Harbour reopens", "The harbour reopened on Friday. Fishermen cheered.")
    other = make_brief("Harbour closes", "The harbour closed on Monday. Fishermen waited.")
    for brief in (first, other, first):
        archive.save(brief)
    assert sorted(s.brief.id for s in archive.list(query="harbour")) == sorted([first.id, other.id])
    assert archive.count(query="harbour") == 2
    assert archive.count(query="harbour", source="nobody") == 0
    archive.delete(first.id)
    assert [s.brief.id for s in archive.list(query="fishermen")] == [other.id]
    assert archive.count(query="fishermen") == 1
    archive.save(first)
    assert archive.count(query="fishermen cheered") == 1
    assert [s.brief.id for s in archive.list(query="cheered")] == [first.id]


def test_search_pages_are_the_best_first_order_cut_in_pieces_ties_newest_first(
    archive: Archive,
) -> None:
    from dataclasses import replace as copy_of

    wire = make_brief("Flood warning", "A flood warning was issued on Monday. Rivers rose.")
    copies = [copy_of(wire, id=f"wire-{n:02d}") for n in range(9)]  # one story, nine feeds
    headline = make_brief("Flood defences hold", "Defences held on Tuesday. Crews stayed.")
    for n, brief in enumerate([*copies, headline]):
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n))
    everything = [s.brief.id for s in archive.list(query="flood", limit=50)]
    # the title matches rank first; the nine equal copies follow, newest first
    assert everything[1:] == [f"wire-{n:02d}" for n in reversed(range(9))]
    assert set(everything) == {headline.id, *(c.id for c in copies)}
    for size in (1, 2, 4):
        pages = [
            [s.brief.id for s in archive.list(query="flood", limit=size, offset=offset)]
            for offset in range(0, 12, size)
        ]
        assert [i for page in pages for i in page] == everything, size
    assert archive.count(query="flood") == 10


@pytest.mark.parametrize("walk", [1, 2000], ids=["through-the-index", "newest-first-walk"])
def test_postgres_search_lists_headline_matches_then_text_matches_each_newest_first(
    settings: Settings, walk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not (settings.database_url or "").startswith("postgresql"):
        pytest.skip("PostgreSQL's tiers; SQLite ranks by bm25 (the tests above)")
    # a walk through one brief never fills a page: every page comes through the index
    monkeypatch.setattr(store_search, "_WALK_MIN", walk)
    monkeypatch.setattr(store_search, "_WALK_PER_WANTED", 1 if walk == 1 else 50)
    archive = Archive.from_settings(settings)
    titled, in_text, neither = [], [], []
    for n in range(12):
        if n % 3 == 0:
            brief = make_brief(f"Harbour storm number {n}")
            titled.append(brief.id)
        elif n % 3 == 1:
            brief = make_brief(
                f"Coast report {n}", f"A storm hit harbour walls, item {n}. Crews came."
            )
            in_text.append(brief.id)
        else:
            brief = make_brief(f"Market report {n}", f"Prices held on day {n}. Traders left.")
            neither.append(brief.id)
        archive.save(brief, ingested_at=T0 + dt.timedelta(minutes=n))
    expected = list(reversed(titled)) + list(reversed(in_text))
    assert [s.brief.id for s in archive.list(query="harbour storm", limit=50)] == expected
    for size in (1, 3, 5):
        pages = [
            [s.brief.id for s in archive.list(query="storms harbour", limit=size, offset=offset)]
            for offset in range(0, 10, size)
        ]
        assert [i for page in pages for i in page] == expected, size
    assert archive.list(query="harbour", offset=8) == []
    assert archive.count(query="harbour storm") == 8
    archive.close()
