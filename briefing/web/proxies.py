"""The app behind a load balancer or reverse proxy: whom a request comes from.

A proxy connects on the client's behalf and says who the client was in
``X-Forwarded-For`` (and the scheme in ``X-Forwarded-Proto``). Anyone can send those
headers, so they are believed only from the proxies ``BRIEFING_TRUSTED_PROXIES`` names:

- a count (``1``): that many proxies always stand in front (Werkzeug's ``ProxyFix``
  takes the client from that position of ``X-Forwarded-For``);
- addresses or networks (``10.0.0.5, 10.1.0.0/16``): hops are believed from the nearest
  back for as long as each is one of them, so a client that connects directly (or
  prepends made-up addresses) is still seen as itself.

The client address is what the rate limits count and the logs show; the scheme makes
links and the session cookie's ``Secure`` flag right behind a TLS-terminating proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

__all__ = ["TrustedProxies", "trust_proxies"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    """WSGI middleware: the client address and scheme, as the trusted proxies say."""

    def __init__(self, app: WSGIApp, networks: Iterable[str]) -> None:
        self.app = app
        self.networks: tuple[Network, ...] = tuple(
            ipaddress.ip_network(item, strict=False) for item in networks
        )
        self._fixes: dict[int, ProxyFix] = {}

    def trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip().strip("[]"))
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def hops(self, environ: dict[str, Any]) -> int:
        """How many proxies in front of the app are trusted: the peer, then each hop of
        X-Forwarded-For from the right, while they are trusted (at most the header's)."""
        forwarded = [
            part.strip()
            for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        chain = [environ.get("REMOTE_ADDR", ""), *reversed(forwarded)]
        count = 0
        for hop in chain[:-1]:  # the leftmost address is the client's, never a proxy
            if not self.trusted(hop):
                break
            count += 1
        return min(count, len(forwarded))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        count = self.hops(environ)
        if count == 0:
            return self.app(environ, start_response)
        fix = self._fixes.get(count)
        if fix is None:
            fix = self._fixes[count] = ProxyFix(self.app, x_for=count, x_proto=1)
        return fix(environ, start_response)


def trust_proxies(app: WSGIApp, setting: tuple[str, ...]) -> WSGIApp:
    """``app`` behind the proxies of ``BRIEFING_TRUSTED_PROXIES`` (unchanged when none)."""
    if not setting:
        return app
    if len(setting) == 1 and setting[0].isdigit():
        count = int(setting[0])
        if count == 0:
            return app
        return ProxyFix(app, x_for=count, x_proto=1)
    return TrustedProxies(app, setting)
