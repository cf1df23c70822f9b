"""robots.txt, read before a feed or one of its entries is fetched (RFC 9309).

Feeds are polled unattended, so briefing behaves as a crawler there: a site's robots.txt
is fetched through the same safe fetcher, parsed by Protego (Scrapy's parser: wildcards,
``$``, longest match, groups by product token), and kept for
``fetch_robots_cache_seconds``. The rules for "briefing" apply (the User-Agent names it).
Hosts in ``fetch_robots_ignore_hosts`` (one's own sites) are not asked. What a person
pastes or posts is fetched on their behalf, as a browser would, without robots.txt.

As RFC 9309 says: a robots.txt that is missing or refused (4xx) allows everything; one
that cannot be had (5xx, 429, a network failure) disallows everything until it can, and
that verdict is kept a shorter while (``UNREACHABLE_SECONDS``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from briefing.config import Settings
from briefing.errors import BriefingError, RobotsDisallowedError
from briefing.fetch import Resolver, fetch

__all__ = ["PRODUCT_TOKEN", "RobotsRules"]

#: the name robots.txt groups are matched against
PRODUCT_TOKEN = "briefing"
#: how long a robots.txt that could not be had keeps its host disallowed
UNREACHABLE_SECONDS = 300.0
#: hosts whose verdict is kept per process
MAX_HOSTS = 1024
#: what a robots.txt may be served as (servers send all of these, or nothing)
_ROBOTS_TYPES = frozenset({"text/plain", "text/html", "application/octet-stream", ""})


@dataclass(frozen=True)
class _Verdict:
    expires: float
    #: Protego's parsed rules; None when everything is allowed (no robots.txt)
    rules: Any = None
    #: why everything is disallowed (robots.txt could not be had), else None
    unreachable: str | None = None


class RobotsRules:
    """Whether briefing may fetch a URL, by its site's robots.txt, kept per host."""

    def __init__(
        self,
        settings: Settings,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.resolver = resolver
        self.clock = clock
        self._verdicts: OrderedDict[str, _Verdict] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, url: str) -> None:
        """Return if robots.txt lets briefing fetch ``url``.

        Raises:
            RobotsDisallowedError: it does not, or it could not be read.
        """
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        if not host or host in self.settings.fetch_robots_ignore_hosts:
            return
        site = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
        verdict = self._verdict(site)
        if verdict.unreachable is not None:
            raise RobotsDisallowedError(
                f"{host}'s robots.txt could not be read ({verdict.unreachable}): "
                "nothing is fetched from the site until it can"
            )
        if verdict.rules is not None and not verdict.rules.can_fetch(url, PRODUCT_TOKEN):
            path = parts.path or "/"
            raise RobotsDisallowedError(f"{host}'s robots.txt does not let briefing fetch {path}")

    def _verdict(self, site: str) -> _Verdict:
        now = self.clock()
        with self._lock:
            cached = self._verdicts.get(site)
            if cached is not None and cached.expires > now:
                self._verdicts.move_to_end(site)
                return cached
        verdict = self._read(site, now)
        with self._lock:
            self._verdicts[site] = verdict
            self._verdicts.move_to_end(site)
            while len(self._verdicts) > MAX_HOSTS:
                self._verdicts.popitem(last=False)
        return verdict

    def _read(self, site: str, now: float) -> _Verdict:
        keep = now + self.settings.fetch_robots_cache_seconds
        try:
            page = fetch(
                f"{site}/robots.txt",
                self.settings,
                accept=_ROBOTS_TYPES,
                resolver=self.resolver,
                raise_for_status=False,
            )
        except BriefingError as error:
            return _Verdict(now + UNREACHABLE_SECONDS, unreachable=error.message)
        if page.status == 429 or page.status >= 500:
            return _Verdict(now + UNREACHABLE_SECONDS, unreachable=f"HTTP {page.status}")
        if page.status != 200:
            return _Verdict(keep)  # missing or refused: everything is allowed
        from protego import Protego

        try:
            text = page.body.decode(page.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            text = page.body.decode("utf-8", errors="replace")
        return _Verdict(keep, rules=Protego.parse(text))
