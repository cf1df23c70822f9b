"""A small web site on 127.0.0.1 for fetch and feed tests: real corpus articles as HTML pages,
an RSS 2.0 and an Atom feed of them, and misbehaving routes (slow, endless, wrong type,
redirect chains, a redirect to a private address, a broken feed).

The articles are read from ../shared/corpus at test time and never written anywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: the entry date of every feed item (the digest date the end-to-end test asks for)
ENTRY_DAY = dt.date(2026, 11, 30)


@dataclass
class Site:
    articles: list[dict[str, Any]]
    port: int = 0
    #: (path, headers) of every request, in order
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: the site's robots.txt (None: there is none, 404) and the status it is served with
    robots: bytes | None = None
    robots_status: int = 200

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def title(self, n: int) -> str:
        article = self.articles[n]
        if article.get("title"):
            return str(article["title"])
        return " ".join(str(article["text"]).split()[:9]).rstrip(".,") + " report"

    def page(self, n: int) -> bytes:
        text = str(self.articles[n]["text"])
        sentences = text.replace(". ", ".\n").splitlines()
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
        title = html.escape(self.title(n))
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>\n{body}</article>"
            "<footer>Copyright the test site</footer></body></html>"
        ).encode()

    def rss(self, numbers: list[int]) -> bytes:
        when = format_datetime(dt.datetime.combine(ENTRY_DAY, dt.time(7, 0), dt.UTC))
        items = "".join(
            f"<item><title>{html.escape(self.title(n))}</title>"
            f"<link>{self.url(f'/a/{n}.html')}</link><guid>urn:test:{n}</guid>"
            f"<pubDate>{when}</pubDate></item>"
            for n in numbers
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Test RSS</title><link>{self.url('/')}</link><description>t</description>"
            f"{items}</channel></rss>"
        ).encode()

    def atom(self, numbers: list[int]) -> bytes:
        when = f"{ENTRY_DAY.isoformat()}T08:00:00Z"
        entries = "".join(
            f"<entry><title>{html.escape(self.title(n))}</title>"
            f"<link href='{self.url(f'/a/{n}.html')}'/><id>urn:test:atom:{n}</id>"
            f"<updated>{when}</updated></entry>"
            for n in numbers
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?>"
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>Test Atom</title>"
            f"<id>urn:test:atom</id><updated>{when}</updated>{entries}</feed>"
        ).encode()


def load_articles(corpus: Path, count: int = 6) -> list[dict[str, Any]]:
    path = corpus / "facts-articles.jsonl"
    if not path.is_file():
        import pytest

        pytest.skip(f"{path} not found")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    # long enough to read as articles; distinct first words so titles differ
    return [r for r in rows if len(str(r["text"]).split()) > 150][:count]


RSS_ITEMS = [0, 1, 2]
ATOM_ITEMS = [3, 4, 5]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the client gave up (the time and size limit tests)
                self.close_connection = True

        def _redirect(self, target: str) -> None:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            path = self.path
            site.requests.append((path, dict(self.headers.items())))
            if path == "/robots.txt":
                if site.robots is None:
                    self._send(404, b"not found", "text/plain")
                else:
                    self._send(site.robots_status, site.robots, "text/plain")
            elif path.startswith("/a/") and path.endswith(".html"):
                n = int(path[3:-5])
                self._send(200, site.page(n), "text/html; charset=utf-8")
            elif path in {"/rss.xml", "/atom.xml"}:
                tag = f'"{path}-v1"'
                if self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = site.rss(RSS_ITEMS) if path == "/rss.xml" else site.atom(ATOM_ITEMS)
                ctype = "application/rss+xml" if path == "/rss.xml" else "application/atom+xml"
                self._send(200, body, ctype, ETag=tag)
            elif path == "/broken.xml":
                self._send(200, b"<html><body>this is not a feed", "application/xml")
            elif path == "/gone.xml":
                self._send(500, b"oops", "text/plain")
            elif path.startswith("/hop/"):
                left = int(path[5:])
                if left <= 0:
                    self._send(200, site.page(0), "text/html")
                else:
                    self._redirect(f"/hop/{left - 1}")
            elif path == "/to-loopback":
                self._redirect(site.url("/a/0.html", host="127.0.0.1"))
            elif path.startswith("/to-scheme/"):
                # a redirect out of the web: javascript:, mailto:, about:blank, data:
                self._redirect(SCHEME_TARGETS[path.removeprefix("/to-scheme/")])
            elif path == "/to-metadata":
                self._redirect("http://169.254.169.254/latest/meta-data/")
            elif path == "/slow":
                time.sleep(2.0)
                self._send(200, site.page(0), "text/html")
            elif path == "/endless":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"more words " * 900 + b"</p>\n"
                end = time.monotonic() + 5
                try:
                    while time.monotonic() < end:
                        self.wfile.write(chunk)
                except OSError:
                    pass
                self.close_connection = True
            elif path == "/bomb":
                import gzip

                packed = gzip.compress(b"<p>" + b" " * 5_000_000 + b"</p>")
                self._send(200, packed, "text/html", Content_Encoding="gzip")
            elif path == "/file.pdf":
                self._send(200, b"%PDF-1.4 not an article", "application/pdf")
            elif path == "/plain.txt":
                text = str(site.articles[1]["text"]).encode()
                self._send(200, text, "text/plain; charset=utf-8")
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


#: redirect targets that are no web address, by the name a test asks for
SCHEME_TARGETS = {
    "javascript": "javascript:alert(document.cookie)",
    "mailto": "mailto:editor@example.com",
    "about": "about:blank",
    "data": "data:text/html,<p>hi</p>",
    "broken": "http://[::1",
}


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (the fetcher does, after a redirect or at its byte
    limit) is no error of the site: socketserver would print a traceback to stderr, into
    the output of the CLI command under test."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(articles: list[dict[str, Any]]) -> Iterator[Site]:
    """Serve the site on a free loopback port; stopped (and joined) on exit."""
    site = Site(articles)
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Proxy:
    """A forward proxy on loopback: what it was asked for, in order."""

    port: int = 0
    #: (request target, Host header) of every request the proxy forwarded
    requests: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _proxy_handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    import http.client
    from urllib.parse import urlsplit

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            target = urlsplit(self.path)  # absolute-form: http://host:port/path
            proxy.requests.append((self.path, self.headers.get("Host", "")))
            upstream = http.client.HTTPConnection(
                target.hostname or "", target.port or 80, timeout=5
            )
            headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
            upstream.request("GET", target.path or "/", headers=headers)
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            upstream.close()

        def do_CONNECT(self) -> None:
            proxy.requests.append((self.path, self.headers.get("Host", "")))
            self.send_response(403)  # the tests tunnel nothing; refused, and recorded
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@contextmanager
def serve_proxy() -> Iterator[Proxy]:
    """A forward proxy on a free loopback port; stopped (and joined) on exit."""
    proxy = Proxy()
    server = _QuietServer(("127.0.0.1", 0), _proxy_handler(proxy))
    server.daemon_threads = True
    proxy.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
