"""Debian's Chromium as the tests and the screenshot script launch it (Playwright).

Browser downloads (``playwright install``) fail here, so Playwright is pointed at the
system's Chromium; the flags keep it headless, quiet and off the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


def require_chromium() -> None:
    """Skip the calling test module where Debian's Chromium is missing; under CI (``CI``
    set) fail instead, since there the browser tests must run."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)


def running_browser() -> Iterator[Any]:
    """A headless Chromium for a module's tests (a fixture yields from it), closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
