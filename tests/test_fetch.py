"""Safe fetching: which addresses may be fetched, and every refusal against a real server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_server import Proxy, Site, load_articles, serve, serve_proxy

from briefing.config import Settings
from briefing.errors import (
    BadURLError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    FetchTooLargeError,
    OptionsError,
    PrivateAddressError,
    TooManyRedirectsError,
)
from briefing.fetch import (
    check_address,
    fetch,
    fetch_article,
    vet_host,
)

LOCAL = Settings(fetch_allow_hosts=("127.0.0.1",), fetch_timeout=3.0, fetch_connect_timeout=1.0)


@pytest.fixture(scope="module")
def site(corpus: Path) -> Iterator[Site]:
    with serve(load_articles(corpus)) as running:
        yield running


# -- the address table ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "private"),  # RFC 1918 10/8
        ("172.16.0.1", "private"),  # RFC 1918 172.16/12
        ("172.31.255.254", "private"),  # its last block
        ("192.168.1.1", "private"),  # RFC 1918 192.168/16
        ("100.64.0.1", "private"),  # carrier-grade NAT (shared, not global)
        ("127.0.0.1", "loopback"),  # loopback
        ("127.8.9.10", "loopback"),  # anywhere in 127/8
        ("169.254.169.254", "link-local"),  # cloud metadata service
        ("169.254.0.1", "link-local"),  # IPv4 link-local
        ("224.0.0.1", "multicast"),  # IPv4 multicast
        ("239.255.255.250", "multicast"),  # SSDP
        ("0.0.0.0", "reserved"),  # unspecified
        ("240.0.0.1", "reserved"),  # class E
        ("255.255.255.255", "reserved"),  # broadcast
        ("192.0.2.10", "private"),  # TEST-NET-1 documentation range
        ("::1", "loopback"),  # IPv6 loopback
        ("::", "reserved"),  # IPv6 unspecified
        ("fe80::1", "link-local"),  # IPv6 link-local
        ("fe80::1%eth0", "link-local"),  # with a zone id
        ("fc00::1", "private"),  # unique local
        ("fd12:3456::1", "private"),  # unique local
        ("ff02::1", "multicast"),  # IPv6 multicast
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped loopback
        ("::ffff:169.254.169.254", "link-local"),  # IPv4-mapped metadata service
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped private
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2001:db8::1", "private"),  # IPv6 documentation range
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    reason = check_address(address)
    assert reason is not None
    assert reason.startswith("that address is on a private network")
    assert kind in reason


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",  # a public IPv4 address
        "8.8.8.8",  # another
        "2606:4700::1111",  # a public IPv6 address
        "::ffff:8.8.8.8",  # IPv4-mapped public
    ],
)
def test_public_addresses_pass(address: str) -> None:
    assert check_address(address) is None


def _resolver(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return table[host]

    return resolve


@pytest.mark.parametrize(
    ("answers", "refused"),
    [
        (["93.184.215.14"], False),  # public only
        (["10.0.0.5"], True),  # a name for a private address
        (["93.184.215.14", "127.0.0.1"], True),  # one bad answer among good ones
        (["::1"], True),  # an AAAA record for loopback
        (["::ffff:169.254.169.254"], True),  # a mapped metadata address
        (["2606:4700::1111"], False),  # public IPv6
    ],
)
def test_names_are_judged_by_every_address_they_resolve_to(
    answers: list[str], refused: bool
) -> None:
    resolve = _resolver({"news.example": answers})
    if refused:
        with pytest.raises(PrivateAddressError, match="private network"):
            vet_host("news.example", 443, Settings(), resolve)
    else:
        assert vet_host("news.example", 443, Settings(), resolve) == answers[0]


def test_allow_listed_names_may_be_private() -> None:
    resolve = _resolver({"intranet.example": ["10.0.0.5"]})
    settings = Settings(fetch_allow_hosts=("intranet.example",))
    assert vet_host("intranet.example", 80, settings, resolve) == "10.0.0.5"
    with pytest.raises(PrivateAddressError):
        vet_host("intranet.example", 80, Settings(), resolve)


def test_ip_literals_are_checked_without_dns() -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("an IP literal must not be resolved")

    with pytest.raises(PrivateAddressError):
        vet_host("169.254.169.254", 80, Settings(), no_dns)
    with pytest.raises(PrivateAddressError):
        vet_host("[::1]", 80, Settings(), no_dns)


# -- against a real server on loopback ----------------------------------------------------


def test_an_article_page_is_fetched_and_extracted(site: Site) -> None:
    article = fetch_article(site.url("/a/0.html"), LOCAL)
    assert article.url == site.url("/a/0.html")
    assert article.title == site.title(0)
    words = str(site.articles[0]["text"]).split()
    assert " ".join(words[5:17]) in " ".join(article.text.split())  # dateline is dropped
    assert "Copyright the test site" not in article.text  # boilerplate left out


def test_a_plain_text_page_is_read_as_text(site: Site) -> None:
    article = fetch_article(site.url("/plain.txt"), LOCAL)
    assert str(site.articles[1]["text"]).split()[5] in article.text


def test_loopback_is_refused_while_the_allow_list_is_unset(site: Site) -> None:
    before = len(site.requests)
    with pytest.raises(PrivateAddressError, match="that address is on a private network"):
        fetch(site.url("/a/0.html"), Settings())
    assert len(site.requests) == before  # refused before any connection


def test_the_connection_goes_to_the_vetted_address(site: Site) -> None:
    # "pinned.example" exists only in the injected resolver: the page arrives, so the
    # client connected to the address we checked and did not resolve the name again.
    resolve = _resolver({"pinned.example": ["127.0.0.1"]})
    settings = Settings(fetch_allow_hosts=("pinned.example",))
    page = fetch(site.url("/a/2.html", host="pinned.example"), settings, resolver=resolve)
    assert page.status == 200
    assert site.requests[-1][1]["Host"] == f"pinned.example:{site.port}"


def test_redirects_are_followed_up_to_the_limit(site: Site) -> None:
    page = fetch(site.url("/hop/5"), LOCAL)
    assert page.status == 200 and page.url.endswith("/hop/0")
    with pytest.raises(TooManyRedirectsError, match="more than 5 times"):
        fetch(site.url("/hop/6"), LOCAL)


def test_a_redirect_to_a_private_address_is_refused(site: Site) -> None:
    # only the name "localhost" is allowed: its redirect to 127.0.0.1 is checked again
    settings = Settings(fetch_allow_hosts=("localhost",))
    with pytest.raises(PrivateAddressError, match=r"127\.0\.0\.1 cannot be fetched"):
        fetch(site.url("/to-loopback", host="localhost"), settings)


def test_a_redirect_to_the_metadata_service_is_refused(site: Site) -> None:
    with pytest.raises(PrivateAddressError, match="link-local"):
        fetch(site.url("/to-metadata"), LOCAL)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("javascript", "redirected to a javascript: address"),
        ("mailto", "redirected to a mailto: address"),
        ("about", "redirected to a about: address"),
        ("data", "redirected to a data: address"),
        ("broken", "which is not a web address"),  # a URL httpx cannot parse
    ],
)
def test_a_redirect_out_of_the_web_is_a_refusal(site: Site, name: str, message: str) -> None:
    with pytest.raises(BadURLError, match=message):
        fetch(site.url(f"/to-scheme/{name}"), LOCAL)


def test_a_slow_server_meets_the_time_limit(site: Site) -> None:
    settings = LOCAL.with_changes(fetch_timeout=0.4)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"the page did not answer in 0.4 s"):
        fetch(site.url("/slow"), settings)
    assert time.monotonic() - started < 1.5


def test_an_endless_body_meets_the_size_limit(site: Site) -> None:
    settings = LOCAL.with_changes(fetch_max_bytes=200_000)
    started = time.monotonic()
    with pytest.raises(FetchTooLargeError, match="larger than 200,000 bytes"):
        fetch(site.url("/endless"), settings)
    assert time.monotonic() - started < 3


def test_other_content_types_are_refused(site: Site) -> None:
    with pytest.raises(ContentTypeError, match="application/pdf, not an HTML or text page"):
        fetch(site.url("/file.pdf"), LOCAL)


def test_error_answers_are_reported(site: Site) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(site.url("/missing"), LOCAL)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/file",  # another scheme
        "file:///etc/passwd",  # a local file
        "gopher://127.0.0.1:70/",  # the classic SSRF smuggler
        "http://",  # no host
    ],
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(BadURLError):
        fetch(url, LOCAL)


def test_every_fetch_limit_is_a_setting_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "BRIEFING_FETCH_ALLOW_HOSTS": "Intranet.example, 127.0.0.1",
            "BRIEFING_FETCH_CONNECT_TIMEOUT": "1.5",
            "BRIEFING_FETCH_TIMEOUT": "4",
            "BRIEFING_FETCH_MAX_BYTES": "1000",
            "BRIEFING_FETCH_MAX_REDIRECTS": "2",
            "BRIEFING_FEED_RETRY_SECONDS": "60",
            "BRIEFING_FEED_RETRY_MAX": "600",
            "BRIEFING_FEED_MAX_ENTRIES": "7",
        }
    )
    assert settings.fetch_allow_hosts == ("intranet.example", "127.0.0.1")
    assert (settings.fetch_connect_timeout, settings.fetch_timeout) == (1.5, 4.0)
    assert (settings.fetch_max_bytes, settings.fetch_max_redirects) == (1000, 2)
    assert (settings.feed_retry_seconds, settings.feed_retry_max) == (60.0, 600.0)
    assert settings.feed_max_entries == 7
    defaults = Settings()
    assert (defaults.fetch_timeout, defaults.fetch_max_redirects, defaults.fetch_allow_hosts) == (
        10.0,
        5,
        (),
    )


@pytest.mark.parametrize(
    "env",
    [
        {"BRIEFING_FETCH_TIMEOUT": "soon"},  # not a number
        {"BRIEFING_FETCH_TIMEOUT": "0"},  # not positive
        {"BRIEFING_FETCH_MAX_BYTES": "-1"},  # negative size
        {"BRIEFING_FEED_MAX_ENTRIES": "0"},  # no entries at all
    ],
)
def test_bad_fetch_settings_are_refused(env: dict[str, str]) -> None:
    from briefing.errors import OptionsError

    with pytest.raises(OptionsError):
        Settings.from_env(env)


def test_a_redirect_chain_within_a_small_limit(site: Site) -> None:
    with pytest.raises(TooManyRedirectsError, match="more than 2 times"):
        fetch(site.url("/hop/3"), LOCAL.with_changes(fetch_max_redirects=2))


def test_a_compressed_body_is_bounded_once_inflated(site: Site) -> None:
    # about 5 kB on the wire, 5 MB inflated: the limit applies to what it inflates to
    with pytest.raises(FetchTooLargeError, match="larger than 100,000 bytes"):
        fetch(site.url("/bomb"), LOCAL.with_changes(fetch_max_bytes=100_000))


# -- the User-Agent and the egress proxy (issue 21) ------------------------------------------


def test_the_user_agent_is_a_browsers_that_names_briefing(site: Site) -> None:
    fetch(site.url("/a/0.html"), LOCAL)
    agent = site.requests[-1][1]["User-Agent"]
    assert agent.startswith("Mozilla/5.0 (") and "briefing/" in agent
    assert agent == Settings().fetch_user_agent


def test_the_user_agent_is_a_setting(site: Site) -> None:
    settings = Settings.from_env(
        {"BRIEFING_FETCH_USER_AGENT": "NewsDesk/2 (+mailto:desk@example.org)"}
    ).model_copy(update={"fetch_allow_hosts": ("127.0.0.1",)})
    fetch(site.url("/a/0.html"), settings)
    assert site.requests[-1][1]["User-Agent"] == "NewsDesk/2 (+mailto:desk@example.org)"


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    with serve_proxy() as running:
        yield running


def test_a_proxy_is_asked_for_the_vetted_address_with_the_name_in_host(
    site: Site, proxy: Proxy
) -> None:
    # "desk.example" exists only in the injected resolver: the proxy is asked for the
    # address briefing checked, so neither it nor anyone resolves the name again
    resolve = _resolver({"desk.example": ["127.0.0.1"]})
    settings = Settings(fetch_allow_hosts=("desk.example",), fetch_proxy=proxy.url)
    page = fetch(site.url("/a/1.html", host="desk.example"), settings, resolver=resolve)
    assert page.status == 200 and b"<article>" in page.body
    assert proxy.requests == [
        (f"http://127.0.0.1:{site.port}/a/1.html", f"desk.example:{site.port}")
    ]
    assert site.requests[-1][1]["Host"] == f"desk.example:{site.port}"


@pytest.mark.parametrize(
    "url",
    [
        # the target resolves to a private address that is not allowed
        "http://intranet.example/a/0.html",
        # the cloud metadata service
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_every_rule_still_applies_to_the_target_through_a_proxy(proxy: Proxy, url: str) -> None:
    resolve = _resolver({"intranet.example": ["10.1.2.3"]})
    settings = Settings(fetch_proxy=proxy.url)
    with pytest.raises(PrivateAddressError, match="private network"):
        fetch(url, settings, resolver=resolve)
    assert proxy.requests == []  # refused before the proxy is asked anything


def test_a_redirect_through_the_proxy_is_checked_again(site: Site, proxy: Proxy) -> None:
    resolve = _resolver({"desk.example": ["127.0.0.1"]})
    settings = Settings(fetch_allow_hosts=("desk.example",), fetch_proxy=proxy.url)
    with pytest.raises(PrivateAddressError, match="link-local"):
        fetch(site.url("/to-metadata", host="desk.example"), settings, resolver=resolve)
    assert [target for target, _ in proxy.requests] == [f"http://127.0.0.1:{site.port}/to-metadata"]


def test_the_environments_proxy_is_never_used(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # a proxy that answers nothing: were it used, the fetch would fail
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    assert fetch(site.url("/a/0.html"), LOCAL).status == 200


def test_a_proxy_that_refuses_is_a_clear_fetch_error(proxy: Proxy) -> None:
    # the test proxy refuses tunnels: an https target through it
    resolve = _resolver({"secure.example": ["93.184.216.34"]})
    settings = Settings(fetch_proxy=proxy.url, fetch_timeout=3.0)
    with pytest.raises(FetchError, match="the proxy refused the page"):
        fetch("https://secure.example/story", settings, resolver=resolve)
    assert proxy.requests[0][0] == "93.184.216.34:443"  # CONNECT to the vetted address


def test_tls_through_a_tunnel_checks_the_certificate_against_the_name() -> None:
    import socket

    from briefing.fetch import _NamedTLSContext

    context = _NamedTLSContext()
    context.name = "news.example.org"
    with socket.socket() as raw:
        wrapped = context.wrap_socket(
            raw, server_hostname="93.184.216.34", do_handshake_on_connect=False
        )
        assert wrapped.server_hostname == "news.example.org"
        assert context.check_hostname and context.verify_mode.name == "CERT_REQUIRED"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("socks5://127.0.0.1:1080", "BRIEFING_FETCH_PROXY must be an http:// address"),
        ("https://proxy.example:3128", "BRIEFING_FETCH_PROXY must be an http:// address"),
        ("http://", "BRIEFING_FETCH_PROXY must be an http:// address"),
    ],
)
def test_a_proxy_setting_that_is_no_http_address_is_refused(value: str, message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        Settings.from_env({"BRIEFING_FETCH_PROXY": value})
