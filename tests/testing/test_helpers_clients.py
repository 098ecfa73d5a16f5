"""Signed-in realm clients and gateway clients carrying a signed token."""

from __future__ import annotations

from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from aether_kit.external import get_session
from aether_kit.testing.clients import GatewayClient, gateway_client, realm_client
from aether_kit.testing.oidc_provider import OIDCProvider
from aether_kit.testing.users import create_realm_user


def verified_claims(provider: OIDCProvider, realm: str, token: str) -> dict[str, Any]:
    """The token's claims, checked against the keys the provider publishes over HTTP."""
    with get_session() as session:
        jwks = session.get(provider.endpoint(realm, "certs")).json()
    signing = KeySet.import_key_set({"keys": [k for k in jwks["keys"] if k["use"] == "sig"]})
    return dict(jwt.decode(token, signing, algorithms=["RS256"]).claims)


@pytest.mark.django_db
def test_realm_client_is_signed_in_as_the_user() -> None:
    client = realm_client(create_realm_user("eha", "ana"), "eha")

    assert client.get("/whoami").json() == {"username": "eha__ana"}


@pytest.mark.django_db
def test_realm_client_names_its_realm_in_the_realm_cookie(settings: Any) -> None:
    settings.REALM_COOKIE = "my-realm"

    client = realm_client(create_realm_user("eha", "ana"), "eha")

    assert client.cookies["my-realm"].value == "eha"


def test_gateway_client_sends_a_token_the_realms_keys_verify(oidc_provider: OIDCProvider) -> None:
    client = gateway_client(oidc_provider, "realm-a", "user")

    sent = client.get("/health").wsgi_request.META["HTTP_X_OAUTH_TOKEN"]

    claims = verified_claims(oidc_provider, "realm-a", sent)
    assert claims["iss"] == oidc_provider.issuer("realm-a")
    assert claims["preferred_username"] == "user"


def test_gateway_client_uses_the_configured_header(
    oidc_provider: OIDCProvider, settings: Any
) -> None:
    settings.GATEWAY_HEADER_TOKEN = "X-Gateway-Token"
    client = gateway_client(oidc_provider, "eha")

    meta = client.get("/health").wsgi_request.META

    assert meta["HTTP_X_GATEWAY_TOKEN"] == client.token


def test_gateway_client_claims_can_be_overridden(oidc_provider: OIDCProvider) -> None:
    client = gateway_client(oidc_provider, "eha", exp=1)

    assert jwt.decode(client.token, oidc_provider.signing_key("eha")).claims["exp"] == 1


def test_gateway_client_builds_the_realms_gateway_paths(
    oidc_provider: OIDCProvider, settings: Any
) -> None:
    settings.GATEWAY_SERVICE_ID = "kernel"

    client = GatewayClient("realm-b", "token")

    assert client.path("projects/") == "/realm-b/kernel/projects/"
