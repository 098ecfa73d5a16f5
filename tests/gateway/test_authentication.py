"""Gateway tokens on DRF views: accepted when valid, each kind of bad token refused."""

from __future__ import annotations

import logging
import time

import pytest
import requests
from django.contrib.sessions.models import Session
from django.test import Client
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.conftest import OIDC_PASSWORD, OIDC_USER
from tests.faultproxy import FaultProxy, wait_for_half_open
from tests.gateway.conftest import (
    HEADER,
    claims_of,
    gateway_url,
    hs256_with_public_key,
    token_with_payload,
    unsigned_token,
)
from tests.gateway.urls import view_calls
from tests.services import closed_port

GATEWAY_MIDDLEWARE = "aether_kit.gateway.GatewayAuthenticationMiddleware"


@pytest.fixture(autouse=True, params=["drf-only", "with-middleware"])
def _stack(request, settings):
    """Every behaviour holds for GatewayAuthentication alone and with the middleware before it."""
    if request.param == "drf-only":
        settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != GATEWAY_MIDDLEWARE]
    else:
        assert GATEWAY_MIDDLEWARE in settings.MIDDLEWARE


pytestmark = pytest.mark.django_db


def get_members(client, realm, token, **extra):
    return client.get(gateway_url(realm, "members"), headers={HEADER: token}, **extra)


def assert_rejected(response, status=401):
    assert response.status_code == status
    assert response.json()["detail"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert view_calls["members"] == 0


# -- accepted ---------------------------------------------------------------------------------


def test_valid_token_authenticates_the_realm_user(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a"))

    assert response.status_code == 200
    assert response.json() == {"realm": "realm-a", "members": ["realm-a__user"]}


def test_token_from_the_providers_password_grant_authenticates(client, gateway):
    answer = requests.post(
        gateway.endpoint("realm-b", "token"),
        data={
            "grant_type": "password",
            "client_id": "eha",
            "username": OIDC_USER,
            "password": OIDC_PASSWORD,
        },
        timeout=10,
    ).json()

    response = get_members(client, "realm-b", answer["access_token"])

    assert response.status_code == 200
    assert response.json()["members"] == ["realm-b__user"]


def test_bearer_prefix_in_the_header_is_tolerated(client, token_for):
    response = get_members(client, "realm-a", f"Bearer {token_for('realm-a')}")

    assert response.status_code == 200


def test_token_issued_a_little_in_the_past_passes_within_the_leeway(client, token_for):
    now = int(time.time())

    response = get_members(client, "realm-a", token_for("realm-a", exp=now - 5, iat=now - 300))

    assert response.status_code == 200


def test_header_token_needs_no_csrf_cookie(token_for):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        gateway_url("realm-a", "members"), headers={HEADER: token_for("realm-a")}
    )

    assert response.status_code == 201


def test_gateway_request_writes_no_session(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a"))

    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies


def test_token_on_an_internal_path_is_ignored(client, token_for):
    response = client.get("/members", headers={HEADER: token_for("realm-a")})

    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."


# -- rejected ---------------------------------------------------------------------------------


def test_missing_token_answers_401_with_www_authenticate(client, gateway):
    response = client.get(gateway_url("realm-a", "members"))

    assert_rejected(response)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="realm-a"'


def test_garbled_token_is_rejected(client, gateway):
    response = get_members(client, "realm-a", "this.is-not.a-jwt")

    assert_rejected(response)
    assert "well-formed" in response.json()["detail"]


def test_deeply_nested_payload_is_not_a_well_formed_jwt(client, gateway):
    token = token_with_payload(b"[" * 11_000)  # ~14.7 KB: under the length limit

    response = get_members(client, "realm-a", token)

    assert_rejected(response)
    assert "well-formed" in response.json()["detail"]


def test_empty_token_header_is_rejected(client, gateway):
    response = get_members(client, "realm-a", " ")

    assert_rejected(response)


def test_unsigned_token_alg_none_is_rejected(client, token_for):
    response = get_members(client, "realm-a", unsigned_token(claims_of(token_for("realm-a"))))

    assert_rejected(response)
    assert "'none'" in response.json()["detail"]


def test_hs256_token_keyed_with_the_public_key_is_rejected(client, gateway, token_for):
    claims = claims_of(token_for("realm-a"))

    response = get_members(client, "realm-a", hs256_with_public_key(gateway, "realm-a", claims))

    assert_rejected(response)
    assert "HS256" in response.json()["detail"]


def test_expired_token_is_rejected(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", exp=int(time.time()) - 60))

    assert_rejected(response)
    assert response.json()["detail"] == "The token has expired."


def test_token_not_valid_yet_is_rejected(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", nbf=int(time.time()) + 600))

    assert_rejected(response)


def test_token_of_another_issuer_is_rejected(client, token_for):
    token = token_for("realm-a", iss="https://elsewhere.example/realms/realm-a")

    response = get_members(client, "realm-a", token)

    assert_rejected(response)
    assert "issued" in response.json()["detail"]


def test_realm_a_token_on_a_realm_b_path_is_forbidden(client, token_for):
    response = get_members(client, "realm-b", token_for("realm-a"))

    assert_rejected(response, status=403)
    assert "realm-b__" not in response.content.decode()


def test_forged_token_naming_another_realm_is_unauthenticated_not_forbidden(
    client, gateway, token_for
):
    kid = str(gateway.signing_key("realm-a").kid)
    forger = RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256"})

    response = get_members(client, "realm-b", token_for("realm-a", key=forger))

    assert_rejected(response)
    assert "realm-a" not in response.json()["detail"]


def test_forged_token_is_not_logged_as_another_realms(client, caplog, gateway, token_for):
    forger = RSAKey.generate_key(2048, parameters={"kid": "forged", "alg": "RS256"})

    with caplog.at_level(logging.WARNING, logger="aether_kit.gateway"):
        get_members(client, "realm-b", token_for("realm-a", key=forger))

    assert "wrong_realm" not in caplog.text


def test_token_naming_a_realm_whose_keys_cannot_be_had_is_unauthenticated(
    client, gateway, token_for
):
    token = token_for("realm-a", iss=gateway.issuer("nowhere"))

    response = get_members(client, "realm-b", token)

    assert_rejected(response)
    assert "nowhere" not in response.json()["detail"]


def test_realm_a_token_claiming_realm_b_as_issuer_fails_the_signature(client, gateway, token_for):
    token = token_for("realm-a", iss=f"{gateway.server_url}/realm-b")

    response = get_members(client, "realm-b", token)

    assert_rejected(response)


def test_tampered_token_fails_the_signature(client, token_for):
    header, _payload, signature = token_for("realm-a").split(".")
    other_payload = token_for("realm-a", preferred_username="admin").split(".")[1]

    response = get_members(client, "realm-a", f"{header}.{other_payload}.{signature}")

    assert_rejected(response)
    assert "signature" in response.json()["detail"]


def test_unknown_kid_is_rejected_after_one_refetch(client, settings, gateway, token_for):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 0
    get_members(client, "realm-a", token_for("realm-a"))  # keys cached
    view_calls.clear()
    stranger = RSAKey.generate_key(2048, parameters={"kid": "not-published", "alg": "RS256"})
    fetched_before = gateway.calls("certs", realm="realm-a")

    response = get_members(client, "realm-a", token_for("realm-a", key=stranger))

    assert_rejected(response)
    assert "unknown key" in response.json()["detail"]
    assert gateway.calls("certs", realm="realm-a") == fetched_before + 1


def test_id_token_is_not_an_access_token(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", typ="ID"))

    assert_rejected(response)


def test_token_without_a_type_is_rejected(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", typ=None))

    assert_rejected(response)


def test_an_access_token_typed_by_its_header_passes(client, token_for):
    """RFC 9068: ``typ: at+jwt`` in the header, no ``typ`` claim (standard providers)."""
    token = token_for("realm-a", typ=None, header={"typ": "at+jwt"})

    response = get_members(client, "realm-a", token)

    assert response.status_code == 200


def test_an_id_token_in_an_access_tokens_clothes_is_refused(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", typ="ID", header={"typ": "JWT"}))

    assert_rejected(response)


def test_refresh_token_is_not_an_access_token(client, token_for):
    response = get_members(client, "realm-a", token_for("realm-a", typ="Refresh"))

    assert_rejected(response)


def test_oversized_token_is_rejected_before_parsing(client, token_for):
    token = token_for("realm-a", padding="x" * 20_000)

    response = get_members(client, "realm-a", token)

    assert_rejected(response)
    assert "longer than" in response.json()["detail"]


@pytest.mark.parametrize(
    "claims",
    [{"exp": None}, {"exp": "9999999999"}, {"iat": 9_999_999_999}, {"exp": True}],
    ids=["no-exp", "exp-as-string", "iat-far-future", "exp-as-bool"],
)
def test_token_with_unusable_times_is_rejected(client, token_for, claims):
    response = get_members(client, "realm-a", token_for("realm-a", **claims))

    assert_rejected(response)


@pytest.mark.parametrize(
    "issuer_suffix", ["/realm-a/", "/REALM-A", "/realm-a/../realm-a", "/realm-a?x=1"]
)
def test_issuer_lookalikes_are_rejected(client, gateway, token_for, issuer_suffix):
    token = token_for("realm-a", iss=gateway.issuer_base + issuer_suffix)

    response = get_members(client, "realm-a", token)

    assert_rejected(response)


@pytest.mark.parametrize("injected", ["jwk", "jku", "x5u"])
def test_key_named_in_the_token_header_is_never_used(client, token_for, injected):
    attacker = RSAKey.generate_key(2048, parameters={"kid": "attacker", "alg": "RS256"})
    header = {
        "jwk": attacker.as_dict(private=False),
        "jku": "http://127.0.0.1:1/certs",
        "x5u": "http://127.0.0.1:1/cert.pem",
    }
    token = token_for("realm-a", key=attacker, header={injected: header[injected]})

    assert_rejected(get_members(client, "realm-a", token))


def test_kid_path_tricks_name_no_key(client, token_for):
    attacker = RSAKey.generate_key(2048, parameters={"kid": "../../certs", "alg": "RS256"})

    assert_rejected(get_members(client, "realm-a", token_for("realm-a", key=attacker)))


def test_es256_token_is_refused_for_an_rsa_key(client, gateway, token_for):
    from joserfc.jwk import ECKey

    kid = str(gateway.signing_key("realm-a").kid)
    forged = ECKey.generate_key("P-256", parameters={"kid": kid, "alg": "ES256"})

    response = get_members(client, "realm-a", token_for("realm-a", key=forged))

    assert_rejected(response)
    assert "not meant for ES256" in response.json()["detail"]


def test_token_in_the_query_string_does_not_authenticate(client, gateway, token_for):
    token = token_for("realm-a")

    response = client.get(gateway_url("realm-a", "members"), {"access_token": token})

    assert response.status_code == 401


def test_audience_is_checked_when_configured(client, settings, token_for):
    settings.GATEWAY_JWT_AUDIENCE = ["svc-api"]

    refused = get_members(client, "realm-a", token_for("realm-a", aud="account"))
    accepted = get_members(client, "realm-a", token_for("realm-a", aud=["account", "svc-api"]))

    assert refused.status_code == 401
    assert accepted.status_code == 200


def test_authorized_party_is_checked_when_configured(client, settings, token_for):
    settings.GATEWAY_JWT_AUTHORIZED_PARTIES = ["portal"]

    refused = get_members(client, "realm-a", token_for("realm-a", azp="eha"))
    accepted = get_members(client, "realm-a", token_for("realm-a", azp="portal"))

    assert refused.status_code == 401
    assert accepted.status_code == 200


def _issued_to(gateway, token_for, client_id):
    """A token naming its client in ``client_id`` (RFC 9068) instead of ``azp``."""
    claims = {**claims_of(token_for("realm-a", azp=None)), "client_id": client_id}
    key = gateway.signing_key("realm-a")
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def test_the_authorized_party_may_be_named_by_client_id(client, settings, gateway, token_for):
    """RFC 9068 access tokens name their client in ``client_id``, not ``azp``."""
    settings.GATEWAY_JWT_AUTHORIZED_PARTIES = ["portal"]

    refused = get_members(client, "realm-a", _issued_to(gateway, token_for, "eha"))
    accepted = get_members(client, "realm-a", _issued_to(gateway, token_for, "portal"))

    assert refused.status_code == 401
    assert accepted.status_code == 200


def _unknown_kid_token(gateway, token_for):
    stranger = RSAKey.generate_key(2048, parameters={"kid": "not-published", "alg": "RS256"})
    return token_for("realm-a", key=stranger)


# (path realm, the token sent or None for no header, the reason code the log line names)
REJECTIONS = {
    "missing": ("realm-a", lambda gateway, token_for: None, "missing_token"),
    "garbled": ("realm-a", lambda gateway, token_for: "this.is-not.a-jwt", "malformed"),
    "alg-none": (
        "realm-a",
        lambda gateway, token_for: unsigned_token(claims_of(token_for("realm-a"))),
        "algorithm_refused",
    ),
    "hs256-with-the-public-key": (
        "realm-a",
        lambda gateway, token_for: hs256_with_public_key(
            gateway, "realm-a", claims_of(token_for("realm-a"))
        ),
        "algorithm_refused",
    ),
    "expired": (
        "realm-a",
        lambda gateway, token_for: token_for("realm-a", exp=int(time.time()) - 60),
        "token_expired",
    ),
    "wrong-issuer": (
        "realm-a",
        lambda gateway, token_for: token_for(
            "realm-a", iss="https://elsewhere.example/realms/realm-a"
        ),
        "issuer",
    ),
    "other-realms-token": (
        "realm-b",
        lambda gateway, token_for: token_for("realm-a"),
        "wrong_realm",
    ),
    "unknown-kid": ("realm-a", _unknown_kid_token, "unknown_key"),
}


def kit_log_lines(caplog) -> list[str]:
    return [
        record.getMessage() for record in caplog.records if record.name.startswith("aether_kit")
    ]


@pytest.mark.parametrize("case", list(REJECTIONS))
def test_each_rejection_writes_one_kit_log_line_with_its_reason_and_without_the_token(
    client, caplog, gateway, token_for, case
):
    realm, make_token, code = REJECTIONS[case]
    token = make_token(gateway, token_for)
    headers = {} if token is None else {HEADER: token}
    for known in ("realm-a", "realm-b"):  # keys fetched beforehand: their log line is not ours
        get_members(client, known, token_for(known))

    caplog.clear()

    with caplog.at_level(logging.INFO, logger="aether_kit"):
        response = client.get(gateway_url(realm, "members"), headers=headers)

    assert response.status_code in (401, 403)
    lines = kit_log_lines(caplog)
    assert len(lines) == 1, lines
    assert f"({code})" in lines[0]
    assert realm in lines[0]
    if token is not None:
        assert token not in caplog.text
        assert all(part not in caplog.text for part in token.split(".") if len(part) > 8)


def test_unreachable_keycloak_is_logged_without_the_token(client, settings, caplog, token_for):
    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.KEYCLOAK_ISSUER_URL = None
    token = token_for("realm-a", iss=f"{settings.KEYCLOAK_SERVER_URL}/realm-a")

    with caplog.at_level(logging.DEBUG):
        get_members(client, "realm-a", token)

    assert caplog.records
    assert token.split(".")[1] not in caplog.text


def test_unreachable_keycloak_answers_503(client, settings, token_for):
    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.KEYCLOAK_ISSUER_URL = None
    token = token_for("realm-a", iss=f"{settings.KEYCLOAK_SERVER_URL}/realm-a")

    response = get_members(client, "realm-a", token)

    assert response.status_code == 503
    assert "identity provider" in response.json()["detail"]


# -- steady state -----------------------------------------------------------------------------


def test_no_provider_call_per_request_after_warm_up(client, gateway, token_for):
    token = token_for("realm-a")
    get_members(client, "realm-a", token)
    gateway.reset_calls()

    statuses = {get_members(client, "realm-a", token).status_code for _ in range(20)}

    assert statuses == {200}
    assert gateway.calls() == 0


def test_issuer_seen_by_clients_is_accepted_when_configured(client, settings, private_gateway):
    private_gateway.issuer_base = "https://gateway.example/auth/realms"
    settings.KEYCLOAK_ISSUER_URL = "https://gateway.example/auth/realms"
    token = private_gateway.issue_token("realm-a", "user")

    response = get_members(client, "realm-a", token)

    assert response.status_code == 200


def test_issuer_seen_by_clients_is_refused_when_not_configured(client, settings, private_gateway):
    private_gateway.issuer_base = "https://gateway.example/auth/realms"
    settings.KEYCLOAK_ISSUER_URL = None
    token = private_gateway.issue_token("realm-a", "user")

    response = get_members(client, "realm-a", token)

    assert_rejected(response)


# -- a dependency that stops answering ---------------------------------------------------------


@pytest.fixture
def keycloak_proxy(settings, gateway):
    """Keycloak's keys fetched through a fault proxy; the tokens' issuer stays the provider's."""
    proxy = FaultProxy.in_front_of(gateway.url)
    settings.KEYCLOAK_ISSUER_URL = gateway.server_url
    settings.KEYCLOAK_SERVER_URL = f"{proxy.url}/realms"
    settings.REQUEST_READ_TIMEOUT = 0.5
    yield proxy
    proxy.close()


def test_a_silent_keycloak_holds_one_request_and_then_none(client, keycloak_proxy, token_for):
    keycloak_proxy.blackhole()
    first = get_members(client, "realm-a", token_for("realm-a"))
    accepted = keycloak_proxy.accepted

    second = get_members(client, "realm-b", token_for("realm-b"))

    assert (first.status_code, second.status_code) == (503, 503)
    assert "identity provider" in second.json()["detail"]
    assert (accepted, keycloak_proxy.accepted) == (1, 1)


def test_keys_are_fetched_again_once_keycloak_answers(client, settings, keycloak_proxy, token_for):
    from aether_kit.external.session import origin_breaker

    settings.DEPENDENCY_BACKOFF = 0.2
    keycloak_proxy.blackhole()
    get_members(client, "realm-a", token_for("realm-a"))
    keycloak_proxy.start()
    wait_for_half_open(origin_breaker(settings.KEYCLOAK_SERVER_URL))

    response = get_members(client, "realm-b", token_for("realm-b"))

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore:The cacheops cache:RuntimeWarning")
def test_a_first_request_of_a_realm_with_redis_silent_asks_redis_once(
    client, redis_fault, token_for
):
    from aether_kit.breaker import OPEN

    redis_fault.proxy.blackhole()

    response = get_members(client, "realm-a", token_for("realm-a"))

    assert response.json() == {"realm": "realm-a", "members": ["realm-a__user"]}
    assert redis_fault.proxy.swallowed == 1  # without the breaker: one per cache call
    assert redis_fault.breaker.state == OPEN
