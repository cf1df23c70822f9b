"""A queued job keeps each line's payload until the line is recorded, so that a line the
broker lost can be found and sent again: only a line that is overdue, of a job that has
gone quiet, and each by one sweeper however many run at once.

Every test runs on SQLite and on the machine's PostgreSQL (skipped with the reason where
none answers).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from postgres import archive_settings

from briefing.config import Settings
from briefing.store import Archive
from briefing.store.jobs import JobStore
from briefing.store.schema import job_lines_table, job_sends_table

PAYLOADS = [
    (1, {"text": "The dam held on Sunday.", "options": {"sentences": 2, "method": "lead"}}),
    (2, {"id": "given-id", "html": "<p>Floods closed the road.</p>"}),
    (3, {"text": "Drivers waited for hours."}),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    yield from archive_settings(request.param, tmp_path / "instance")


@pytest.fixture
def jobs(settings: Settings) -> Iterator[JobStore]:
    archive = Archive.from_settings(settings)
    yield JobStore(archive.engine)
    archive.close()


def age(jobs: JobStore, seconds: float) -> None:
    """Move every send and every finished line ``seconds`` into the past."""
    shift = dt.timedelta(seconds=seconds)
    with jobs.engine.begin() as connection:
        for row in connection.execute(sa.select(job_sends_table)).all():
            connection.execute(
                job_sends_table.update()
                .where(job_sends_table.c.job_id == row.job_id, job_sends_table.c.line == row.line)
                .values(sent_at=row.sent_at - shift)
            )
        for row in connection.execute(sa.select(job_lines_table)).all():
            connection.execute(
                job_lines_table.update()
                .where(job_lines_table.c.job_id == row.job_id, job_lines_table.c.line == row.line)
                .values(finished_at=row.finished_at - shift)
            )


def lines_of(claimed: list[tuple[str, int, dict[str, Any]]]) -> list[tuple[str, int]]:
    return sorted((job_id, line) for job_id, line, _payload in claimed)


def test_an_overdue_line_of_a_quiet_job_comes_back_with_its_payload(jobs: JobStore) -> None:
    jobs.create("j", 3, PAYLOADS, queue="q")
    age(jobs, 120)
    claimed = jobs.claim_lost("q", 60)
    assert sorted((line, payload) for _job, line, payload in claimed) == PAYLOADS


def test_a_recorded_line_is_no_longer_kept(jobs: JobStore) -> None:
    jobs.create("j", 3, PAYLOADS, queue="q")
    jobs.record("j", 2, brief_id="given-id")
    jobs.record("j", 3, error="the article is empty")
    age(jobs, 120)
    assert lines_of(jobs.claim_lost("q", 60)) == [("j", 1)]


def test_lines_sent_lately_are_left_alone(jobs: JobStore) -> None:
    jobs.create("j", 3, PAYLOADS, queue="q")
    age(jobs, 30)
    assert jobs.claim_lost("q", 60) == []


def test_a_job_that_makes_progress_keeps_its_waiting_lines(jobs: JobStore) -> None:
    # lines long queued behind a backlog: the job records one now, so none is lost
    jobs.create("busy", 3, PAYLOADS, queue="q")
    jobs.create("quiet", 1, PAYLOADS[:1], queue="q")
    age(jobs, 120)
    jobs.record("busy", 1, brief_id="b1")
    assert lines_of(jobs.claim_lost("q", 60)) == [("quiet", 1)]
    # once it too has been quiet for as long, its lines are overdue (and so is the quiet
    # job's line, sent again two minutes ago and still not recorded)
    age(jobs, 120)
    assert lines_of(jobs.claim_lost("q", 60)) == [("busy", 2), ("busy", 3), ("quiet", 1)]


def test_a_claimed_line_is_not_claimed_again_until_it_is_overdue_again(jobs: JobStore) -> None:
    jobs.create("j", 1, PAYLOADS[:1], queue="q")
    age(jobs, 120)
    assert lines_of(jobs.claim_lost("q", 60)) == [("j", 1)]
    assert jobs.claim_lost("q", 60) == []
    age(jobs, 120)
    assert lines_of(jobs.claim_lost("q", 60)) == [("j", 1)]


def test_the_workers_of_one_queue_send_again_only_what_was_sent_to_it(jobs: JobStore) -> None:
    jobs.create("mine", 1, PAYLOADS[:1], queue="q")
    jobs.create("theirs", 1, PAYLOADS[:1], queue="other")
    age(jobs, 120)
    assert lines_of(jobs.claim_lost("q", 60)) == [("mine", 1)]
    assert lines_of(jobs.claim_lost("other", 60)) == [("theirs", 1)]


def test_a_job_without_a_queue_keeps_nothing(jobs: JobStore) -> None:
    jobs.create("in-request", 2)
    age(jobs, 120)
    assert jobs.claim_lost("q", 60) == []
    with jobs.engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(job_sends_table)).scalar()
            == 0
        )


def test_sweepers_claiming_at_once_send_each_line_once(settings: Settings) -> None:
    archives = [Archive.from_settings(settings) for _ in range(4)]
    try:
        stores = [JobStore(archive.engine) for archive in archives]
        many = [(line, {"text": f"Line {line}."}) for line in range(1, 61)]
        stores[0].create("j", len(many), many, queue="q")
        age(stores[0], 120)
        claims: list[list[tuple[str, int, dict[str, Any]]]] = [[] for _ in stores]
        start = threading.Barrier(len(stores))

        def sweep(index: int) -> None:
            start.wait()
            claims[index] = stores[index].claim_lost("q", 60)

        threads = [threading.Thread(target=sweep, args=(i,)) for i in range(len(stores))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        every = [line for claim in claims for line in lines_of(claim)]
        assert sorted(every) == [("j", line) for line in range(1, 61)]  # all, none twice
    finally:
        for archive in archives:
            archive.close()
