"""Redirect mode end to end: the realm step, Keycloak's page, the callback."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from aether_kit.auth.keycloak import KeycloakBackend
from aether_kit.auth.keycloak.errors import LoginStateError
from aether_kit.auth.keycloak.tokens import SESSION_TOKENS_KEY, SessionTokens
from aether_kit.conf import kit_settings
from aether_kit.conf.keycloak import MODEL_BACKEND
from aether_kit.multitenancy.users import is_user_in_realm
from tests.auth.keycloak.conftest import Browser, local_path, query
from tests.conftest import OIDC_PASSWORD


def error_of(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


# -- the realm step --------------------------------------------------------------------------


def test_the_login_page_asks_for_the_realm(browser):
    response = browser.client.get("/accounts/login")

    assert response.status_code == 200
    assert "aether_kit/login_realm.html" in [t.name for t in response.templates]
    assert list(response.context["form"].fields) == ["realm"]


def test_an_unknown_realm_is_a_form_error(browser):
    response = browser.client.post("/accounts/login", {"realm": "nowhere"})

    assert response.status_code == 200
    assert response.context["form"].errors["realm"] == ["Unknown realm nowhere."]


def test_the_realm_is_checked_at_keycloak(browser):
    before = browser.provider.calls("discovery", realm="nowhere")

    browser.client.post("/accounts/login", {"realm": "nowhere"})

    assert browser.provider.calls("discovery", realm="nowhere") == before + 1


def test_a_malformed_realm_never_reaches_keycloak(browser):
    before = browser.provider.calls("discovery")

    response = browser.client.post("/accounts/login", {"realm": "../admin"})

    assert "realm" in response.context["form"].errors
    assert browser.provider.calls("discovery") == before


def test_an_unreachable_keycloak_is_a_form_error_not_a_500(browser, settings):
    from tests.services import closed_port

    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.REQUEST_ERROR_RETRIES = 1

    response = browser.client.post("/accounts/login", {"realm": "eha"})

    assert response.status_code == 200
    assert response.context["form"].errors["realm"] == [
        "Keycloak is not reachable at the moment. Please try again later."
    ]


def test_a_known_realm_sends_the_browser_to_its_authorization_endpoint(browser):
    url = browser.start_login("realm-a")

    assert url.startswith(browser.provider.endpoint("realm-a", "auth") + "?")
    params = query(url)
    assert params["client_id"] == "eha"
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver/accounts/callback"
    assert params["code_challenge_method"] == "S256"
    assert all(params[name] for name in ("state", "nonce", "code_challenge"))


def test_the_verifier_never_leaves_the_server(browser):
    url = browser.start_login()
    flows = browser.client.session["aether_kit.keycloak.flows"]

    verifier = flows[query(url)["state"]]["code_verifier"]

    assert verifier not in url


# -- the callback -----------------------------------------------------------------------------


def test_signing_in_logs_the_realm_user_in(browser):
    response = browser.sign_in("eha")

    assert response.status_code == 302
    assert response["Location"] == "/whoami"
    assert browser.whoami().json() == {"username": "eha__user"}


def test_the_user_takes_names_and_email_from_keycloak_and_joins_the_realm(browser):
    browser.sign_in("realm-a")

    user = get_user_model().objects.get(username="realm-a__user")
    assert (user.first_name, user.last_name, user.email) == ("Ana", "Silva", "user@realm-a.example")
    assert is_user_in_realm(user, "realm-a")
    assert not user.has_usable_password()


def test_the_same_person_in_two_realms_is_two_users(browser, other_browser):
    browser.sign_in("realm-a")
    other_browser.sign_in("realm-b")

    assert browser.whoami().json() == {"username": "realm-a__user"}
    assert other_browser.whoami().json() == {"username": "realm-b__user"}


def test_the_tokens_stay_in_the_server_side_session(browser):
    response = browser.sign_in()

    tokens = SessionTokens.load(browser.client.session)
    assert tokens is not None
    assert tokens.realm == "eha"
    cookies = " ".join(morsel.OutputString() for morsel in browser.client.cookies.values())
    assert tokens.access_token not in cookies
    assert tokens.refresh_token not in cookies
    assert tokens.access_token.encode() not in response.content
    assert browser.client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_the_realm_is_kept_in_the_session(browser):
    browser.sign_in("realm-b")

    assert browser.client.session[kit_settings.REALM_COOKIE] == "realm-b"


def test_next_pointing_to_another_site_is_ignored(browser):
    response = browser.sign_in(next_url="https://evil.example/")

    assert response["Location"] == settings.LOGIN_REDIRECT_URL


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "/\\evil.example/", "https:evil.example", "javascript:alert(1)"],
)
def test_next_in_disguise_is_ignored(browser, next_url):
    response = browser.sign_in(next_url=next_url)

    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_signing_in_gives_the_browser_a_new_session(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())
    before = browser.client.cookies[settings.SESSION_COOKIE_NAME].value

    browser.callback(callback)

    assert browser.client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_a_wrong_state_is_rejected(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())
    forged = callback.replace(f"state={query(callback)['state']}", "state=forged")

    response = browser.callback(forged)

    assert response.status_code == 400
    assert error_of(response) == LoginStateError.message
    assert SESSION_TOKENS_KEY not in browser.client.session
    assert browser.whoami().status_code in (401, 403)


def test_a_missing_state_is_rejected(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())

    response = browser.client.get("/accounts/callback", {"code": query(callback)["code"]})

    assert response.status_code == 400
    assert error_of(response) == LoginStateError.message


def test_a_callback_started_in_another_browser_is_rejected(browser, other_browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())

    response = other_browser.callback(callback)

    assert response.status_code == 400
    assert other_browser.whoami().status_code in (401, 403)


def test_a_callback_cannot_be_used_twice(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())
    browser.callback(callback)
    browser.client.post("/accounts/logout")

    response = browser.callback(callback)

    assert response.status_code == 400
    assert browser.whoami().status_code in (401, 403)


def test_a_forged_error_in_the_callback_cannot_write_log_lines(browser, caplog):
    state = query(browser.start_login())["state"]
    forged = "access_denied\nCRITICAL forged line"

    issuer = browser.provider.issuer("eha")

    with caplog.at_level(logging.WARNING):
        response = browser.client.get(
            "/accounts/callback",
            {"state": state, "iss": issuer, "error": forged, "error_description": "x" * 5000},
        )

    assert response.status_code == 400
    assert "\nCRITICAL forged line" not in caplog.text
    assert "x" * 300 not in caplog.text


def test_a_replayed_code_is_rejected_by_keycloak_and_shown_cleanly(browser):
    first = browser.sign_in_at_keycloak(browser.start_login())
    browser.callback(first)
    browser.client.post("/accounts/logout")
    # a fresh, valid state of this browser, carrying a code Keycloak already redeemed
    state = query(browser.start_login())["state"]
    before = browser.provider.calls("token")

    response = browser.client.get(
        "/accounts/callback",
        {"code": query(first)["code"], "state": state, "iss": query(first)["iss"]},
    )

    assert browser.provider.calls("token") == before + 1
    assert response.status_code == 400
    assert "Please try again" in error_of(response)
    assert browser.whoami().status_code in (401, 403)


def test_an_error_from_keycloak_is_shown_cleanly(browser):
    state = query(browser.start_login())["state"]

    issuer = browser.provider.issuer("eha")

    response = browser.client.get(
        "/accounts/callback", {"error": "access_denied", "state": state, "iss": issuer}
    )

    assert response.status_code == 400
    assert error_of(response) == "Keycloak did not sign you in. Please try again."


def test_an_answer_of_another_issuer_is_rejected(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())
    mixed_up = callback.replace("iss=", "iss=https%3A%2F%2Fother.example%2Frealms%2Feha&was=")

    response = browser.callback(mixed_up)

    assert response.status_code == 400


def test_an_answer_without_the_issuer_parameter_fails_the_sign_in_with_a_message(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())
    params = {key: value for key, value in query(callback).items() if key != "iss"}

    response = browser.client.get(local_path(callback).split("?")[0], params)

    assert response.status_code == 400
    assert error_of(response) == "Keycloak's answer was incomplete. Please sign in again."
    assert browser.whoami().status_code in (401, 403)


class DroppedPKCEBackend(KeycloakBackend):
    """A sign-in that lost PKCE: no code challenge is sent, no verifier is shown."""

    def get_authorization_params(self, request, flow):
        params = super().get_authorization_params(request, flow)
        del params["code_challenge"], params["code_challenge_method"]
        return params

    def exchange_code(self, request, flow, code):
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": flow.redirect_uri}
        return self.request_tokens(flow.realm, form)


def test_a_sign_in_without_pkce_is_refused_by_keycloak(browser, settings):
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.DroppedPKCEBackend", MODEL_BACKEND]

    response = browser.sign_in()

    assert response.status_code == 400
    assert error_of(response) == "Keycloak did not sign you in. Please try again."
    assert browser.whoami().status_code in (401, 403)


def test_tokens_of_an_unexpected_issuer_are_refused(browser, settings):
    settings.KEYCLOAK_ISSUER_URL = "https://login.example.org/realms"
    # the browser reaches Keycloak on its own address, the tokens name the provider's
    url = browser.start_login().replace(
        "https://login.example.org/realms", browser.provider.server_url
    )
    callback = browser.sign_in_at_keycloak(url)
    # the answer names the issuer the service expects: only the tokens' issuer is wrong
    params = {**query(callback), "iss": "https://login.example.org/realms/eha"}

    response = browser.client.get(local_path(callback).split("?")[0], params)

    assert response.status_code == 400
    assert browser.whoami().status_code in (401, 403)


def test_the_public_issuer_base_is_where_the_browser_goes(own_browser, settings):
    public = "https://login.example.org/realms"
    own_browser.provider.issuer_base = public
    settings.KEYCLOAK_ISSUER_URL = public

    url = own_browser.start_login()
    callback = own_browser.sign_in_at_keycloak(url.replace(public, own_browser.provider.server_url))

    assert url.startswith(f"{public}/eha/protocol/openid-connect/auth?")
    assert own_browser.callback(callback).status_code == 302
    assert own_browser.whoami().json() == {"username": "eha__user"}


def test_signing_in_still_works_after_keycloak_rotates_its_keys(own_browser, settings):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 0  # the rate limit of refetches is tested there
    own_browser.sign_in()
    provider = own_browser.provider
    old_kid = provider.published_kids("eha")[0]
    provider.rotate_keys("eha", keep_old=False)
    before = provider.calls("certs")

    second = Browser(Client(), provider)
    response = second.sign_in()

    assert old_kid not in provider.published_kids("eha")
    assert provider.calls("certs") == before + 1
    assert response.status_code == 302
    assert second.whoami().json() == {"username": "eha__user"}


def test_the_realm_keys_are_fetched_once_for_many_sign_ins(own_browser):
    provider = own_browser.provider
    own_browser.sign_in()
    before = provider.calls("certs")

    for _ in range(3):
        Browser(Client(), provider).sign_in()

    assert provider.calls("certs") == before


def test_there_is_no_callback_behind_the_scenes(client, behind_scenes):
    assert client.get("/accounts/callback?code=x&state=y").status_code == 404


def test_a_sign_in_through_the_gateway_comes_back_through_the_gateway(browser, settings):
    settings.ROOT_URLCONF = "tests.auth.keycloak.gateway_urls"
    settings.GATEWAY_SERVICE_ID = "svc"
    response = browser.client.post("/-/svc/accounts/login", {"realm": "eha", "next": "/whoami"})
    callback = browser.sign_in_at_keycloak(response["Location"])

    assert (
        query(response["Location"])["redirect_uri"] == "http://testserver/-/svc/accounts/callback"
    )
    assert browser.callback(callback).status_code == 302
    assert browser.whoami().json() == {"username": "eha__user"}


def test_no_token_code_or_password_is_ever_logged(browser, settings, caplog):
    caplog.set_level(logging.DEBUG)
    callback = browser.sign_in_at_keycloak(browser.start_login())
    browser.callback(callback)  # a sign-in …
    browser.callback(callback)  # … and a refused replay, which logs a warning
    tokens = SessionTokens.load(browser.client.session)
    settings.KEYCLOAK_REFRESH_MARGIN = 3600
    browser.whoami()  # refreshed
    fresh = SessionTokens.load(browser.client.session)
    browser.client.post("/accounts/logout")

    secrets = [
        query(callback)["code"],
        OIDC_PASSWORD,
        *(tokens.access_token, tokens.refresh_token, tokens.id_token),
        *(fresh.access_token, fresh.refresh_token),
    ]
    assert "Keycloak sign-in failed" in caplog.text
    assert [secret for secret in secrets if secret in caplog.text] == []


def test_a_head_request_does_not_spend_the_sign_in(browser):
    callback = browser.sign_in_at_keycloak(browser.start_login())

    assert browser.client.head(local_path(callback)).status_code == 405
    assert browser.callback(callback).status_code == 302
