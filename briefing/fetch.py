"""Fetching a web page safely: the one place briefing opens a connection to an address a
user gave (an SSRF surface, OWASP A10).

Rules, each one a named setting (``Settings.fetch_*``):

- only ``http`` and ``https`` URLs, with a host name;
- every address the host resolves to must be public: private, loopback, link-local
  (169.254.169.254, the cloud metadata service), multicast, reserved, unspecified and
  shared addresses are refused, for IPv4 and IPv6 (IPv4-mapped, NAT64 and 6to4 addresses are
  judged by the IPv4 address inside them). Hosts named in ``BRIEFING_FETCH_ALLOW_HOSTS``
  may be private (tests, intranets);
- the connection is made to the vetted address itself (the URL's host is swapped for the IP;
  ``Host`` and TLS SNI keep the name, so certificates are still checked against it): a DNS
  answer that changes between check and connect (DNS rebinding) cannot redirect it;
- redirects are followed by hand, at most ``fetch_max_redirects``, each target checked anew;
- a connect timeout and a total time limit; the body is counted as it streams and the
  download stops at ``fetch_max_bytes`` whatever ``Content-Length`` said;
- only the content types the caller accepts (HTML and text for articles, XML for feeds);
- the User-Agent is ``fetch_user_agent`` (a browser's, naming briefing);
- through ``fetch_proxy`` when one is set, and only then (the environment's HTTP_PROXY is
  never read): the proxy is allowed because it is named there; the target is vetted as
  without it and the proxy is asked for the vetted address (``CONNECT 203.0.113.7:443``,
  or ``GET http://203.0.113.7/...`` with the name in ``Host``), TLS still checks the
  certificate against the name, and the socket's peer must be the proxy.

Every refusal is a ``FetchError`` (an ``InputError``; the tree is in ``briefing.errors``)
with a sentence a reader understands.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from briefing.config import Settings
from briefing.errors import (
    BadURLError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    FetchTooLargeError,
    PrivateAddressError,
    TooManyRedirectsError,
)
from briefing.models import Article, ArticleMeta

__all__ = [
    "ARTICLE_TYPES",
    "FEED_TYPES",
    "Fetched",
    "Resolver",
    "check_address",
    "fetch",
    "fetch_article",
    "is_url",
    "vet_host",
]

#: Content types read as an article page.
ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown"})
#: Content types read as a feed (servers label RSS and Atom in many ways).
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)

#: host, port -> the IP addresses (as text) the host name resolves to
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_url(text: str) -> bool:
    """Whether ``text`` is nothing but an http(s) URL (a pasted address, not an article)."""
    stripped = text.strip()
    return (
        stripped.lower().startswith(("http://", "https://"))
        and len(stripped.split()) == 1
        and len(stripped) < 4096
    )


def system_resolver(host: str, port: int, timeout: float = 5.0) -> list[str]:
    """Every address the system resolver gives for ``host``, within ``timeout`` seconds.

    getaddrinfo has no timeout of its own; it runs in a daemon thread that is abandoned (it
    ends when the system resolver gives up) if it takes longer.
    """
    found: list[list[str]] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return
        found.append(list(dict.fromkeys(str(info[4][0]) for info in infos)))

    worker = threading.Thread(target=lookup, daemon=True, name="briefing-dns")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchTimeoutError(f"the name {host} did not resolve in {timeout:g} s")
    if not found:
        raise FetchError(f"the host {host} could not be found")
    return found[0]


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def check_address(address: str) -> str | None:
    """Why ``address`` may not be fetched from, or ``None`` when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "that is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        # judged by the IPv4 address it carries: that is where the packets go
        return check_address(str(inner))
    if ip.is_loopback:
        kind = "loopback"
    elif ip.is_link_local:
        kind = "link-local, such as the cloud metadata service"
    elif ip.is_multicast:
        kind = "multicast"
    elif ip.is_unspecified or ip.is_reserved:
        kind = "reserved"
    elif ip.is_private or not ip.is_global:
        kind = "private"
    else:
        return None
    return f"that address is on a private network ({kind})"


def vet_host(host: str, port: int, settings: Settings, resolver: Resolver | None = None) -> str:
    """The first address of ``host`` to connect to, after checking every one of them.

    Raises:
        PrivateAddressError: an address is not public and the host is not allow-listed.
        FetchError: the host does not resolve.
    """

    def default(name: str, number: int) -> list[str]:
        return system_resolver(name, number, settings.fetch_connect_timeout)

    resolve = resolver or default
    try:
        literal: str | None = str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        literal = None
    addresses = [literal] if literal else list(resolve(host, port))
    if not addresses:
        raise FetchError(f"the host {host} could not be found")
    allowed = host.lower().strip("[]") in settings.fetch_allow_hosts
    if not allowed:
        for address in addresses:
            reason = check_address(address)
            if reason is not None:
                raise PrivateAddressError(f"{host} cannot be fetched: {reason}")
    return addresses[0]


@dataclass(frozen=True)
class Fetched:
    """A fetched page: where it ended up, its type and body, and its cache validators."""

    url: str
    status: int
    media_type: str
    charset: str | None
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(
    url: str,
    settings: Settings,
    *,
    accept: Iterable[str] = ARTICLE_TYPES,
    headers: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    raise_for_status: bool = True,
) -> Fetched:
    """GET ``url`` under every rule of this module.

    Args:
        url: an http(s) URL.
        settings: the limits (``fetch_*``) and the allow-list.
        accept: content types accepted in a 200 answer.
        headers: extra request headers (``If-None-Match``, ``If-Modified-Since``).
        resolver: name resolution, injectable for tests; the system resolver by default.
        raise_for_status: with False, an error answer (404, 503) is returned with an
            empty body instead of raised (robots.txt reads its status).

    Returns:
        The final answer (200, or 304 when a validator matched).

    Raises:
        FetchError: a refusal or failure, with a message a reader understands.
    """
    accepted = frozenset(accept)
    deadline = time.monotonic() + settings.fetch_timeout
    current = httpx.URL(url.strip()) if _parses(url) else None
    if current is None:
        raise BadURLError(f"{url!r} is not a web address")
    request_headers = {
        "User-Agent": settings.fetch_user_agent,
        "Accept": ", ".join(sorted(a for a in accepted if a)) or "*/*",
        "Accept-Encoding": "gzip, deflate",
    }
    request_headers.update(headers or {})
    tls = _NamedTLSContext()
    with httpx.Client(
        follow_redirects=False,
        trust_env=False,
        http2=False,
        proxy=settings.fetch_proxy,
        verify=tls,
        event_hooks={"response": [_hold_location]},
    ) as client:
        for _hop in range(settings.fetch_max_redirects + 1):
            tls.name = current.host
            response = _send(client, current, request_headers, settings, deadline, resolver)
            try:
                location = response.extensions.get(LOCATION)
                if location is not None and httpx.codes.is_redirect(response.status_code):
                    current = redirect_target(current, location)
                    continue
                return _finish(response, current, accepted, settings, deadline, raise_for_status)
            finally:
                response.close()
    raise TooManyRedirectsError(
        f"the page redirected more than {settings.fetch_max_redirects} times "
        "(BRIEFING_FETCH_MAX_REDIRECTS)"
    )


#: schemes an address (given, or redirected to) may have
WEB_SCHEMES = frozenset({"http", "https"})
#: schemes whose address reads like "mailto:x", not "https://x"
_OPAQUE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!//)")


#: where a redirect's Location is kept while httpx looks at the answer
LOCATION = "briefing.location"


def _hold_location(response: httpx.Response) -> None:
    """Take ``Location`` out of the answer before httpx reads it.

    httpx builds the next request of a redirect even when it follows none, and a target
    it cannot build (``javascript:alert(1)``) raises ``InvalidURL`` out of ``send``;
    ``redirect_target`` judges it instead, as a refusal.
    """
    if "location" in response.headers:
        response.extensions[LOCATION] = response.headers["location"]
        del response.headers["location"]


def redirect_target(current: httpx.URL, location: str) -> httpx.URL:
    """Where a redirect leads: an http or https address, or a refusal like any other.

    Raises:
        BadURLError: the target is no web address (``javascript:``, ``mailto:``,
            ``about:blank``, ``data:``, a malformed URL).
    """
    location = location.strip()
    opaque = _OPAQUE.match(location)
    if opaque and opaque.group(1).lower() not in WEB_SCHEMES:
        scheme = opaque.group(1).lower()
        raise BadURLError(
            f"the page redirected to a {scheme}: address; only http and https are followed"
        )
    try:
        target = current.join(location)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise BadURLError(
            f"the page redirected to {location[:100]!r}, which is not a web address"
        ) from None
    if target.scheme not in WEB_SCHEMES:
        raise BadURLError(
            f"the page redirected to a {target.scheme}: address; only http and https are followed"
        )
    return target


def _parses(url: str) -> bool:
    try:
        httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    return True


def _send(
    client: httpx.Client,
    url: httpx.URL,
    headers: Mapping[str, str],
    settings: Settings,
    deadline: float,
    resolver: Resolver | None,
) -> httpx.Response:
    if url.scheme not in WEB_SCHEMES:
        raise BadURLError(f"only http and https addresses can be fetched, not {url.scheme}:")
    if not url.host:
        raise BadURLError(f"{url} has no host name")
    port = url.port or (443 if url.scheme == "https" else 80)
    address = vet_host(url.host, port, settings, resolver)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timeout(settings)
    # Connect to the vetted address itself; the name stays in Host and in TLS SNI.
    pinned = url.copy_with(host=address)
    request = client.build_request(
        "GET",
        pinned,
        headers={**headers, "Host": _host_header(url)},
        extensions={
            "sni_hostname": url.host,
            "timeout": httpx.Timeout(
                remaining, connect=min(settings.fetch_connect_timeout, remaining)
            ).as_dict(),
        },
    )
    try:
        response = client.send(request, stream=True)
    except httpx.TimeoutException:
        raise _timeout(settings) from None
    except httpx.ProxyError as error:
        raise FetchError(f"the proxy refused the page: {_reason(error)}") from None
    except httpx.HTTPError as error:
        raise FetchError(f"the page could not be fetched: {_reason(error)}") from None
    _check_peer(response, _proxy_addresses(settings, resolver) or (address,))
    return response


class _NamedTLSContext(ssl.SSLContext):
    """The default TLS context, checking the certificate against ``name``.

    Through a proxy's tunnel, httpcore hands TLS the address it tunnelled to (the vetted
    IP) as the server name; this puts the host's name back, as the direct connection's
    ``sni_hostname`` does.
    """

    name: str | None = None

    def __new__(cls) -> _NamedTLSContext:
        context = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(_ca_file())
        return context

    def wrap_socket(self, sock: Any, *args: Any, **kwargs: Any) -> Any:
        if self.name:
            kwargs["server_hostname"] = self.name
        return super().wrap_socket(sock, *args, **kwargs)


def _ca_file() -> str:
    import certifi

    return str(certifi.where())


def _proxy_addresses(settings: Settings, resolver: Resolver | None) -> tuple[str, ...]:
    """The proxy's addresses (the socket's only allowed peer), or () without a proxy."""
    if settings.fetch_proxy is None:
        return ()
    proxy = httpx.URL(settings.fetch_proxy)
    try:
        return (str(ipaddress.ip_address(proxy.host.strip("[]"))),)
    except ValueError:
        pass
    port = proxy.port or 80
    if resolver is not None:
        return tuple(resolver(proxy.host, port))
    return tuple(system_resolver(proxy.host, port, settings.fetch_connect_timeout))


def _host_header(url: httpx.URL) -> str:
    default = {"http": 80, "https": 443}[url.scheme]
    host = f"[{url.host}]" if ":" in url.host else url.host
    return host if url.port in (None, default) else f"{host}:{url.port}"


def _check_peer(response: httpx.Response, addresses: Sequence[str]) -> None:
    """The socket's peer must be the address we vetted, or the proxy (nothing in between
    re-routed it)."""
    stream = response.extensions.get("network_stream")
    if stream is None:
        return
    peer = stream.get_extra_info("server_addr")
    allowed = {ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses}
    if peer and ipaddress.ip_address(str(peer[0]).split("%", 1)[0]) not in allowed:
        response.close()
        raise PrivateAddressError("the connection went to another address than the one checked")


def _finish(
    response: httpx.Response,
    url: httpx.URL,
    accepted: frozenset[str],
    settings: Settings,
    deadline: float,
    raise_for_status: bool = True,
) -> Fetched:
    kept = {
        name: response.headers[name]
        for name in ("etag", "last-modified", "content-type")
        if name in response.headers
    }
    if response.status_code == 304:
        return Fetched(str(url), 304, "", None, b"", kept)
    if not raise_for_status and response.status_code != 200:
        return Fetched(str(url), response.status_code, "", None, b"", kept)
    if response.status_code >= 400 or response.status_code != 200:
        raise FetchError(f"the page answered HTTP {response.status_code}")
    raw_type = response.headers.get("content-type", "")
    media_type = raw_type.split(";", 1)[0].strip().lower()
    if media_type not in accepted:
        raise ContentTypeError(
            f"the page is {media_type or 'of no stated type'}, not "
            + ("an HTML or text page" if accepted == ARTICLE_TYPES else "a feed")
        )
    limit = settings.fetch_max_bytes
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_raw():
            size += len(chunk)
            if size > limit:
                raise FetchTooLargeError(
                    f"the page is larger than {limit:,} bytes (BRIEFING_FETCH_MAX_BYTES)"
                )
            if time.monotonic() > deadline:
                raise _timeout(settings)
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise _timeout(settings) from None
    except httpx.HTTPError as error:
        raise FetchError(f"the page could not be read: {_reason(error)}") from None
    body = b"".join(chunks)
    try:
        body = _decode_content(body, response.headers.get("content-encoding", ""), limit)
    except ValueError:
        raise FetchError("the page's compressed body is broken") from None
    return Fetched(str(url), 200, media_type, response.charset_encoding, body, kept)


def _decode_content(body: bytes, encoding: str, limit: int) -> bytes:
    """Undo gzip/deflate by hand, bounded: a small compressed body may inflate enormously."""
    import zlib

    encoding = encoding.strip().lower()
    if encoding in {"", "identity"}:
        return body
    if encoding not in {"gzip", "deflate", "x-gzip"}:
        raise ValueError(encoding)
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error:
        raise ValueError(encoding) from None
    if len(out) > limit:
        raise FetchTooLargeError(
            f"the page is larger than {limit:,} bytes (BRIEFING_FETCH_MAX_BYTES)"
        )
    return out


def _timeout(settings: Settings) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"the page did not answer in {settings.fetch_timeout:g} s (BRIEFING_FETCH_TIMEOUT)"
    )


def _reason(error: httpx.HTTPError) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def fetch_article(
    url: str,
    settings: Settings,
    *,
    meta: ArticleMeta | None = None,
    resolver: Resolver | None = None,
) -> Article:
    """The article at ``url``: fetched safely, extracted as an upload of the same type is.

    Raises:
        FetchError: the page could not or may not be fetched.
        InputError: the page holds no usable article.
    """
    from briefing.ingest import read_article

    page = fetch(url, settings, resolver=resolver)
    kind = {"text/plain": "text", "text/markdown": "markdown"}.get(page.media_type, "html")
    data: bytes | str = page.body
    if page.charset:
        try:
            data = page.body.decode(page.charset, errors="replace")
        except LookupError:
            data = page.body
    article = read_article(data, format=kind, meta=meta, limits=settings.limits)
    return replace(article, url=page.url)
