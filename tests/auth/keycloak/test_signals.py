"""Logging out ends the Keycloak session too; logging in moves the tokens into the session."""

import pytest

from aether_kit.auth.keycloak.errors import LogoutFailed
from aether_kit.auth.keycloak.tokens import SESSION_TOKENS_KEY, SessionTokens
from aether_kit.tokens.discovery import clear_discovery_cache
from tests.auth.keycloak.conftest import query, refresh_at_keycloak
from tests.services import closed_port


@pytest.fixture
def signed_in(browser):
    browser.sign_in()
    return browser


def test_logout_ends_the_keycloak_session(signed_in):
    before = signed_in.provider.calls("logout")

    response = signed_in.client.post("/accounts/logout")

    assert response.status_code == 200
    assert signed_in.provider.calls("logout") == before + 1
    assert signed_in.whoami().status_code in (401, 403)


def test_after_logout_the_refresh_token_is_revoked_at_keycloak(signed_in):
    tokens = SessionTokens.load(signed_in.client.session)

    signed_in.client.post("/accounts/logout")

    answer = refresh_at_keycloak(signed_in.provider, tokens)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_logout_forgets_the_tokens(signed_in):
    signed_in.client.post("/accounts/logout")

    assert SessionTokens.load(signed_in.client.session) is None


def test_logout_by_get_is_refused_and_keycloak_is_not_called(signed_in):
    before = signed_in.provider.calls("logout")

    response = signed_in.client.get("/accounts/logout")

    assert response.status_code == 405
    assert signed_in.provider.calls("logout") == before
    assert signed_in.whoami().json() == {"username": "eha__user"}


def test_any_django_logout_ends_the_keycloak_session(signed_in, rf):
    from django.contrib.auth import logout

    request = rf.post("/elsewhere/logout")
    request.session = signed_in.client.session
    request.user = None
    before = signed_in.provider.calls("logout")

    logout(request)

    assert signed_in.provider.calls("logout") == before + 1


def test_a_keycloak_that_is_down_does_not_stop_the_local_logout(signed_in, settings):
    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.REQUEST_ERROR_RETRIES = 1
    clear_discovery_cache()

    response = signed_in.client.post("/accounts/logout")

    assert signed_in.whoami().status_code in (401, 403)
    # the provider's session may have survived: the user is told, not left to believe it ended
    assert response.status_code == 502
    assert LogoutFailed.message in response.content.decode()


def test_a_local_login_drops_tokens_of_an_earlier_keycloak_login(signed_in, rf, django_user_model):
    from django.contrib.auth import login

    user = django_user_model.objects.get(username="eha__user")
    request = rf.get("/")
    request.session = signed_in.client.session

    login(request, user, backend="django.contrib.auth.backends.ModelBackend")

    assert SessionTokens.load(request.session) is None


def test_rp_initiated_logout_sends_the_browser_to_the_providers_end_session(signed_in, settings):
    settings.KEYCLOAK_LOGOUT = "redirect"
    tokens = SessionTokens.load(signed_in.client.session)

    response = signed_in.client.post("/accounts/logout")

    assert response.status_code == 302
    assert response["Location"].startswith(signed_in.provider.endpoint("eha", "logout") + "?")
    assert query(response["Location"])["id_token_hint"] == tokens.id_token
    assert query(response["Location"])["post_logout_redirect_uri"] == (
        "http://testserver/accounts/login"
    )
    assert signed_in.whoami().status_code in (401, 403)


def test_a_logout_keycloak_refuses_is_shown_to_the_user(signed_in):
    session = signed_in.client.session
    session[SESSION_TOKENS_KEY] = {**session[SESSION_TOKENS_KEY], "refresh_token": "unknown"}
    session.save()

    response = signed_in.client.post("/accounts/logout")

    assert response.status_code == 502
    assert LogoutFailed.message in response.content.decode()
