"""KeycloakClient: the sign-in's requests, where the realm's discovery document says."""

import base64

import pytest

from aether_kit.auth.keycloak import KeycloakClient, LogoutFailed
from aether_kit.auth.keycloak.tokens import SessionTokens
from aether_kit.tokens.discovery import clear_discovery_cache
from tests.auth.keycloak.conftest import query


@pytest.fixture
def client_(keycloak):
    clear_discovery_cache()
    yield KeycloakClient()
    clear_discovery_cache()


@pytest.fixture
def confidential(settings):
    settings.KEYCLOAK_CLIENT_ID = "my-app"
    settings.KEYCLOAK_CLIENT_SECRET = "s3cret:&"


def test_endpoints_are_the_ones_discovery_names(client_, keycloak):
    assert client_.get_endpoint("eha", "token_endpoint") == keycloak.endpoint("eha", "token")
    assert client_.get_endpoint("eha", "jwks_uri") == keycloak.endpoint("eha", "certs")


def test_the_issuer_is_the_one_discovery_names(client_, keycloak):
    assert client_.get_issuer("eha") == keycloak.issuer("eha")


def test_a_public_issuer_host_is_the_issuer_base(client_, settings):
    settings.KEYCLOAK_ISSUER_URL = "https://login.example.org/realms"

    assert client_.get_issuer("eha") == "https://login.example.org/realms/eha"


def test_the_browser_is_sent_to_the_public_host(client_, keycloak, settings):
    settings.KEYCLOAK_ISSUER_URL = "https://login.example.org/realms"

    url = client_.get_authorization_endpoint("eha")

    assert url == "https://login.example.org/realms/eha/protocol/openid-connect/auth"


def test_basic_authentication_sends_the_secret_in_the_header_only(client_, confidential):
    header = client_.get_client_headers("eha")["Authorization"]

    assert base64.b64decode(header.removeprefix("Basic ")) == b"my-app:s3cret%3A%26"
    assert client_.get_client_credentials("eha") == {"client_id": "my-app"}


def test_post_authentication_sends_the_secret_in_the_form_only(client_, confidential, settings):
    settings.KEYCLOAK_CLIENT_AUTH_METHOD = "client_secret_post"

    assert client_.get_client_headers("eha") == {}
    assert client_.get_client_credentials("eha") == {
        "client_id": "my-app",
        "client_secret": "s3cret:&",
    }


def test_a_public_client_sends_no_secret(client_):
    assert client_.get_client_headers("eha") == {}
    assert client_.get_client_credentials("eha") == {"client_id": "eha"}


def test_keycloaks_realm_is_logged_out_server_side(client_):
    assert client_.get_logout_mode("eha") == "server"


def test_the_logout_mode_is_a_setting(client_, settings):
    settings.KEYCLOAK_LOGOUT = "redirect"

    assert client_.get_logout_mode("eha") == "redirect"


def test_the_logout_url_names_the_session_by_its_id_token(client_, keycloak):
    tokens = SessionTokens("eha", "access", 0.0, id_token="the-id-token")

    url = client_.get_logout_url(tokens, "http://testserver/accounts/login")

    assert url.startswith(keycloak.endpoint("eha", "logout") + "?")
    assert query(url) == {
        "client_id": "eha",
        "post_logout_redirect_uri": "http://testserver/accounts/login",
        "id_token_hint": "the-id-token",
    }


def test_a_logout_keycloak_refuses_is_a_failure(client_):
    tokens = SessionTokens("eha", "access", 0.0, refresh_token="not-a-refresh-token")

    with pytest.raises(LogoutFailed):
        client_.end_session(tokens)


def test_keycloak_offers_the_password_grant(client_):
    assert client_.supports_grant("eha", "password")
    assert not client_.supports_grant("eha", "urn:ietf:params:oauth:grant-type:device_code")
