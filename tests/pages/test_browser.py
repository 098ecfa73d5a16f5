"""The pages in a real browser: sign in, use the API page, sign out.

Debian's chromium, driven by Playwright (``tests/e2e/browser.py``), against the
demo in pytest-django's live server. Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from aether_kit.testing.users import DEFAULT_PASSWORD
from tests.e2e.browser import VIEWPORT, chromium, screenshot

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADER_BACKGROUND = "rgb(17, 24, 39)"  # --ak-header-bg: proves the stylesheet was served

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_urls")]


@pytest.fixture
def browser_branding(settings: Any) -> None:
    settings.APP_NAME = "Acme Health"
    settings.APP_NAME_HTML = "Acme <b>Health</b>"
    settings.VERSION = "4.5.6"
    settings.REVISION = "f00dcafe"


def with_strict_csp(route: Any) -> None:
    """Answer as the server did, plus a Content-Security-Policy that forbids inline code."""
    response = route.fetch(max_redirects=0)  # the browser follows redirects itself
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


@pytest.fixture
def page(live_server: Any, realm_user: Any, browser_branding: None) -> Iterator[Any]:
    """A chromium tab under a strict CSP; the user exists before the event loop starts.

    A violation of the policy, reported on the console, fails the test.
    """
    with chromium() as browser:
        tab = browser.new_page(viewport=VIEWPORT)
        tab.set_default_timeout(15_000)
        tab.route(f"{live_server.url}/**", with_strict_csp)
        violations: list[str] = []
        tab.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield tab
        tab.wait_for_timeout(100)  # let late console events arrive
        assert violations == []


def test_sign_in_use_the_api_page_and_sign_out(page: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/accounts/login?next=/pages/groups/")
    assert page.title() == "Sign in · Acme Health"
    assert page.locator(".ak-header, .ak-auth__card").first.is_visible()
    screenshot(page, "login")

    page.get_by_label("Username").fill("eha__user")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/pages/groups/")
    assert page.get_by_role("heading", level=1).inner_text() == "Group List"
    assert page.locator("[data-user-name]").inner_text() == "user"
    assert page.locator(".ak-response").inner_text().startswith("HTTP 200 OK")
    header = page.locator(".ak-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == HEADER_BACKGROUND
    screenshot(page, "api")

    page.locator("details", has_text="Create (POST, HTML form)").get_by_role("textbox").fill(
        "from-the-browser"
    )
    page.get_by_role("button", name="POST").first.click()
    created = page.locator(".ak-response").inner_text()
    assert "HTTP 201 Created" in created
    group_id = re.search(r'"id": (\d+)', created).group(1)  # type: ignore[union-attr]
    page.goto(f"{live_server.url}/pages/groups/{group_id}/")

    page.get_by_role("button", name="DELETE").click()  # DRF's script, under the strict CSP
    expect(page.locator(".ak-response")).to_contain_text("HTTP 204 No Content")

    page.get_by_role("button", name="Sign out").click()

    assert page.get_by_role("heading", level=1).inner_text() == "You are signed out"
    screenshot(page, "logged_out")
    page.goto(f"{live_server.url}/pages/groups/")
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_wrong_password_keeps_the_visitor_on_the_form(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login")

    page.get_by_label("Username").fill("eha__user")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("alert").is_visible()
    assert page.url == f"{live_server.url}/accounts/login"


def test_login_page_fits_a_phone_screen(page: Any, live_server: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login")

    card = page.locator(".ak-auth__card").bounding_box()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert card["width"] <= 375
    assert scroll_width <= 375
    screenshot(page, "login_phone")


def test_skip_link_is_the_first_stop_of_the_keyboard(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/pages/groups/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.className")
    assert focused == "ak-skip-link"
