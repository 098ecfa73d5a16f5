"""The pytest plugin's fixtures, as a project uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aether_kit.testing.clients import GatewayClient

pytestmark = pytest.mark.django_db


def test_realm_fixture_is_the_default_realm(realm: str) -> None:
    from aether_kit.conf.kit_settings import kit_settings

    assert realm == kit_settings.DEFAULT_REALM


def test_realm_user_fixture_is_in_the_realm(realm_user: Any, realm: str) -> None:
    assert realm_user.username == f"{realm}__user"


def test_realm_client_fixture_is_signed_in(realm_client: Client, realm: str) -> None:
    assert realm_client.get("/whoami").json() == {"username": f"{realm}__user"}


def test_make_realm_client_signs_in_to_another_realm(make_realm_client: Any) -> None:
    client = make_realm_client("realm-b", "bo")

    assert client.get("/whoami").json() == {"username": "realm-b__bo"}


def test_gateway_client_fixture_carries_a_token_of_the_realm(
    gateway_client: GatewayClient, realm: str
) -> None:
    assert gateway_client.realm == realm
    assert gateway_client.token.count(".") == 2


def test_make_gateway_client_takes_realm_and_claims(make_gateway_client: Any) -> None:
    client = make_gateway_client("realm-a", azp="another-client")

    assert client.realm == "realm-a"


def test_keycloak_settings_point_at_the_provider(
    keycloak_settings: Any, oidc_provider: Any
) -> None:
    from aether_kit.conf.kit_settings import kit_settings

    assert oidc_provider.server_url == kit_settings.KEYCLOAK_SERVER_URL
