"""A service behind the gateway ``svc`` whose tokens come from the test OpenID Connect provider."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from aether_kit.gateway import clear_gateway_caches
from aether_kit.testing.oidc_provider import OIDCProvider
from aether_kit.testing.urls import gateway_path
from tests.fake_external_app import fake_app
from tests.gateway.urls import SERVICE_ID, view_calls

__all__ = ["fake_app"]  # an HTTP server answering any status: a JWKS endpoint that fails

HEADER = "X-Oauth-Token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value).encode())


def unsigned_token(claims: dict[str, Any]) -> str:
    """A token with ``alg: none`` and an empty signature."""
    return f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."


def token_with_payload(payload: bytes) -> str:
    """An RS256-looking token whose payload segment is ``payload`` as given, whatever it holds."""
    header = {"alg": "RS256", "typ": "JWT", "kid": "any"}
    return f"{_segment(header)}.{_b64(payload)}.{_b64(b'no signature')}"


def hs256_with_public_key(provider: OIDCProvider, realm: str, claims: dict[str, Any]) -> str:
    """The classic confusion attack: HMAC keyed with the realm's published RSA key."""
    key = provider.signing_key(realm)
    header = {"alg": "HS256", "typ": "JWT", "kid": str(key.kid)}
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    secret = key.as_pem(private=False)
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def gateway_url(realm: str, endpoint: str) -> str:
    """The shipped ``gateway_path`` of this suite's service, whether the gateway is on or not."""
    return gateway_path(realm, endpoint, service_id=SERVICE_ID)


def _switch_on(settings: Any, provider: OIDCProvider) -> OIDCProvider:
    settings.GATEWAY_SERVICE_ID = SERVICE_ID
    settings.KEYCLOAK_SERVER_URL = provider.server_url
    settings.ROOT_URLCONF = "tests.gateway.urls"
    return provider


@pytest.fixture(autouse=True)
def _fresh_gateway_state() -> Iterator[None]:
    clear_gateway_caches()
    view_calls.clear()
    yield
    clear_gateway_caches()


@pytest.fixture
def gateway(settings: Any, oidc_provider: OIDCProvider) -> OIDCProvider:
    """The gateway switched on against the shared provider; answers the provider."""
    return _switch_on(settings, oidc_provider)


@pytest.fixture
def private_gateway(settings: Any, isolated_oidc_provider: OIDCProvider) -> OIDCProvider:
    """The gateway against a provider of the test's own (keys may rotate, lifetimes change)."""
    return _switch_on(settings, isolated_oidc_provider)


@pytest.fixture
def token_for(gateway: OIDCProvider, make_gateway_token: Callable[..., str]) -> Callable[..., str]:
    """``token_for("realm-a", **claims)``: the plugin's ``make_gateway_token``, gateway on."""
    return make_gateway_token
