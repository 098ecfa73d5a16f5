"""Signing in, refreshing and signing out in a real browser, against each provider.

The kit runs in the live server; the browser goes through the provider's own pages. With
oidc-provider, the ID token carries ``sub`` alone (the profile comes from userinfo), the
access token is opaque, refresh tokens need ``offline_access`` and logout is RP-initiated
(the provider asks the browser to confirm); the kit's Keycloak-shaped provider answers as
Keycloak does. What needs no browser (the refresh) runs with Django's test client.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from aether_kit.auth.keycloak.tokens import SessionTokens
from tests.e2e.browser import new_tab, screenshot

from .conftest import PASSWORD, PUBLIC_CLIENT_ID, USERNAME, Counterpart, client_sign_in

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]


def sign_in(browser: Any, live_server: Any, counterpart: Counterpart, realm: str = "realm-a"):
    tab = new_tab(browser)
    tab.goto(f"{live_server.url}/accounts/login?next=/whoami%3Fformat%3Djson")
    tab.get_by_label("Realm").fill(realm)
    tab.get_by_role("button", name="Continue").click()
    tab.get_by_label("Username").fill(USERNAME)  # the provider's page
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server.url}/whoami?format=json")
    return tab


def whoami(tab: Any, live_server: Any) -> tuple[int, str]:
    response = tab.goto(f"{live_server.url}/whoami?format=json")
    return response.status, tab.locator("body").inner_text()


def test_the_browser_goes_to_the_providers_page_with_state_and_pkce(
    signed_in_kit, live_server, browser
):
    tab = new_tab(browser)
    seen: list[str] = []
    tab.on("request", lambda request: seen.append(request.url))
    tab.goto(f"{live_server.url}/accounts/login")
    tab.get_by_label("Realm").fill("realm-a")
    tab.get_by_role("button", name="Continue").click()
    tab.get_by_label("Username").wait_for()
    screenshot(tab, f"interop_provider_page_{signed_in_kit.name.split()[0]}")

    [asked] = [url for url in seen if "code_challenge=" in url]
    params = parse_qs(urlsplit(asked).query)
    assert asked.startswith(signed_in_kit.issuer("realm-a") + "/")
    assert params["code_challenge_method"] == ["S256"]
    assert params["state"]
    assert params["nonce"]
    assert params["scope"] == ["openid profile email offline_access"]


def test_sign_in_creates_the_realms_user_with_the_providers_profile(
    signed_in_kit, live_server, browser
):
    tab = sign_in(browser, live_server, signed_in_kit)

    status, body = whoami(tab, live_server)

    assert status == 200
    assert '"username":"realm-a__ana"' in body.replace(" ", "")


def test_the_session_holds_a_refresh_token(signed_in_kit, client):
    client_sign_in(client)

    tokens = SessionTokens.load(client.session)

    assert tokens is not None
    assert tokens.refresh_token
    assert tokens.id_token


def test_an_access_token_near_expiry_is_refreshed(signed_in_kit, client, settings):
    client_sign_in(client)
    before = SessionTokens.load(client.session)
    settings.KEYCLOAK_REFRESH_MARGIN = 3600  # every access token is about to expire

    response = client.get("/whoami", {"format": "json"})
    after = SessionTokens.load(client.session)

    assert response.status_code == 200
    assert response.json() == {"username": "realm-a__ana"}
    assert before is not None
    assert after is not None
    assert after.access_token != before.access_token
    assert after.subject == before.subject


def test_without_offline_access_the_provider_may_issue_no_refresh_token(
    signed_in_kit, client, settings, caplog
):
    settings.KEYCLOAK_SCOPE = "openid profile email"
    caplog.set_level(logging.INFO, logger="aether_kit.auth.keycloak.backend")

    client_sign_in(client)
    tokens = SessionTokens.load(client.session)

    assert tokens is not None
    if signed_in_kit.kit_provider is None:  # the standard: refresh tokens are asked for
        assert tokens.refresh_token is None
        assert "issued no refresh token" in caplog.text
    else:  # Keycloak issues them unasked
        assert tokens.refresh_token


def test_sign_out_ends_the_providers_session(signed_in_kit, live_server, browser):
    tab = sign_in(browser, live_server, signed_in_kit)
    tab.goto(f"{live_server.url}/projects/")
    logouts = signed_in_kit.kit_provider.calls("logout") if signed_in_kit.kit_provider else 0

    tab.get_by_role("button", name="Sign out").click()
    if signed_in_kit.remembers_browser:
        # RP-initiated logout: the provider asks the browser, then sends it back to us
        tab.get_by_role("button", name="Yes, sign me out").click()
        tab.wait_for_url(f"{live_server.url}/accounts/login")
    else:
        tab.get_by_role("heading", name="You are signed out").wait_for()
    screenshot(tab, f"interop_signed_out_{signed_in_kit.name.split()[0]}")

    assert whoami(tab, live_server)[0] in (401, 403)
    if signed_in_kit.kit_provider is not None:
        assert signed_in_kit.kit_provider.calls("logout") == logouts + 1
    # a new sign-in in the same browser asks for the password again
    tab.goto(f"{live_server.url}/accounts/login")
    tab.get_by_label("Realm").fill("realm-a")
    tab.get_by_role("button", name="Continue").click()
    tab.get_by_label("Password").wait_for()


def test_a_provider_that_remembers_the_browser_signs_it_in_again_without_password(
    signed_in_kit, live_server, browser
):
    """The other side of the logout test: without a logout, the provider's session lives."""
    if not signed_in_kit.remembers_browser:
        pytest.skip(f"{signed_in_kit.name} keeps no browser session")
    tab = sign_in(browser, live_server, signed_in_kit)
    tab.context.clear_cookies(name="sessionid")  # signed out here only

    tab.goto(f"{live_server.url}/accounts/login?next=/whoami%3Fformat%3Djson")
    tab.get_by_label("Realm").fill("realm-a")
    tab.get_by_role("button", name="Continue").click()
    tab.wait_for_url(f"{live_server.url}/whoami?format=json")

    assert whoami(tab, live_server)[0] == 200


def test_a_public_client_signs_in_with_pkce_alone(signed_in_kit, client, settings):
    settings.KEYCLOAK_CLIENT_ID = PUBLIC_CLIENT_ID
    settings.KEYCLOAK_CLIENT_SECRET = None

    response = client_sign_in(client)

    assert response.status_code == 302
    assert client.get("/whoami", {"format": "json"}).json() == {"username": "realm-a__ana"}


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_a_confidential_client_signs_in_with_either_authentication_method(
    signed_in_kit, client, settings, method
):
    settings.KEYCLOAK_CLIENT_AUTH_METHOD = method

    response = client_sign_in(client)

    assert response.status_code == 302
    assert client.get("/whoami", {"format": "json"}).json() == {"username": "realm-a__ana"}


def test_a_wrong_client_secret_fails_the_sign_in_with_a_message(signed_in_kit, client, settings):
    settings.KEYCLOAK_CLIENT_SECRET = "not-the-secret"

    response = client_sign_in(client)

    assert response.status_code == 400
    assert client.get("/whoami", {"format": "json"}).status_code in (401, 403)


def test_an_unknown_realm_is_a_form_error(signed_in_kit, client):
    response = client.post("/accounts/login", {"realm": "nowhere"})

    assert response.status_code == 200
    assert response.context["form"].errors["realm"] == ["Unknown realm nowhere."]


def test_the_password_form_needs_the_password_grant(signed_in_kit, client, settings):
    settings.KEYCLOAK_BEHIND_SCENES = True

    response = client.post(
        "/accounts/login", {"realm": "realm-a", "username": USERNAME, "password": PASSWORD}
    )

    if signed_in_kit.offers_password_grant:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        errors = " ".join(response.context["form"].non_field_errors())
        assert "does not accept passwords on this page" in errors
