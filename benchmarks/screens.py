"""Screenshots of what a reader sees, written by one command so anyone can look at them.

Usage: python benchmarks/screens.py [--out screens] [--corpus ../shared/corpus] [--readme]

Starts the app on a free loopback port with a fresh archive in a temporary folder, stores
the seed (and, when the shared corpus is there, five of its facts articles for the same
day, read from it, never copied), and drives Debian's Chromium (Playwright) to write:

- brief-1280.png, brief-390.png    the seed's brief page at desktop and phone width
- brief-print.pdf, brief-print.png the brief as printed on A4, and that page as an image
- digest-1280.png, digest-390.png  the day's digest page; digest-print.png its A4 sheet
- archive-1280.png, archive-390.png the archive searched for "strike Baghdad"
- feeds-1280.png                   the feeds page (one feed failing)
- email-600.png, email-390.png     the digest email's HTML at 600 px and phone width

into ``--out`` (git ignores ``screens/``). ``--readme`` also rewrites the small PNG the
README shows (docs/brief.png). Needs the ``bench`` extra (pypdfium2 renders the PDF).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pypdfium2
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from briefing import build_brief
from briefing.config import Settings
from briefing.web import create_app

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launch  # noqa: E402  (the tests' launch settings, one place)

DAY = dt.date(2020, 1, 3)


def _store(app: object, corpus: Path) -> str:
    archive = app.extensions["briefing"].archive  # type: ignore[attr-defined]
    seed = build_brief((ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8"))
    archive.save(seed, day=DAY)
    articles = corpus / "facts-articles.jsonl"
    if articles.exists():
        rows = [json.loads(line) for line in articles.read_text(encoding="utf-8").splitlines()]
        for row in [r for r in rows if r.get("title")][:5]:
            archive.save(build_brief(row["text"], title=row["title"]), day=DAY)
    else:
        print(f"{articles} not found: the digest shows the seed only", file=sys.stderr)
    feeds = app.extensions["briefing"].feeds  # type: ignore[attr-defined]
    feeds.polled(feeds.add("https://feeds.example.org/world.xml", "World wire").id)
    failing = feeds.add("https://news.example.net/rss", "Local wire")
    feeds.polled(failing.id, error="the feed cannot be read: HTTP 503")
    return str(seed.id)


def _html_part(data: bytes) -> str:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("html",))
    if part is None:
        raise SystemExit("the digest email has no HTML part")
    return str(part.get_content())


def _shoot(page: Page, url: str, path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.screenshot(path=str(path), full_page=True)
    print(f"wrote {path}")


def _print(page: Page, pdf: Path, png: Path) -> None:
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    document = pypdfium2.PdfDocument(str(pdf))
    print(f"wrote {pdf} ({len(document)} page(s))")
    document[0].render(scale=1.5).to_pil().save(png)
    print(f"wrote {png}")
    document.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screens")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--readme", action="store_true", help="also rewrite docs/brief.png")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(instance_path=Path(folder)))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            brief_id = _store(app, args.corpus)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(java_script_enabled=False)
                _shoot(page, f"{base}/briefs/{brief_id}", out / "brief-1280.png", 1280)
                _shoot(page, f"{base}/briefs/{brief_id}", out / "brief-390.png", 390)
                _print(page, out / "brief-print.pdf", out / "brief-print.png")
                day = DAY.isoformat()
                _shoot(page, f"{base}/digest/{day}", out / "digest-1280.png", 1280)
                _print(page, out / "digest-print.pdf", out / "digest-print.png")
                _shoot(page, f"{base}/digest/{day}", out / "digest-390.png", 390)
                for width in (1280, 390):
                    search = f"{base}/briefs?q=strike+Baghdad"
                    _shoot(page, search, out / f"archive-{width}.png", width)
                _shoot(page, f"{base}/feeds", out / "feeds-1280.png", 1280)
                eml = page.request.get(f"{base}/digest/{DAY.isoformat()}/download/eml").body()
                html = _html_part(eml)
                for width in (600, 390):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.set_content(html)
                    path = out / f"email-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(f"wrote {path}")
                if args.readme:
                    page.set_viewport_size({"width": 760, "height": 560})
                    page.goto(f"{base}/briefs/{brief_id}")
                    target = ROOT / "docs" / "brief.png"
                    target.parent.mkdir(exist_ok=True)
                    page.screenshot(path=str(target))
                    print(f"wrote {target}")
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
            app.extensions["briefing"].close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
