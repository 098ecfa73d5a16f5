"""Signing in through Keycloak's pages in a real browser, against the shipped provider.

Redirect mode: the realm form, the provider's own sign-in page, the callback,
then the API page with the realm's data; signing out ends the session at the
provider too.
"""

from __future__ import annotations

from typing import Any

import pytest

from aether_kit.testing.oidc_provider import OIDCProvider
from tests.auth.keycloak.conftest import use_provider
from tests.conftest import OIDC_PASSWORD, OIDC_USER
from tests.factories import ProjectFactory

from .browser import new_tab, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keycloak(settings: Any, isolated_oidc_provider: OIDCProvider) -> OIDCProvider:
    """Redirect mode against a provider of the test's own, so its counts are the test's."""
    return use_provider(settings, isolated_oidc_provider)


@pytest.fixture
def projects() -> None:
    ProjectFactory(realm="realm-a", name="Wells")
    ProjectFactory(realm="realm-b", name="Roads")


def sign_in_through_keycloak(browser: Any, live_server: Any, realm: str) -> Any:
    tab = new_tab(browser)
    tab.goto(f"{live_server.url}/accounts/login?next=/projects/")
    screenshot(tab, "e2e_keycloak_1_realm_form")
    tab.get_by_label("Realm").fill(realm)
    tab.get_by_role("button", name="Continue").click()
    tab.get_by_label("Username").fill(OIDC_USER)  # the provider's page, not ours
    screenshot(tab, "e2e_keycloak_2_provider_page")
    tab.get_by_label("Password").fill(OIDC_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server.url}/projects/")
    return tab


def test_sign_in_goes_through_the_providers_page_of_the_realm(
    projects: None, keycloak: OIDCProvider, live_server: Any, browser: Any
) -> None:
    tab = new_tab(browser)
    tab.goto(f"{live_server.url}/accounts/login?next=/projects/")
    tab.get_by_label("Realm").fill("realm-a")
    tab.get_by_role("button", name="Continue").click()

    assert tab.url.startswith(keycloak.endpoint("realm-a", "auth"))
    assert "code_challenge_method=S256" in tab.url


def test_api_page_after_keycloak_sign_in_shows_the_realms_projects_only(
    projects: None, keycloak: OIDCProvider, live_server: Any, browser: Any
) -> None:
    tab = sign_in_through_keycloak(browser, live_server, "realm-a")

    response = tab.locator(".ak-response").inner_text()
    screenshot(tab, "e2e_keycloak_3_projects")

    assert response.startswith("HTTP 200 OK")
    assert '"name": "Wells"' in response
    assert '"name": "Roads"' not in response
    assert tab.locator(".ak-realm").inner_text().endswith("realm-a")
    assert tab.locator("[data-user-name]").inner_text() == "Ana Silva"


def test_sign_out_ends_the_session_here_and_at_the_provider(
    projects: None, keycloak: OIDCProvider, live_server: Any, browser: Any
) -> None:
    tab = sign_in_through_keycloak(browser, live_server, "realm-a")
    logouts_before = keycloak.calls("logout", realm="realm-a")

    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("heading", name="You are signed out").wait_for()
    screenshot(tab, "e2e_keycloak_4_signed_out")
    after = tab.goto(f"{live_server.url}/projects/?format=json")

    assert keycloak.calls("logout", realm="realm-a") == logouts_before + 1
    assert after is not None
    assert after.status == 401
