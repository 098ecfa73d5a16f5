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


def sign_in(page: Any, live_server: Any, next_path: str, username: str = "eha__user") -> None:
    page.goto(f"{live_server.url}/accounts/login?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{next_path}")


def test_an_unknown_page_shows_the_branded_404(page: Any, live_server: Any) -> None:
    response = page.goto(f"{live_server.url}/no/such/page")

    assert response.status == 404
    assert page.title() == "Page not found · Acme Health"
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    header = page.locator(".ak-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == HEADER_BACKGROUND
    screenshot(page, "error_404")


def test_a_refused_page_shows_the_branded_403_with_its_reason(page: Any, live_server: Any) -> None:
    response = page.goto(f"{live_server.url}/pages/forbidden")

    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Access denied"
    assert page.get_by_text("Only the realm's managers may see the reports.").is_visible()
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    screenshot(page, "error_403")


def test_a_crash_shows_the_branded_500(page: Any, live_server: Any, settings: Any) -> None:
    response = page.goto(f"{live_server.url}/pages/crash")

    assert response.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == "Something went wrong"
    screenshot(page, "error_500")


def test_the_footer_shows_no_placeholder_revision_and_no_vendor_link(
    page: Any, live_server: Any, settings: Any
) -> None:
    settings.REVISION = "---"
    settings.APP_LINK = ""

    page.goto(f"{live_server.url}/accounts/login")

    footer = page.locator(".ak-footer")
    assert "---" not in footer.inner_text()
    assert footer.get_by_role("link").count() == 0


@pytest.fixture
def project(realm: str) -> Any:
    """A project of the user's realm, made before the browser's event loop starts."""
    from tests.factories import ProjectFactory

    return ProjectFactory(realm=realm)


@pytest.fixture
def staff_user(make_realm_user: Any) -> Any:
    return make_realm_user(name="boss", is_staff=True, is_superuser=True)


def test_the_is_accessible_button_sends_head_and_shows_the_answer(
    project: Any, page: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_server, f"/projects/{project.pk}/")

    page.get_by_role("button", name="Is accessible").click()

    expect(page.locator(".ak-head-result")).to_have_text("HTTP 204 No Content")
    screenshot(page, "api_is_accessible")


def test_the_tokens_page_shows_each_state_and_gets_a_token(
    page: Any, live_server: Any, external_apps: Any
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_server, "/check-user-tokens")
    fake = page.get_by_role("row", name=re.compile(r"^fake"))
    expect(fake).to_contain_text("No token yet")
    screenshot(page, "tokens_none")

    fake.get_by_role("button", name="Get a token").click()

    expect(page.get_by_role("row", name=re.compile(r"^fake"))).to_contain_text("Valid")
    expect(page.get_by_text("A new token for fake is stored.")).to_be_visible()
    page.get_by_role("row", name=re.compile(r"^down")).get_by_role("button").click()
    expect(page.get_by_text("down gave no token")).to_be_visible()
    screenshot(page, "tokens_renewed")


def test_the_admin_wears_the_apps_branding(staff_user: Any, page: Any, live_server: Any) -> None:
    sign_in(page, live_server, "/admin/", username="eha__boss")

    brand = page.locator("#site-name")
    assert brand.inner_text().startswith("Acme Health")
    assert page.title().endswith("| Acme Health")
    header = page.locator("#header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == HEADER_BACKGROUND
    screenshot(page, "admin")
