"""Debian's Chromium as the tests and the screenshot script launch it (Playwright).

Browser downloads (``playwright install``) fail here, so Playwright is pointed at the
system's Chromium; the flags keep it headless, quiet and off the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch(playwright: Any) -> Any:
    """A headless Chromium browser from a running ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))
