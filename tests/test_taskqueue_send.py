"""Sending lines to the broker: a channel the broker closed under a pooled connection is
not a lost batch (seen once in a full run against RabbitMQ: ChannelError on the first send)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from amqp.exceptions import ChannelError

from briefing.config import Settings
from briefing.errors import QueueUnavailableError
from briefing.taskqueue import TaskQueue


class Broker:
    """Records what was sent; the pooled producer fails after ``fail_after`` sends."""

    def __init__(self, fail_after: int, new_fails: bool = False) -> None:
        self.fail_after = fail_after
        self.new_fails = new_fails
        self.sent: list[tuple[Any, str]] = []

    @contextmanager
    def pooled(self) -> Iterator[str]:
        yield "pooled"

    @contextmanager
    def new(self) -> Iterator[str]:
        yield "new"

    def send_task(self, name: str, *, args: Any, producer: str, **_: Any) -> None:
        pooled_sent = sum(1 for _, p in self.sent if p == "pooled")
        if (producer == "pooled" and pooled_sent >= self.fail_after) or (
            producer == "new" and self.new_fails
        ):
            raise ChannelError("channel closed by the broker")
        self.sent.append((args, producer))


def queue_with(broker: Broker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> TaskQueue:
    queue = TaskQueue(
        Settings(broker_url="memory://", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    )
    monkeypatch.setattr(queue.app, "producer_or_acquire", broker.pooled)
    monkeypatch.setattr(queue.app, "send_task", broker.send_task)
    monkeypatch.setattr(queue, "_new_producer", broker.new)
    return queue


LINES = [("job", line, {"text": f"line {line}"}) for line in range(1, 6)]


def test_the_lines_not_yet_sent_go_again_over_a_new_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broker = Broker(fail_after=2)
    queue_with(broker, monkeypatch, tmp_path).send_lines(LINES)
    # every line once: two over the pool, the other three over the new connection
    assert [args[1] for args, _ in broker.sent] == [1, 2, 3, 4, 5]
    assert [producer for _, producer in broker.sent] == ["pooled"] * 2 + ["new"] * 3


def test_a_broker_that_fails_twice_is_unavailable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broker = Broker(fail_after=0, new_fails=True)
    with pytest.raises(QueueUnavailableError, match="failed while sending 5 lines: ChannelError"):
        queue_with(broker, monkeypatch, tmp_path).send_lines(LINES)
