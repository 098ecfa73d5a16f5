"""KeycloakBackend's steps one by one, against the test provider."""

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore

from aether_kit.auth.keycloak import (
    KeycloakBackend,
    KeycloakRejected,
    KeycloakUnavailable,
    LoginStateError,
    TokenVerificationError,
)
from aether_kit.auth.keycloak.backend import clear_discovery_cache
from aether_kit.auth.keycloak.flow import new_code_verifier, pop_flow
from aether_kit.auth.keycloak.tokens import SessionTokens
from aether_kit.external import get_session
from aether_kit.gateway import UnknownRealm, clear_jwks_caches, get_jwks_cache
from tests.auth.keycloak.conftest import query, refresh_at_keycloak, sign_in_at_keycloak
from tests.conftest import OIDC_PASSWORD
from tests.services import closed_port


@pytest.fixture
def backend(keycloak):
    return KeycloakBackend()


@pytest.fixture
def request_(rf):
    request = rf.get("/accounts/login")
    request.session = SessionStore()
    return request


@pytest.fixture
def started(backend, request_):
    """A sign-in taken through Keycloak's page: its flow and the code it brought back."""
    url = backend.start_login(request_, "eha")
    code = query(sign_in_at_keycloak(url))["code"]
    return pop_flow(request_.session, query(url)["state"]), code


# -- the realm step ----------------------------------------------------------------------------


def test_a_known_realm_exists(backend):
    assert backend.realm_exists("realm-a")


def test_an_unknown_realm_does_not_exist(backend):
    assert not backend.realm_exists("nowhere")


def test_an_unreachable_keycloak_is_unavailable_not_unknown(backend, settings):
    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.REQUEST_ERROR_RETRIES = 1

    with pytest.raises(KeycloakUnavailable):
        backend.realm_exists("eha")


# -- the state ---------------------------------------------------------------------------------


def callback_params(backend, url: str, **params: str) -> dict[str, str]:
    """What Keycloak's callback for the sign-in begun at ``url`` carries besides the code."""
    realm = url.split("/realms/")[1].split("/")[0]
    return {"state": query(url)["state"], "iss": backend.get_issuer(realm), **params}


def test_the_flow_is_bound_to_the_realm_it_was_started_for(backend, request_):
    url = backend.start_login(request_, "realm-b")

    flow = backend.get_login_flow(request_, callback_params(backend, url))

    assert flow.realm == "realm-b"


def test_a_flow_can_be_taken_only_once(backend, request_):
    params = callback_params(backend, backend.start_login(request_, "eha"))
    backend.get_login_flow(request_, params)

    with pytest.raises(LoginStateError):
        backend.get_login_flow(request_, params)


def test_an_answer_naming_another_issuer_is_refused(backend, request_):
    url = backend.start_login(request_, "eha")

    with pytest.raises(LoginStateError, match="issuer"):
        backend.get_login_flow(
            request_, callback_params(backend, url, iss="https://evil.example/eha")
        )


def test_the_provider_promises_the_issuer_parameter(backend):
    assert backend.requires_issuer_parameter("eha")


def test_an_answer_without_the_issuer_a_realm_promises_is_refused(backend, request_):
    state = query(backend.start_login(request_, "eha"))["state"]

    with pytest.raises(LoginStateError, match="no iss") as raised:
        backend.get_login_flow(request_, {"state": state})

    assert "incomplete" in raised.value.message


@pytest.fixture
def fresh_discovery():
    """Discovery documents fetched in this test are not kept for later ones."""
    clear_discovery_cache()
    yield
    clear_discovery_cache()


def test_an_answer_without_issuer_is_accepted_from_a_realm_that_never_sends_it(
    own_keycloak, request_, fresh_discovery
):
    own_keycloak.authorization_response_iss = False
    backend = KeycloakBackend()
    state = query(backend.start_login(request_, "eha"))["state"]

    flow = backend.get_login_flow(request_, {"state": state})

    assert flow.realm == "eha"


def test_the_discovery_document_is_fetched_once_for_many_callbacks(
    backend, keycloak, request_, fresh_discovery
):
    before = keycloak.calls("discovery", realm="eha")

    for _ in range(3):
        backend.requires_issuer_parameter("eha")

    assert keycloak.calls("discovery", realm="eha") == before + 1


# -- PKCE ----------------------------------------------------------------------------------------


def test_the_code_and_its_verifier_give_tokens(backend, request_, started):
    flow, code = started

    tokens = backend.exchange_code(request_, flow, code)

    assert set(tokens) >= {"access_token", "refresh_token", "id_token"}


def test_keycloak_refuses_a_code_without_its_verifier(backend, request_, started):
    flow, code = started

    with pytest.raises(KeycloakRejected) as raised:
        backend.exchange_code(request_, replace(flow, code_verifier=""), code)

    assert raised.value.error == "invalid_grant"


def test_keycloak_refuses_a_code_with_another_verifier(backend, request_, started):
    flow, code = started

    with pytest.raises(KeycloakRejected) as raised:
        backend.exchange_code(request_, replace(flow, code_verifier=new_code_verifier()), code)

    assert raised.value.error == "invalid_grant"


def test_keycloak_refuses_a_code_used_twice(backend, request_, started):
    flow, code = started
    backend.exchange_code(request_, flow, code)

    with pytest.raises(KeycloakRejected) as raised:
        backend.exchange_code(request_, flow, code)

    assert raised.value.error == "invalid_grant"


# -- token verification ------------------------------------------------------------------------


def test_an_id_token_with_another_nonce_is_refused(backend, request_, started):
    flow, code = started

    with pytest.raises(TokenVerificationError, match="nonce"):
        backend.authenticate_callback(request_, replace(flow, nonce="another"), {"code": code})


def test_a_refused_token_is_a_verification_error(backend, keycloak):
    token = keycloak.issue_token("realm-a", "user")

    with pytest.raises(TokenVerificationError):
        backend.verify_access_token("eha", token)


# -- users ---------------------------------------------------------------------------------------


CLAIMS = {"preferred_username": "ana", "given_name": "Ana", "family_name": "Silva"}


def test_a_new_user_is_created_in_the_realm(backend):
    user = backend.get_or_create_user("realm-a", {**CLAIMS, "email": "ana@example.org"})

    assert user.username == "realm-a__ana"
    assert (user.first_name, user.last_name, user.email) == ("Ana", "Silva", "ana@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["realm-a"]


def test_a_returning_user_taken_out_of_the_realm_group_is_put_back(backend):
    user = backend.get_or_create_user("realm-a", CLAIMS)
    user.groups.clear()

    backend.get_or_create_user("realm-a", CLAIMS)

    assert list(user.groups.values_list("name", flat=True)) == ["realm-a"]


def test_a_returning_user_takes_the_names_keycloak_has_now(backend):
    backend.get_or_create_user("eha", CLAIMS)

    user = backend.get_or_create_user("eha", {**CLAIMS, "family_name": "Santos"})

    assert user.last_name == "Santos"
    assert get_user_model().objects.filter(username="eha__ana").count() == 1


def test_a_name_that_looks_prefixed_cannot_take_over_the_realms_account(backend):
    get_user_model().objects.create_user(username="eha__admin", is_staff=True)

    user = backend.get_or_create_user("eha", {"preferred_username": "eha__admin"})

    assert user.username == "eha__eha__admin"
    assert not user.is_staff


def test_absent_claims_leave_the_profile_alone(backend):
    backend.get_or_create_user("eha", {**CLAIMS, "email": "ana@example.org"})

    user = backend.get_or_create_user("eha", {"preferred_username": "ana"})

    assert (user.first_name, user.last_name, user.email) == ("Ana", "Silva", "ana@example.org")


def test_overlong_names_are_cut_to_the_field_length(backend):
    user = backend.get_or_create_user("eha", {**CLAIMS, "given_name": "A" * 500})

    assert len(user.first_name) == get_user_model()._meta.get_field("first_name").max_length


def test_a_username_too_long_to_store_fails_the_sign_in_with_a_message(own_browser):
    name = "u" * 146  # "eha__" + 146 characters: one more than Django's username holds
    own_browser.provider.add_user("eha", name, OIDC_PASSWORD)

    response = own_browser.callback(
        own_browser.sign_in_at_keycloak(own_browser.start_login("eha"), name, OIDC_PASSWORD)
    )

    assert response.status_code == 400
    assert "too long" in " ".join(response.context["form"].non_field_errors())
    assert not get_user_model().objects.filter(username__endswith=name).exists()


def test_claims_without_a_username_are_refused(backend):
    with pytest.raises(TokenVerificationError, match="preferred_username"):
        backend.get_or_create_user("eha", {"given_name": "Ana"})


@pytest.fixture
def one_first_fetch(monkeypatch):
    """Room for one first fetch of a never-seen realm's keys; cached keys forgotten around."""
    monkeypatch.setattr("aether_kit.tokens.jwks.MAX_FIRST_FETCHES", 1)
    clear_jwks_caches()
    yield
    clear_jwks_caches()


def test_a_realm_signs_in_for_the_first_time_after_invented_realms_spent_the_first_fetches(
    own_browser, one_first_fetch
):
    invented = get_jwks_cache(own_browser.provider.endpoint("invented", "certs"))
    with pytest.raises(UnknownRealm):
        invented.get_key("any")  # the only first fetch of the interval
    # no group: nobody of eha has signed in here before

    response = own_browser.sign_in()

    assert response.status_code == 302
    assert own_browser.whoami().json() == {"username": "eha__user"}


def test_a_disabled_user_cannot_sign_in(browser):
    get_user_model().objects.create(username="eha__user", is_active=False)

    response = browser.sign_in()

    assert response.status_code == 400
    assert "disabled" in " ".join(response.context["form"].non_field_errors())
    assert browser.whoami().status_code in (401, 403)


# -- logout ----------------------------------------------------------------------------------


def test_the_browser_logout_url_ends_the_keycloak_session(backend, browser):
    browser.sign_in()
    tokens = SessionTokens.load(browser.client.session)
    url = backend.get_logout_url(tokens, "http://testserver/accounts/login")

    answer = get_session().get(url, allow_redirects=False)

    assert answer.status_code == 302
    assert answer.headers["Location"] == "http://testserver/accounts/login"
    assert refresh_at_keycloak(browser.provider, tokens).status_code == 400


# -- overriding a step -------------------------------------------------------------------------


class EmailUsernameBackend(KeycloakBackend):
    def get_username(self, realm, claims):
        return f"{realm}__{claims['email']}"


def test_a_subclass_changes_one_step(browser, settings):
    settings.AUTHENTICATION_BACKENDS = [
        f"{__name__}.EmailUsernameBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]

    browser.sign_in("realm-a")

    assert browser.whoami().json() == {"username": "realm-a__user@realm-a.example"}


# -- standard providers ------------------------------------------------------------------------


def test_the_scope_is_a_setting_and_offline_access_asks_for_consent(backend, request_, settings):
    settings.KEYCLOAK_SCOPE = "openid profile offline_access"

    asked = query(backend.start_login(request_, "eha"))

    assert asked["scope"] == "openid profile offline_access"
    assert asked["prompt"] == "consent"


def test_keycloaks_scope_asks_for_no_consent(backend, request_):
    asked = query(backend.start_login(request_, "eha"))

    assert asked["scope"] == "openid profile email"
    assert "prompt" not in asked


def test_a_session_without_refresh_token_says_so(backend, request_):
    tokens = SessionTokens("eha", "access", 0.0, subject="someone")

    with pytest.raises(KeycloakRejected, match="issued no refresh token"):
        backend.refresh_tokens(request_, tokens)


def test_the_username_claim_is_a_setting(backend, settings):
    settings.KEYCLOAK_USERNAME_CLAIM = "email"

    user = backend.get_or_create_user("eha", {"sub": "1", "email": "ana@example.org"})

    assert user.username == "eha__ana@example.org"


def test_without_a_username_claim_the_user_is_named_by_sub(backend):
    user = backend.get_or_create_user("eha", {"sub": "4f1c2a"})

    assert user.username == "eha__4f1c2a"


def test_the_clients_requests_are_still_reached_through_the_backend(backend, keycloak):
    assert backend.get_issuer("eha") == keycloak.issuer("eha")
    assert backend.realm_exists("eha")
