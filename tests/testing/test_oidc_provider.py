"""The test OpenID Connect provider speaks Keycloak's protocol over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import KeySet, RSAKey

from aether_kit.testing.oidc_provider import Client, OIDCProvider
from tests.conftest import OIDC_PASSWORD, OIDC_USER
from tests.services import closed_port

REDIRECT_URI = "http://client.example/callback"


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def token(http: requests.Session, provider: OIDCProvider, realm: str, **form: str) -> Any:
    return http.post(provider.endpoint(realm, "token"), data={"client_id": "eha", **form})


def password_grant(http: requests.Session, provider: OIDCProvider, realm: str = "eha") -> Any:
    return token(
        http,
        provider,
        realm,
        grant_type="password",
        username=OIDC_USER,
        password=OIDC_PASSWORD,
        scope="openid",
    ).json()


def decode(http: requests.Session, provider: OIDCProvider, realm: str, value: str) -> Any:
    jwks = http.get(provider.endpoint(realm, "certs")).json()
    signing = [key for key in jwks["keys"] if key["use"] == "sig"]
    return jwt.decode(value, KeySet.import_key_set({"keys": signing}), algorithms=["RS256"])


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(http: requests.Session, provider: OIDCProvider, **params: str) -> dict[str, str]:
    """Sign in on ``/auth`` as its page does; answer the parameters of the redirect back."""
    form = {
        "response_type": "code",
        "client_id": "eha",
        "redirect_uri": REDIRECT_URI,
        "state": "the-state",
        "scope": "openid",
        "username": OIDC_USER,
        "password": OIDC_PASSWORD,
        **params,
    }
    answer = http.post(provider.endpoint("eha", "auth"), data=form, allow_redirects=False)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def exchange(http: requests.Session, provider: OIDCProvider, code: str, **form: str) -> Any:
    fields = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    return token(http, provider, "eha", **{**fields, **form})


# -- discovery, keys, realms -------------------------------------------------------------------


def test_discovery_names_the_realm_issuer_and_endpoints(http, oidc_provider):
    document = http.get(oidc_provider.endpoint("eha", "discovery")).json()

    base = f"{oidc_provider.server_url}/eha/protocol/openid-connect"
    assert document["issuer"] == f"{oidc_provider.server_url}/eha"
    assert document["token_endpoint"] == f"{base}/token"
    assert document["jwks_uri"] == f"{base}/certs"
    assert document["introspection_endpoint"] == f"{base}/token/introspect"
    assert document["code_challenge_methods_supported"] == ["S256"]


def test_discovery_promises_the_issuer_parameter_of_the_authorization_answer(http, oidc_provider):
    document = http.get(oidc_provider.endpoint("eha", "discovery")).json()

    assert document["authorization_response_iss_parameter_supported"] is True


def test_a_provider_without_the_issuer_parameter_neither_promises_nor_sends_it(
    http, isolated_oidc_provider
):
    isolated_oidc_provider.authorization_response_iss = False

    document = http.get(isolated_oidc_provider.endpoint("eha", "discovery")).json()
    back = authorize(http, isolated_oidc_provider)

    assert document["authorization_response_iss_parameter_supported"] is False
    assert "iss" not in back


def test_issuer_follows_the_configured_issuer_base(http, isolated_oidc_provider):
    isolated_oidc_provider.issuer_base = "https://public.example/auth/realms/"

    document = http.get(isolated_oidc_provider.endpoint("realm-a", "discovery")).json()

    assert document["issuer"] == "https://public.example/auth/realms/realm-a"


def test_certs_publish_a_signing_key_and_an_encryption_key(http, oidc_provider):
    keys = http.get(oidc_provider.endpoint("eha", "certs")).json()["keys"]

    assert [(key["use"], key["alg"], key["kty"]) for key in keys] == [
        ("sig", "RS256", "RSA"),
        ("enc", "RSA-OAEP", "RSA"),
    ]
    assert all(key["kid"] and "d" not in key for key in keys)


def test_realms_have_keys_of_their_own(oidc_provider):
    assert oidc_provider.published_kids("realm-a") != oidc_provider.published_kids("realm-b")


def test_account_answers_200_for_a_known_realm_and_404_for_an_unknown_one(http, oidc_provider):
    assert http.head(oidc_provider.endpoint("realm-a", "account")).status_code == 200
    assert http.head(oidc_provider.endpoint("nowhere", "account")).status_code == 404


def test_unknown_realm_has_no_token_endpoint(http, oidc_provider):
    answer = token(http, oidc_provider, "nowhere", grant_type="password")

    assert answer.status_code == 404


# -- password grant ----------------------------------------------------------------------------


def test_password_grant_answers_the_keycloak_token_shape(http, oidc_provider):
    answer = password_grant(http, oidc_provider)

    assert answer["token_type"] == "Bearer"
    assert answer["expires_in"] == 300
    assert answer["refresh_expires_in"] == 1800
    assert {"access_token", "refresh_token", "id_token", "session_state", "scope"} <= set(answer)
    assert answer["not-before-policy"] == 0


def test_access_token_carries_keycloak_claims(http, oidc_provider):
    answer = password_grant(http, oidc_provider, "realm-a")

    decoded = decode(http, oidc_provider, "realm-a", answer["access_token"])

    claims = decoded.claims
    assert decoded.header["kid"] == oidc_provider.published_kids("realm-a")[0]
    assert claims["iss"] == f"{oidc_provider.server_url}/realm-a"
    assert claims["typ"] == "Bearer"
    assert (claims["aud"], claims["azp"]) == ("account", "eha")
    assert claims["preferred_username"] == OIDC_USER
    assert (claims["given_name"], claims["family_name"]) == ("Ana", "Silva")
    assert claims["email"] == "user@realm-a.example"
    assert "default-roles-realm-a" in claims["realm_access"]["roles"]
    assert claims["sid"] == claims["session_state"] == answer["session_state"]
    assert claims["exp"] - claims["iat"] == 300
    assert claims["jti"]


def test_password_grant_rejects_a_wrong_password(http, oidc_provider):
    answer = token(
        http, oidc_provider, "eha", grant_type="password", username=OIDC_USER, password="nope"
    )

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_grant"


def test_scope_without_openid_gives_no_id_token(http, oidc_provider):
    answer = token(
        http,
        oidc_provider,
        "eha",
        grant_type="password",
        username=OIDC_USER,
        password=OIDC_PASSWORD,
    ).json()

    assert "id_token" not in answer
    assert answer["scope"] == "profile email"


def test_unknown_client_is_rejected(http, oidc_provider):
    answer = token(http, oidc_provider, "eha", grant_type="password", client_id="stranger")

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


# -- authorization code with PKCE --------------------------------------------------------------


def test_auth_redirects_back_with_code_state_session_state_and_issuer(http, oidc_provider):
    back = authorize(http, oidc_provider)

    assert back["state"] == "the-state"
    assert back["code"]
    assert back["session_state"]
    assert back["iss"] == f"{oidc_provider.server_url}/eha"


def test_code_with_the_right_verifier_gives_tokens(http, oidc_provider):
    verifier = secrets.token_urlsafe(48)
    back = authorize(
        http, oidc_provider, code_challenge=s256(verifier), code_challenge_method="S256"
    )

    answer = exchange(http, oidc_provider, back["code"], code_verifier=verifier)

    assert answer.status_code == 200
    assert answer.json()["session_state"] == back["session_state"]


def test_id_token_carries_nonce_and_at_hash(http, oidc_provider):
    back = authorize(http, oidc_provider, nonce="n-0S6_WzA2Mj")
    answer = exchange(http, oidc_provider, back["code"]).json()

    claims = decode(http, oidc_provider, "eha", answer["id_token"]).claims

    digest = hashlib.sha256(answer["access_token"].encode()).digest()[:16]
    assert claims["typ"] == "ID"
    assert claims["aud"] == "eha"
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_code_with_a_wrong_verifier_is_rejected(http, oidc_provider):
    back = authorize(
        http, oidc_provider, code_challenge=s256("the-verifier"), code_challenge_method="S256"
    )

    answer = exchange(http, oidc_provider, back["code"], code_verifier="another-verifier")

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_code_with_a_challenge_needs_a_verifier(http, oidc_provider):
    back = authorize(
        http, oidc_provider, code_challenge=s256("the-verifier"), code_challenge_method="S256"
    )

    answer = exchange(http, oidc_provider, back["code"])

    assert answer.json()["error"] == "invalid_grant"


def test_plain_challenge_method_is_refused(http, oidc_provider):
    back = authorize(http, oidc_provider, code_challenge="abc", code_challenge_method="plain")

    assert back["error"] == "invalid_request"
    assert "code" not in back


@pytest.fixture
def pkce_client(oidc_provider, monkeypatch) -> OIDCProvider:
    """The shared provider whose client ``eha`` requires PKCE, for this test only."""
    monkeypatch.setitem(oidc_provider.clients, "eha", Client("eha", require_pkce=True))
    return oidc_provider


def test_a_client_requiring_pkce_refuses_an_authorization_without_a_challenge(http, pkce_client):
    back = authorize(http, pkce_client)

    assert back["error"] == "invalid_request"
    assert back["error_description"] == "Missing parameter: code_challenge_method"
    assert back["state"] == "the-state"
    assert "code" not in back


def test_a_client_requiring_pkce_refuses_a_method_without_its_challenge(http, pkce_client):
    back = authorize(http, pkce_client, code_challenge_method="S256")

    assert back["error"] == "invalid_request"
    assert back["error_description"] == "Missing parameter: code_challenge"


def test_a_client_requiring_pkce_refuses_the_plain_method(http, pkce_client):
    back = authorize(http, pkce_client, code_challenge="abc", code_challenge_method="plain")

    assert back["error"] == "invalid_request"
    assert "code" not in back


def test_a_client_requiring_pkce_refuses_before_showing_the_login_page(http, pkce_client):
    query = {"response_type": "code", "client_id": "eha", "redirect_uri": REDIRECT_URI}

    answer = http.get(pkce_client.endpoint("eha", "auth"), params=query, allow_redirects=False)

    assert answer.status_code == 302
    assert "error=invalid_request" in answer.headers["Location"]


def test_a_client_requiring_pkce_gives_tokens_for_an_s256_challenge(http, pkce_client):
    verifier = secrets.token_urlsafe(48)
    back = authorize(http, pkce_client, code_challenge=s256(verifier), code_challenge_method="S256")

    answer = exchange(http, pkce_client, back["code"], code_verifier=verifier)

    assert answer.status_code == 200


def test_replayed_code_is_rejected(http, oidc_provider):
    code = authorize(http, oidc_provider)["code"]
    exchange(http, oidc_provider, code)

    answer = exchange(http, oidc_provider, code)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_code_is_bound_to_its_redirect_uri(http, oidc_provider):
    code = authorize(http, oidc_provider)["code"]

    answer = exchange(http, oidc_provider, code, redirect_uri="http://client.example/other")

    assert answer.json()["error"] == "invalid_grant"


def test_code_is_bound_to_its_client(http, oidc_provider):
    code = authorize(http, oidc_provider)["code"]

    answer = exchange(
        http, oidc_provider, code, client_id="eha-service", client_secret="service-secret"
    )

    assert answer.json()["error"] == "invalid_grant"


def test_auth_without_a_hint_shows_a_login_form_that_signs_in(http, oidc_provider):
    query = {"response_type": "code", "client_id": "eha", "redirect_uri": REDIRECT_URI}
    page = http.get(oidc_provider.endpoint("eha", "auth"), params=query)
    assert page.status_code == 200
    assert 'name="password"' in page.text

    answer = http.post(
        oidc_provider.endpoint("eha", "auth"),
        data={**query, "username": OIDC_USER, "password": OIDC_PASSWORD},
        allow_redirects=False,
    )

    assert answer.status_code == 302
    assert "code=" in answer.headers["Location"]


def auth_with_login_hint(http: requests.Session, provider: OIDCProvider, **params: str) -> Any:
    """``GET /auth`` naming the user in ``login_hint``, without credentials."""
    query = {
        "response_type": "code",
        "client_id": "eha",
        "redirect_uri": REDIRECT_URI,
        "login_hint": OIDC_USER,
        **params,
    }
    return http.get(provider.endpoint("eha", "auth"), params=query, allow_redirects=False)


def test_a_login_hint_alone_signs_nobody_in(http, oidc_provider):
    answer = auth_with_login_hint(http, oidc_provider)

    assert answer.status_code == 200
    assert f'name="username" autocomplete="username" value="{OIDC_USER}"' in answer.text


def test_a_login_hint_with_prompt_none_is_login_required(http, oidc_provider):
    answer = auth_with_login_hint(http, oidc_provider, prompt="none")

    assert "error=login_required" in answer.headers["Location"]
    assert "code=" not in answer.headers["Location"]


def test_auth_signs_in_the_auto_login_user(http, isolated_oidc_provider):
    isolated_oidc_provider.set_auto_login("eha", OIDC_USER)
    query = {"response_type": "code", "client_id": "eha", "redirect_uri": REDIRECT_URI}

    answer = http.get(
        isolated_oidc_provider.endpoint("eha", "auth"), params=query, allow_redirects=False
    )

    assert "code=" in answer.headers["Location"]


# -- address and clients fixed in advance --------------------------------------------------------


def test_the_provider_listens_on_the_port_it_was_given(http):
    port = closed_port()

    with OIDCProvider(["eha"], host="127.0.0.1", port=port):
        answer = http.get(f"http://127.0.0.1:{port}/realms/eha/.well-known/openid-configuration")

    assert answer.json()["issuer"] == f"http://127.0.0.1:{port}/realms/eha"


def gateway_client_credentials(http: requests.Session, provider: OIDCProvider, secret: str) -> Any:
    """The token endpoint's answer to an added client ``gateway`` sending ``secret``."""
    provider.add_client(Client("gateway", "gateway-secret"))
    return http.post(
        provider.endpoint("eha", "token"),
        data={"grant_type": "client_credentials"},
        auth=("gateway", secret),
    )


def test_a_confidential_client_added_to_a_running_provider_gets_tokens(
    http, isolated_oidc_provider
):
    answer = gateway_client_credentials(http, isolated_oidc_provider, "gateway-secret")

    assert answer.status_code == 200
    assert answer.json()["access_token"]


def test_an_added_confidential_client_needs_its_secret(http, isolated_oidc_provider):
    answer = gateway_client_credentials(http, isolated_oidc_provider, "wrong")

    assert answer.status_code == 401


# -- refresh, logout, revocation, introspection, userinfo ---------------------------------------


def test_refresh_grant_issues_a_new_access_token(http, oidc_provider):
    first = password_grant(http, oidc_provider)

    answer = token(
        http, oidc_provider, "eha", grant_type="refresh_token", refresh_token=first["refresh_token"]
    ).json()

    assert answer["access_token"] != first["access_token"]
    assert answer["session_state"] == first["session_state"]


def test_refresh_hook_rewrites_the_refresh_answer(http, oidc_provider, monkeypatch):
    first = password_grant(http, oidc_provider)
    other = oidc_provider.issue_token("eha", "someone-else")
    monkeypatch.setattr(
        oidc_provider, "refresh_hook", lambda realm, answer: {**answer, "access_token": other}
    )

    answer = token(
        http, oidc_provider, "eha", grant_type="refresh_token", refresh_token=first["refresh_token"]
    ).json()

    assert answer["access_token"] == other


def test_logout_revokes_the_refresh_token(http, oidc_provider):
    refresh_token = password_grant(http, oidc_provider)["refresh_token"]
    logout = http.post(
        oidc_provider.endpoint("eha", "logout"),
        data={"client_id": "eha", "refresh_token": refresh_token},
    )

    answer = token(
        http, oidc_provider, "eha", grant_type="refresh_token", refresh_token=refresh_token
    )

    assert logout.status_code == 204
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_browser_logout_ends_the_session_and_redirects(http, oidc_provider):
    tokens = password_grant(http, oidc_provider)

    answer = http.get(
        oidc_provider.endpoint("eha", "logout"),
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": REDIRECT_URI},
        allow_redirects=False,
    )

    userinfo = http.get(
        oidc_provider.endpoint("eha", "userinfo"),
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert answer.headers["Location"] == REDIRECT_URI
    assert userinfo.status_code == 401


def test_userinfo_answers_the_profile_of_the_token(http, oidc_provider):
    access_token = password_grant(http, oidc_provider)["access_token"]

    answer = http.get(
        oidc_provider.endpoint("eha", "userinfo"),
        headers={"Authorization": f"Bearer {access_token}"},
    )

    assert answer.json()["preferred_username"] == OIDC_USER
    assert answer.json()["email"] == "user@eha.example"


def test_userinfo_refuses_a_token_of_another_realm(http, oidc_provider):
    access_token = password_grant(http, oidc_provider, "realm-a")["access_token"]

    answer = http.get(
        oidc_provider.endpoint("realm-b", "userinfo"),
        headers={"Authorization": f"Bearer {access_token}"},
    )

    assert answer.status_code == 401
    assert "WWW-Authenticate" in answer.headers


def test_revoked_refresh_token_no_longer_refreshes(http, oidc_provider):
    refresh_token = password_grant(http, oidc_provider)["refresh_token"]
    http.post(
        oidc_provider.endpoint("eha", "revoke"),
        data={"client_id": "eha", "token": refresh_token},
    )

    answer = token(
        http, oidc_provider, "eha", grant_type="refresh_token", refresh_token=refresh_token
    )

    assert answer.json()["error"] == "invalid_grant"


def test_introspection_tells_live_tokens_from_dead_ones(http, oidc_provider):
    access_token = password_grant(http, oidc_provider)["access_token"]
    client = ("eha-service", "service-secret")
    endpoint = oidc_provider.endpoint("eha", "introspect")

    live = http.post(endpoint, data={"token": access_token}, auth=client).json()
    dead = http.post(endpoint, data={"token": "garbage"}, auth=client).json()

    assert live["active"] is True
    assert live["username"] == OIDC_USER
    assert dead == {"active": False}


def test_client_credentials_needs_the_client_secret(http, oidc_provider):
    endpoint = oidc_provider.endpoint("eha", "token")
    form = {"grant_type": "client_credentials"}

    wrong = http.post(endpoint, data=form, auth=("eha-service", "wrong"))
    right = http.post(endpoint, data=form, auth=("eha-service", "service-secret"))

    assert wrong.status_code == 401
    claims = decode(http, oidc_provider, "eha", right.json()["access_token"]).claims
    assert claims["preferred_username"] == "service-account-eha-service"
    assert "refresh_token" not in right.json()


# -- keys, lifetimes, helpers, counters --------------------------------------------------------


def test_rotation_signs_with_a_new_key_and_keeps_the_old_one_published(
    http, isolated_oidc_provider
):
    provider = isolated_oidc_provider
    old_token = password_grant(http, provider)["access_token"]
    old_kid = provider.published_kids("eha")[0]

    new_kid = provider.rotate_keys("eha")
    new_token = password_grant(http, provider)["access_token"]

    assert decode(http, provider, "eha", new_token).header["kid"] == new_kid
    assert decode(http, provider, "eha", old_token).header["kid"] == old_kid
    assert provider.published_kids("eha") == [new_kid, old_kid]


def test_rotation_without_the_old_key_stops_old_tokens_verifying(http, isolated_oidc_provider):
    provider = isolated_oidc_provider
    old_token = password_grant(http, provider)["access_token"]

    provider.rotate_keys("eha", keep_old=False)

    with pytest.raises(InvalidKeyIdError):
        decode(http, provider, "eha", old_token)


def test_token_lifetimes_are_configurable(http, isolated_oidc_provider):
    isolated_oidc_provider.access_token_lifetime = 5
    isolated_oidc_provider.refresh_token_lifetime = 10

    answer = password_grant(http, isolated_oidc_provider)

    assert (answer["expires_in"], answer["refresh_expires_in"]) == (5, 10)


def test_issue_token_overrides_and_drops_claims(http, oidc_provider):
    value = oidc_provider.issue_token("realm-a", OIDC_USER, exp=1, email=None, aud="other")

    claims = decode(http, oidc_provider, "realm-a", value).claims

    assert (claims["exp"], claims["aud"]) == (1, "other")
    assert "email" not in claims
    assert claims["preferred_username"] == OIDC_USER


def test_issue_token_signs_with_a_foreign_key_when_asked(http, oidc_provider):
    foreign = RSAKey.generate_key(2048, parameters={"kid": "foreign", "alg": "RS256"})

    value = oidc_provider.issue_token("eha", "nobody", key=foreign)

    with pytest.raises((InvalidKeyIdError, BadSignatureError)):
        decode(http, oidc_provider, "eha", value)


def test_calls_are_counted_per_endpoint_and_realm(http, isolated_oidc_provider):
    provider = isolated_oidc_provider
    http.get(provider.endpoint("realm-a", "certs"))
    http.get(provider.endpoint("realm-a", "certs"))
    http.get(provider.endpoint("realm-b", "discovery"))

    assert provider.calls("certs") == 2
    assert provider.calls("certs", realm="realm-b") == 0
    assert provider.calls() == 3
    provider.reset_calls()
    assert provider.calls() == 0


def test_stopped_provider_frees_its_port():
    with OIDCProvider(["solo"]) as provider:
        url = provider.endpoint("solo", "certs")
        assert requests.get(url, timeout=5).status_code == 200

    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
