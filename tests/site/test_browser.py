"""The site in a real browser: the home page and the guides render, diagrams included.

The site loads Mermaid from its CDN like any Material for MkDocs site; the test has no
network, so the browser is handed the same release from the npm package that
``scripts/install-system-packages`` installs under ``tests/site/``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import ARTIFACTS, chromium
from tests.services import under_ci

MERMAID = Path(__file__).resolve().parent / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MERMAID_CDN = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, as a reader's browser gets it."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_page(site_url: str) -> Iterator[Any]:
    if not MERMAID.exists():
        message = f"{MERMAID} is missing; run scripts/install-system-packages"
        if under_ci():
            pytest.fail(f"{message} (CI is set, so this is a failure)")
        pytest.skip(message)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def only_the_site(route: Any) -> None:
            url = route.request.url
            if url.startswith(site_url):
                route.continue_()
            elif url == MERMAID_CDN:
                route.fulfill(path=str(MERMAID), content_type="application/javascript")
            else:
                route.abort()

        page.route("**/*", only_the_site)
        # the theme draws each diagram in a closed shadow root; open ones can be read
        page.add_init_script(
            "const attach = Element.prototype.attachShadow;"
            "Element.prototype.attachShadow = function (init) {"
            "  return attach.call(this, {...init, mode: 'open'}); };"
        )
        yield page


def diagrams_on(page: Any, url: str, screenshot: str) -> list[str]:
    """Opens ``url``, waits for every Mermaid block to become a drawing, saves a screenshot."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    blocks = page.locator(".mermaid")
    count = blocks.count()
    for i in range(count):
        blocks.nth(i).scroll_into_view_if_needed()
    drawings = page.locator(".mermaid svg")
    drawings.nth(count - 1).wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=False)
    assert errors == []
    assert drawings.count() == count
    return [drawings.nth(i).text_content() or "" for i in range(count)]


def test_the_home_page_renders_the_readme(browser_page, site_url):
    browser_page.goto(f"{site_url}/index.html")

    assert browser_page.locator("article h1").first.inner_text().strip(" ¶\n") == "aether_kit"
    browser_page.screenshot(path=str(ARTIFACTS / "site-home.png"))


@pytest.mark.parametrize(
    ("guide", "expected_text"),
    [
        ("guides/gateway.html", "X-Oauth-Token"),
        ("guides/multitenancy.html", "GatewayPathResolver"),
        ("guides/keycloak.html", "code_verifier"),
        ("architecture.html", "tokens"),
    ],
)
def test_a_guide_draws_its_diagram(browser_page, site_url, guide, expected_text):
    texts = diagrams_on(browser_page, f"{site_url}/{guide}", f"site-{Path(guide).stem}.png")

    assert texts
    assert any(expected_text in text for text in texts)
    assert not any("Syntax error" in text for text in texts)
