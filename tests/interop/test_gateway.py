"""The gateway verifies each provider's access tokens, got the way a gateway gets them.

A gateway (Apache's mod_auth_openidc, oauth2-proxy …) signs the user in with the
authorization-code flow and PKCE and forwards the access token; for a standard provider
that token is an RFC 9068 JWT for the gateway's resource (``typ: at+jwt``, ``client_id``,
no ``preferred_username``), for Keycloak a token with ``typ: Bearer`` and ``azp``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode

import pytest

from aether_kit.external import get_session
from tests.gateway.conftest import HEADER, claims_of, gateway_url
from tests.gateway.urls import SERVICE_ID

from .conftest import CLIENT_ID, CLIENT_SECRET, USERNAME, Counterpart, http_sign_in

pytestmark = [pytest.mark.interop, pytest.mark.django_db]

GATEWAY_CALLBACK = "http://gateway.invalid/callback"


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def gateway_sign_in(counterpart: Counterpart, realm: str) -> dict[str, Any]:
    """The token answer a gateway gets for ``ana`` of ``realm``, over the provider's HTTP."""
    with get_session(retries=0) as http:
        discovery = http.get(f"{counterpart.issuer(realm)}/.well-known/openid-configuration")
    endpoints = discovery.json()
    verifier = secrets.token_urlsafe(48)
    params = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "scope": "openid api",
        "redirect_uri": GATEWAY_CALLBACK,
        "state": secrets.token_urlsafe(16),
        "code_challenge": _s256(verifier),
        "code_challenge_method": "S256",
        **counterpart.gateway_params,
    }
    callback = http_sign_in(
        f"{endpoints['authorization_endpoint']}?{urlencode(params)}", GATEWAY_CALLBACK
    )
    assert callback["state"] == params["state"]
    with get_session(retries=0) as http:
        answer = http.post(
            endpoints["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": callback["code"],
                "redirect_uri": GATEWAY_CALLBACK,
                "code_verifier": verifier,
                **counterpart.gateway_params,
            },
            auth=(CLIENT_ID, CLIENT_SECRET),
        )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def header_of(token: str) -> dict[str, Any]:
    segment = token.split(".")[0]
    return dict(json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))))


def members(client: Any, realm: str, token: str) -> Any:
    return client.get(gateway_url(realm, "members"), headers={HEADER: token})


@pytest.fixture
def gateway(settings: Any, signed_in_kit: Counterpart) -> Counterpart:
    """The gateway on, with the audience and the client its tokens must name."""
    settings.GATEWAY_SERVICE_ID = SERVICE_ID
    settings.ROOT_URLCONF = "tests.gateway.urls"
    settings.GATEWAY_JWT_AUDIENCE = [signed_in_kit.audience]
    settings.GATEWAY_JWT_AUTHORIZED_PARTIES = [CLIENT_ID]
    return signed_in_kit


@pytest.fixture
def access_token(gateway: Counterpart) -> str:
    return str(gateway_sign_in(gateway, "realm-a")["access_token"])


def test_the_providers_access_token_opens_its_realm(client, gateway, access_token):
    response = members(client, "realm-a", access_token)

    assert response.status_code == 200, response.content
    assert response.json()["realm"] == "realm-a"
    assert len(response.json()["members"]) == 1


def test_the_user_is_named_by_the_username_claim_or_else_by_sub(client, gateway, access_token):
    claims = claims_of(access_token)

    [member] = members(client, "realm-a", access_token).json()["members"]

    expected = USERNAME if "preferred_username" in claims else claims["sub"]
    assert member == f"realm-a__{expected}"


def test_a_token_of_realm_a_is_refused_on_realm_bs_path(client, gateway, access_token):
    response = members(client, "realm-b", access_token)

    assert response.status_code == 403
    assert "belongs to realm 'realm-a'" in response.json()["detail"]


def test_a_token_for_another_audience_is_refused(client, gateway, access_token, settings):
    settings.GATEWAY_JWT_AUDIENCE = ["another-service"]

    response = members(client, "realm-a", access_token)

    assert response.status_code == 401
    assert "(aud)" in response.json()["detail"]


def test_a_token_asked_for_by_another_client_is_refused(client, gateway, access_token, settings):
    settings.GATEWAY_JWT_AUTHORIZED_PARTIES = ["another-client"]

    response = members(client, "realm-a", access_token)

    assert response.status_code == 401
    assert "(azp)" in response.json()["detail"]


def test_the_id_token_is_not_an_access_token(client, gateway):
    id_token = gateway_sign_in(gateway, "realm-a")["id_token"]

    response = members(client, "realm-a", id_token)

    assert response.status_code == 401
    assert "Only access tokens" in response.json()["detail"]


def test_a_token_whose_claims_were_changed_is_refused(client, gateway, access_token):
    header, _, signature = access_token.split(".")
    claims = claims_of(access_token)
    claims["exp"] += 3600
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    response = members(client, "realm-a", f"{header}.{forged}.{signature}")

    assert response.status_code == 401
    assert "signature does not verify" in response.json()["detail"]


def test_tokens_signed_before_and_after_a_key_rotation_pass(
    client, gateway, access_token, settings
):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 0  # the rotation comes right after the fetch
    assert members(client, "realm-a", access_token).status_code == 200

    gateway.rotate_keys("realm-a")
    rotated = str(gateway_sign_in(gateway, "realm-a")["access_token"])

    assert header_of(rotated)["kid"] != header_of(access_token)["kid"]
    assert members(client, "realm-a", rotated).status_code == 200
    assert members(client, "realm-a", access_token).status_code == 200
