"""Keycloak switched on against the test OpenID Connect provider, and a browser's round trip."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from aether_kit.auth.keycloak.tokens import SessionTokens
from aether_kit.conf.keycloak import KEYCLOAK_BACKEND, MODEL_BACKEND
from aether_kit.external import get_session
from aether_kit.testing.oidc_provider import OIDCProvider
from tests.conftest import OIDC_PASSWORD, OIDC_USER


def use_provider(settings, provider: OIDCProvider, **overrides) -> OIDCProvider:
    settings.KEYCLOAK_SERVER_URL = provider.server_url
    settings.KEYCLOAK_ISSUER_URL = None
    settings.KEYCLOAK_CLIENT_ID = "eha"
    settings.KEYCLOAK_CLIENT_SECRET = None
    settings.KEYCLOAK_BEHIND_SCENES = False
    settings.KEYCLOAK_REFRESH_MARGIN = 30
    settings.MULTITENANCY = True
    settings.AUTHENTICATION_BACKENDS = [KEYCLOAK_BACKEND, MODEL_BACKEND]
    for name, value in overrides.items():
        setattr(settings, name, value)
    return provider


def require_pkce(monkeypatch, provider: OIDCProvider) -> OIDCProvider:
    """The client ``eha`` requires PKCE (S256) for this test, as the kit's client always sends it.

    A sign-in that stopped sending a code challenge is then refused by the provider
    and fails the test, as it would against a Keycloak client set to *PKCE S256*.
    """
    monkeypatch.setitem(
        provider.clients, "eha", replace(provider.clients["eha"], require_pkce=True)
    )
    return provider


@pytest.fixture
def keycloak(settings, monkeypatch, oidc_provider, db) -> OIDCProvider:
    """Redirect mode against the shared provider."""
    return use_provider(settings, require_pkce(monkeypatch, oidc_provider))


@pytest.fixture
def behind_scenes(settings, monkeypatch, oidc_provider, db) -> OIDCProvider:
    """Behind-the-scenes mode against the shared provider."""
    provider = require_pkce(monkeypatch, oidc_provider)
    return use_provider(settings, provider, KEYCLOAK_BEHIND_SCENES=True)


@pytest.fixture
def own_keycloak(settings, monkeypatch, isolated_oidc_provider, db) -> OIDCProvider:
    """Redirect mode against a provider of the test's own (keys, lifetimes, sessions)."""
    return use_provider(settings, require_pkce(monkeypatch, isolated_oidc_provider))


def local_path(url: str) -> str:
    """What the test client needs of an absolute ``http://testserver/...`` URL."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def sign_in_at_keycloak(
    authorization_url: str, username: str = OIDC_USER, password: str = OIDC_PASSWORD
) -> str:
    """Post the credentials on Keycloak's page; the answer is the callback URL."""
    response = get_session().post(
        authorization_url,
        data={"username": username, "password": password},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def refresh_at_keycloak(provider: OIDCProvider, tokens: SessionTokens):
    """Use a refresh token at Keycloak directly, as a thief holding it would."""
    return get_session().post(
        provider.endpoint(tokens.realm, "token"),
        data={
            "grant_type": "refresh_token",
            "client_id": "eha",
            "refresh_token": tokens.refresh_token,
        },
    )


@dataclass
class Browser:
    """A browser: the Django test client for the service, real HTTP for Keycloak."""

    client: Client
    provider: OIDCProvider

    def start_login(self, realm: str = "eha", next_url: str = "/whoami") -> str:
        """Submit the realm form; the answer is the authorization URL we are sent to."""
        response = self.client.post("/accounts/login", {"realm": realm, "next": next_url})
        assert response.status_code == 302, response.content
        return response["Location"]

    def sign_in_at_keycloak(
        self, authorization_url: str, username: str = OIDC_USER, password: str = OIDC_PASSWORD
    ) -> str:
        return sign_in_at_keycloak(authorization_url, username, password)

    def callback(self, callback_url: str):
        return self.client.get(local_path(callback_url))

    def sign_in(self, realm: str = "eha", next_url: str = "/whoami"):
        return self.callback(self.sign_in_at_keycloak(self.start_login(realm, next_url)))

    def whoami(self):
        return self.client.get("/whoami")


@pytest.fixture
def browser(client, keycloak) -> Browser:
    return Browser(client, keycloak)


@pytest.fixture
def own_browser(client, own_keycloak) -> Browser:
    return Browser(client, own_keycloak)


@pytest.fixture
def other_browser(keycloak) -> Browser:
    """A second browser, with cookies of its own."""
    return Browser(Client(), keycloak)
