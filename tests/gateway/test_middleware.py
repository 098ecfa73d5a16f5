"""Gateway tokens on plain Django views, through GatewayAuthenticationMiddleware."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import async_to_sync
from django.test import Client, RequestFactory

from aether_kit.gateway.authentication import settle_from_memory
from tests.gateway.conftest import HEADER, gateway_url
from tests.gateway.urls import view_calls

pytestmark = pytest.mark.django_db


def test_plain_view_sees_the_gateway_user(client, token_for):
    response = client.get(gateway_url("realm-a", "plain"), headers={HEADER: token_for("realm-a")})

    assert response.json() == {"username": "realm-a__user"}


def test_plain_view_stays_anonymous_without_a_token(client, gateway):
    response = client.get(gateway_url("realm-a", "plain"))

    assert response.json() == {"username": ""}


def test_bad_token_never_reaches_a_plain_view(client, token_for):
    token = token_for("realm-a", exp=int(time.time()) - 60)

    response = client.get(gateway_url("realm-a", "plain"), headers={HEADER: token})

    assert response.status_code == 401
    assert response.json() == {"detail": "The token has expired."}
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert view_calls["plain"] == 0


def test_token_of_another_realm_is_forbidden_on_a_plain_view(client, token_for):
    response = client.get(gateway_url("realm-b", "plain"), headers={HEADER: token_for("realm-a")})

    assert response.status_code == 403
    assert view_calls["plain"] == 0


def test_header_authenticated_post_to_a_plain_view_skips_csrf(token_for):
    client = Client(enforce_csrf_checks=True)

    response = client.post(gateway_url("realm-a", "plain"), headers={HEADER: token_for("realm-a")})

    assert response.status_code == 200


def test_anonymous_post_to_a_plain_view_still_needs_csrf(gateway):
    client = Client(enforce_csrf_checks=True)

    response = client.post(gateway_url("realm-a", "plain"))

    assert response.status_code == 403


def test_middleware_does_nothing_while_the_gateway_is_off(client, settings, token_for):
    settings.GATEWAY_SERVICE_ID = None
    settings.ROOT_URLCONF = "testproject.urls"

    response = client.get("/health", headers={HEADER: "garbage"})

    assert response.status_code == 200


# -- under ASGI: the same answers, a thread only for a token not verified yet ------------------


def test_async_plain_view_sees_the_gateway_user(async_client, token_for):
    get = async_to_sync(async_client.get)

    response = get(gateway_url("realm-a", "plain"), headers={HEADER: token_for("realm-a")})

    assert response.json() == {"username": "realm-a__user"}


def test_async_bad_token_never_reaches_a_plain_view(async_client, token_for):
    token = token_for("realm-a", exp=int(time.time()) - 60)

    response = async_to_sync(async_client.get)(
        gateway_url("realm-a", "plain"), headers={HEADER: token}
    )

    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert view_calls["plain"] == 0


def test_a_repeated_token_is_settled_without_verifying_it_again(client, token_for):
    token = token_for("realm-a")
    client.get(gateway_url("realm-a", "plain"), headers={HEADER: token})
    request = RequestFactory().get(gateway_url("realm-a", "plain"), headers={HEADER: token})

    assert settle_from_memory(request) is True


def test_a_new_token_is_left_to_the_full_check(gateway, token_for):
    request = RequestFactory().get(
        gateway_url("realm-a", "plain"), headers={HEADER: token_for("realm-a")}
    )

    assert settle_from_memory(request) is False
