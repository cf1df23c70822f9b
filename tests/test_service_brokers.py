"""/readyz and /metrics against the real brokers: what an operator's probe and Prometheus see.

Each test runs on RabbitMQ and on Redis (``BRIEFING_TEST_AMQP_URL``,
``BRIEFING_TEST_REDIS_URL``), on a queue of its own that no worker reads, and skips with
the reason when the broker does not answer.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_observe import sample, scrape

from briefing.config import Settings
from briefing.store.jobs import JobStore
from briefing.taskqueue import TaskQueue
from briefing.web import create_app

REDIS_URL = os.environ.get("BRIEFING_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
AMQP_URL = os.environ.get("BRIEFING_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=["rabbitmq", "redis"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    from test_worker_recovery import broker_answers

    url = AMQP_URL if request.param == "rabbitmq" else REDIS_URL
    why = broker_answers(url)
    if why:
        pytest.skip(f"no {request.param} answers at {url}: {why}")
    queue = f"probe-{uuid.uuid4().hex[:8]}"
    made = Settings(broker_url=url, queue=queue, instance_path=tmp_path / "instance")
    yield made
    producer = TaskQueue(made)
    try:
        with producer.app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)
    finally:
        producer.close()


def test_readyz_is_ready_when_the_archive_broker_and_result_store_answer(
    settings: Settings,
) -> None:
    answer = create_app(settings).test_client().get("/readyz")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    expected: dict[str, Any] = {"status": "ready", "archive": "ok", "broker": "ok"}
    if settings.broker_url and settings.broker_url.startswith("redis"):
        expected["results"] = "ok"  # the same Redis keeps the results
    assert answer.get_json() == expected


def test_readyz_names_a_result_store_that_does_not_answer(settings: Settings) -> None:
    dead = settings.with_changes(result_backend=f"redis://127.0.0.1:{free_port()}/0")
    client = create_app(dead).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    checks = answer.get_json()["checks"]
    assert (checks["archive"], checks["broker"]) == ("ok", "ok")
    assert "result store does not answer" in checks["results"]
    assert client.get("/healthz").status_code == 200  # liveness does not ask the broker


def test_metrics_show_the_lines_waiting_in_the_queue(settings: Settings) -> None:
    client = create_app(settings).test_client()
    queue = settings.queue
    assert sample(scrape(client), "briefing_queue_depth", queue=queue) == 0
    app = client.application
    jobs = JobStore(app.extensions["briefing"].archive.engine)
    producer = TaskQueue(settings)
    try:
        items: list[tuple[int, dict[str, Any] | str]] = [
            (n, {"text": f"Item {n} was reported on Monday. It rained."}) for n in range(1, 6)
        ]
        producer.enqueue(jobs, items)
    finally:
        producer.close()
    text = scrape(client)
    assert sample(text, "briefing_queue_depth", queue=queue) == 5
    assert sample(text, "briefing_job_lines_total", state="queued") >= 5
