"""Sign-out belongs to the gateway: its users are sent to GATEWAY_LOGOUT_URL, or offered none."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gateway.conftest import HEADER

pytestmark = pytest.mark.django_db

PAGE = "/realm-a/svc/projects/"
KITS_SIGN_OUT = 'action="/-/svc/accounts/logout"'


@pytest.fixture
def demo_behind_gateway(settings: Any, token_for: Any) -> Any:
    settings.ROOT_URLCONF = "tests.drf.resolver_urls"
    return token_for


def page(client: Any, **headers: str) -> str:
    response = client.get(PAGE, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_gateway_user_is_sent_to_the_gateways_sign_out(
    client: Any, settings: Any, demo_behind_gateway: Any
) -> None:
    settings.GATEWAY_LOGOUT_URL = "/oidc/callback?logout=/"

    html = page(client, **{HEADER: demo_behind_gateway("realm-a")})

    assert 'href="/oidc/callback?logout=/">Sign out</a>' in html
    assert KITS_SIGN_OUT not in html


def test_a_gateway_user_is_offered_no_sign_out_without_a_gateway_logout_url(
    client: Any, demo_behind_gateway: Any
) -> None:
    html = page(client, **{HEADER: demo_behind_gateway("realm-a")})

    assert "Sign out" not in html


def test_a_user_the_kit_signed_in_keeps_the_kits_sign_out(
    client: Any, settings: Any, demo_behind_gateway: Any
) -> None:
    from tests.factories import UserFactory

    settings.GATEWAY_LOGOUT_URL = "/oidc/callback?logout=/"
    client.force_login(UserFactory(realm="realm-a"))

    html = page(client)

    assert KITS_SIGN_OUT in html
    assert "/oidc/callback" not in html
