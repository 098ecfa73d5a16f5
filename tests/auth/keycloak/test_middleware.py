"""The access token is refreshed only when it is about to expire; a refused refresh logs out."""

import time
from dataclasses import replace

import pytest
import requests
from django.http import HttpResponse
from django.test import RequestFactory

from aether_kit.auth.keycloak.middleware import KeycloakRefreshMiddleware
from aether_kit.auth.keycloak.tokens import SessionTokens


def wait_until_expired(tokens: SessionTokens) -> None:
    time.sleep(max(0.0, tokens.expires_at - time.time()) + 0.05)


@pytest.fixture
def short_lived(own_browser, settings):
    """Signed in with one-second access tokens and no refresh margin."""
    own_browser.provider.access_token_lifetime = 1
    settings.KEYCLOAK_REFRESH_MARGIN = 0
    own_browser.sign_in()
    return own_browser


def tokens_of(browser) -> SessionTokens:
    return SessionTokens.load(browser.client.session)


def test_a_fresh_token_costs_no_call_to_keycloak(browser):
    browser.sign_in()
    before = browser.provider.calls()

    for _ in range(3):
        assert browser.whoami().status_code == 200

    assert browser.provider.calls() == before


def test_an_expired_token_is_refreshed_once(short_lived):
    old = tokens_of(short_lived)
    wait_until_expired(old)
    before = short_lived.provider.calls("token")

    assert short_lived.whoami().status_code == 200
    assert short_lived.provider.calls("token") == before + 1
    new = tokens_of(short_lived)
    assert new.access_token != old.access_token
    assert new.expires_at > old.expires_at


def test_the_refreshed_token_is_fresh_again(short_lived, settings):
    settings.KEYCLOAK_REFRESH_MARGIN = 0
    wait_until_expired(tokens_of(short_lived))
    short_lived.provider.access_token_lifetime = 300
    short_lived.whoami()
    before = short_lived.provider.calls("token")

    short_lived.whoami()

    assert short_lived.provider.calls("token") == before


def test_a_token_inside_the_refresh_margin_is_refreshed_before_it_expires(browser, settings):
    browser.sign_in()
    settings.KEYCLOAK_REFRESH_MARGIN = 3600
    before = browser.provider.calls("token")

    browser.whoami()

    assert browser.provider.calls("token") == before + 1


def test_a_refused_refresh_logs_the_user_out(short_lived):
    short_lived.provider.end_sessions("eha", "user")  # an administrator signs the user out
    wait_until_expired(tokens_of(short_lived))

    response = short_lived.whoami()

    assert response.status_code in (401, 403)
    assert tokens_of(short_lived) is None
    assert short_lived.whoami().status_code in (401, 403)


def test_an_unreachable_keycloak_at_refresh_time_logs_the_user_out(short_lived, settings):
    settings.REQUEST_ERROR_RETRIES = 1
    wait_until_expired(tokens_of(short_lived))
    short_lived.provider.stop()

    response = short_lived.whoami()

    assert response.status_code in (401, 403)
    assert tokens_of(short_lived) is None


def test_local_logins_are_left_alone(client, keycloak, django_user_model):
    user = django_user_model.objects.create_user("local", password="x")
    client.force_login(user)
    before = keycloak.calls()

    assert client.get("/whoami").json() == {"username": "local"}
    assert keycloak.calls() == before


def test_the_middleware_is_idle_without_keycloak(settings):
    from django.core.exceptions import MiddlewareNotUsed

    from aether_kit.auth.keycloak import KeycloakRefreshMiddleware

    settings.KEYCLOAK_SERVER_URL = None

    with pytest.raises(MiddlewareNotUsed):
        KeycloakRefreshMiddleware(lambda request: None)


def test_a_refresh_after_a_key_rotation_is_verified_with_the_new_key(short_lived, settings):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 0  # the rate limit of refetches is tested there
    provider = short_lived.provider
    new_kid = provider.rotate_keys("eha", keep_old=False)
    wait_until_expired(tokens_of(short_lived))

    response = short_lived.whoami()

    assert response.json() == {"username": "eha__user"}
    assert provider.published_kids("eha") == [new_kid]


def test_an_expired_refresh_token_logs_out_without_asking_keycloak(own_browser, settings):
    own_browser.provider.access_token_lifetime = 1
    own_browser.provider.refresh_token_lifetime = 1
    settings.KEYCLOAK_REFRESH_MARGIN = 0
    own_browser.sign_in()
    wait_until_expired(tokens_of(own_browser))
    before = own_browser.provider.calls()

    response = own_browser.whoami()

    assert response.status_code in (401, 403)
    assert own_browser.provider.calls() == before


# -- what a refresh brings must be the signed-in user's ------------------------------------------


@pytest.fixture
def refresh_answer(browser, settings, monkeypatch):
    """Signed in, with the next request refreshing; ``refresh_answer(rewrite)`` tampers with
    what the provider answers that refresh."""
    browser.sign_in()
    settings.KEYCLOAK_REFRESH_MARGIN = 3600

    def tamper(rewrite):
        monkeypatch.setattr(browser.provider, "refresh_hook", lambda realm, answer: rewrite(answer))

    return tamper


def assert_logged_out(browser, response) -> None:
    assert response.status_code in (401, 403)
    assert tokens_of(browser) is None
    assert browser.whoami().status_code in (401, 403)


def test_a_refresh_bringing_another_users_access_token_logs_the_user_out(browser, refresh_answer):
    intruder = browser.provider.issue_token("eha", "intruder")
    refresh_answer(lambda answer: {**answer, "access_token": intruder, "id_token": None})

    assert_logged_out(browser, browser.whoami())


def test_a_refresh_bringing_another_users_id_token_logs_the_user_out(browser, refresh_answer):
    intruder = browser.provider.issue_token("eha", "intruder", typ="ID", aud="eha")
    refresh_answer(lambda answer: {**answer, "id_token": intruder})

    assert_logged_out(browser, browser.whoami())


def test_a_refresh_bringing_an_id_token_that_fails_verification_logs_the_user_out(
    browser, refresh_answer
):
    foreign = browser.provider.issue_token("eha", "user", typ="ID", aud="another-client")
    refresh_answer(lambda answer: {**answer, "id_token": foreign})

    assert_logged_out(browser, browser.whoami())


def test_a_refresh_keeps_the_verified_id_token_it_brings(browser, settings):
    browser.sign_in()
    old = tokens_of(browser)
    settings.KEYCLOAK_REFRESH_MARGIN = 3600

    assert browser.whoami().status_code == 200
    new = tokens_of(browser)
    assert new.id_token != old.id_token
    assert new.subject == old.subject


def test_a_session_that_does_not_know_its_user_is_logged_out_at_refresh(browser, settings):
    browser.sign_in()
    session = browser.client.session
    replace(tokens_of(browser), subject=None).save(session)  # stored by an older kit
    session.save()
    settings.KEYCLOAK_REFRESH_MARGIN = 3600

    assert_logged_out(browser, browser.whoami())


def test_a_refresh_lost_to_a_parallel_request_keeps_what_that_request_stored(browser, settings):
    browser.sign_in()
    settings.KEYCLOAK_REFRESH_MARGIN = 3600  # every request finds its token about to expire
    # this request read the session before the parallel one stored its refresh
    signed_in = browser.client.session
    session = type(signed_in)(signed_in.session_key)
    spent = SessionTokens.load(session)
    assert browser.whoami().status_code == 200  # the parallel request refreshes first
    stored = tokens_of(browser)
    # Keycloak's "Revoke Refresh Token": a refresh token works once
    requests.post(
        browser.provider.endpoint("eha", "revoke"),
        data={"client_id": "eha", "token": spent.refresh_token},
        timeout=5,
    ).raise_for_status()
    request = RequestFactory().get("/whoami")
    request.session = session

    KeycloakRefreshMiddleware(lambda request: HttpResponse())(request)

    assert SessionTokens.load(session) == stored
    assert session.get("_auth_user_id") is not None  # still signed in
