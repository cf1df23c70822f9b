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


def test_each_api_key_has_its_own_count(tmp_path: Path) -> None:
    client = app_with(tmp_path, rate_limit="2/minute", api_keys=("alpha", "beta")).test_client()

    def post(key: str) -> int:
        headers = {"Authorization": f"Bearer {key}"}
        return client.post("/api/v1/summary", json=ARTICLE, headers=headers).status_code

    assert [post("alpha"), post("alpha"), post("alpha")] == [200, 200, 429]
    assert post("beta") == 200  # another key, another count
    # a client without a key counts by its address, apart from both keys
    assert client.post("/api/v1/summary", json=ARTICLE).status_code == 200


def test_made_up_keys_count_against_the_address_and_buy_no_requests(tmp_path: Path) -> None:
    # the operator's report: with keys set and plain requests already answered 429,
    # "Bearer junk0" .. "junk3" were each answered 200
    client = app_with(tmp_path, rate_limit="2/minute", api_keys=("real-key",)).test_client()
    plain = [client.post("/api/v1/summary", json=ARTICLE).status_code for _ in range(3)]
    assert plain == [200, 200, 429]
    junk = [
        client.post(
            "/api/v1/summary", json=ARTICLE, headers={"Authorization": f"Bearer junk{n}"}
        ).status_code
        for n in range(4)
    ]
    assert junk == [429, 429, 429, 429]
    # the valid key has its own count, untouched by the address's
    real = {"Authorization": "Bearer real-key"}
    assert client.post("/api/v1/summary", json=ARTICLE, headers=real).status_code == 200


def test_without_configured_keys_any_bearer_token_counts_by_address(tmp_path: Path) -> None:
    client = app_with(tmp_path, rate_limit="2/minute").test_client()
    statuses = [
        client.post(
            "/api/v1/summary", json=ARTICLE, headers={"Authorization": f"Bearer k{n}"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


# -- behind a proxy: BRIEFING_TRUSTED_PROXIES ----------------------------------------------


def _from(client: FlaskClient, peer: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        "/api/v1/summary",
        json=ARTICLE,
        headers=headers,
        environ_base={"REMOTE_ADDR": peer},
    ).status_code


def test_behind_a_trusted_proxy_each_client_has_its_own_count(tmp_path: Path) -> None:
    client = app_with(tmp_path, rate_limit="2/minute", trusted_proxies="1").test_client()
    balancer = "10.0.0.2"
    assert [_from(client, balancer, "203.0.113.7") for _ in range(3)] == [200, 200, 429]
    # another user behind the same balancer: a count of their own
    assert _from(client, balancer, "198.51.100.4") == 200
    # a client that prepends a made-up address is still counted as itself (the
    # proxy appends the address it saw, and only that one is believed)
    assert _from(client, balancer, "192.0.2.99, 203.0.113.7") == 429


def test_without_trusted_proxies_x_forwarded_for_is_ignored(tmp_path: Path) -> None:
    client = app_with(tmp_path, rate_limit="2/minute").test_client()
    balancer = "10.0.0.2"
    statuses = [_from(client, balancer, f"203.0.113.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]  # every user is the balancer


def test_trusted_proxies_by_address_believe_only_those_proxies(tmp_path: Path) -> None:
    client = app_with(
        tmp_path, rate_limit="2/minute", trusted_proxies="10.0.0.0/24, 192.168.1.1"
    ).test_client()
    # through the proxy: counted by the client it names
    assert [_from(client, "10.0.0.2", "203.0.113.7") for _ in range(2)] == [200, 200]
    assert _from(client, "10.0.0.2", "198.51.100.4") == 200
    # a client connecting directly cannot pretend to be someone else
    direct = [_from(client, "198.51.100.50", f"203.0.113.{n}") for n in range(10, 13)]
    assert direct == [200, 200, 429]
    # two trusted proxies in a row: the client before them
    assert _from(client, "10.0.0.2", "198.51.100.77, 192.168.1.1") == 200
    assert _from(client, "10.0.0.3", "198.51.100.77, 192.168.1.1") == 200
    assert _from(client, "10.0.0.3", "198.51.100.77, 192.168.1.1") == 429


def test_trusted_proxies_set_the_client_address_and_scheme_the_app_sees(tmp_path: Path) -> None:
    from flask import request

    app = app_with(tmp_path, trusted_proxies="1")
    seen: dict[str, str] = {}

    @app.get("/_probe")
    def probe() -> str:
        seen.update(addr=request.remote_addr or "", scheme=request.scheme)
        return "ok"

    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    app.test_client().get("/_probe", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen == {"addr": "203.0.113.7", "scheme": "https"}


def test_a_bad_trusted_proxies_value_names_the_setting() -> None:
    with pytest.raises(OptionsError, match="BRIEFING_TRUSTED_PROXIES"):
        Settings(trusted_proxies="the balancer")


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
