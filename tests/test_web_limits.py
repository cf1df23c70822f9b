"""Rate limits: BRIEFING_RATE_LIMIT per client or API key on the API's POST routes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from briefing.config import Settings
from briefing.errors import OptionsError
from briefing.web import create_app

ARTICLE = {"text": "Officials said 12 people were killed in the attack. Police were sent."}
REDIS_URL = "redis://127.0.0.1:6379/3"


def app_with(tmp_path: Path, **settings: object) -> Flask:
    app = create_app(Settings(instance_path=tmp_path / "instance", **settings))  # type: ignore[arg-type]
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    yield app_with(tmp_path, rate_limit="2/minute").test_client()


def test_the_third_post_in_a_minute_is_refused_with_retry_after(client: FlaskClient) -> None:
    statuses = [client.post("/api/v1/summary", json=ARTICLE).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    answer = client.post("/api/v1/summary", json=ARTICLE)
    assert answer.status_code == 429
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["type"] == "/problems/rate-limited"
    assert 0 < int(answer.headers["Retry-After"]) <= 60


def test_reads_and_health_are_never_limited(client: FlaskClient) -> None:
    for _ in range(3):
        client.post("/api/v1/summary", json=ARTICLE)
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_each_api_key_has_its_own_count(client: FlaskClient) -> None:
    def post(key: str) -> int:
        headers = {"Authorization": f"Bearer {key}"}
        return client.post("/api/v1/summary", json=ARTICLE, headers=headers).status_code

    assert [post("alpha"), post("alpha"), post("alpha")] == [200, 200, 429]
    assert post("beta") == 200  # another key, another count
    # a client without a key counts by its address, apart from both keys
    assert client.post("/api/v1/summary", json=ARTICLE).status_code == 200


def test_no_setting_means_no_limit(tmp_path: Path) -> None:
    client = app_with(tmp_path).test_client()
    assert {client.post("/api/v1/summary", json=ARTICLE).status_code for _ in range(5)} == {200}


def test_a_limit_that_does_not_parse_is_a_settings_error() -> None:
    with pytest.raises(OptionsError, match="60/minute"):
        Settings(rate_limit="sixty a minute")


def test_workers_share_counts_through_redis(tmp_path: Path) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis server answers at {REDIS_URL}: {error}")
    # two apps stand for two gunicorn workers; a fresh key keeps runs apart
    key = {"Authorization": f"Bearer {uuid.uuid4().hex}"}
    first, second = (
        app_with(tmp_path / name, rate_limit="2/minute", rate_limit_storage=REDIS_URL)
        for name in ("one", "two")
    )
    a, b = first.test_client(), second.test_client()
    assert a.post("/api/v1/summary", json=ARTICLE, headers=key).status_code == 200
    assert b.post("/api/v1/summary", json=ARTICLE, headers=key).status_code == 200
    assert a.post("/api/v1/summary", json=ARTICLE, headers=key).status_code == 429
