"""Debian's chromium driven by Playwright, shared by the browser tests.

Without chromium a browser test is skipped, unless CI is set (then it fails);
``scripts/install-system-packages`` installs it. Screenshots land in
``test-artifacts/`` (ignored by git) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.services import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 800}


def require_chromium() -> None:
    """Skip the calling test without chromium, or fail it when CI is set."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing; run scripts/install-system-packages")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless chromium (Playwright's ``Browser``), closed on exit."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def new_tab(browser: Any) -> Any:
    """A tab of its own (own cookies), the size of a laptop screen."""
    tab = browser.new_context(viewport=VIEWPORT).new_page()
    tab.set_default_timeout(15_000)
    return tab


def screenshot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
