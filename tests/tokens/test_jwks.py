"""Realm keys: cached, refetched once on rotation, refetches rate-limited, enc keys ignored."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from joserfc.jwk import RSAKey

from aether_kit.gateway import KeysUnavailable, UnknownRealm, get_jwks_cache
from aether_kit.multitenancy.users import realm_group
from aether_kit.tokens import jwks
from aether_kit.tokens.jws import VerifyingKey
from tests.conftest import OIDC_USER
from tests.gateway.conftest import HEADER, gateway_url

pytestmark = pytest.mark.django_db


def status(client, provider, token, realm="realm-a"):
    return client.get(gateway_url(realm, "members"), headers={HEADER: token}).status_code


def certs_calls(provider):
    return provider.calls("certs", realm="realm-a")


@pytest.fixture
def cache(private_gateway):
    return get_jwks_cache(private_gateway.endpoint("realm-a", "discovery"))


def test_keys_are_fetched_once_for_many_tokens(client, private_gateway):
    for _ in range(3):
        status(client, private_gateway, private_gateway.issue_token("realm-a", OIDC_USER))

    assert certs_calls(private_gateway) == 1


def test_rotated_key_is_fetched_once_and_accepted(client, monkeypatch, cache, private_gateway):
    provider = private_gateway
    old_token = provider.issue_token("realm-a", OIDC_USER)
    assert status(client, provider, old_token) == 200
    later = cache._fetched_at + 60  # past the refetch interval, well inside the TTL
    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: later)

    provider.rotate_keys("realm-a")
    new_token = provider.issue_token("realm-a", OIDC_USER)

    assert status(client, provider, new_token) == 200
    assert status(client, provider, new_token) == 200
    assert status(client, provider, old_token) == 200
    assert certs_calls(provider) == 2


def test_refetches_for_unknown_kids_are_rate_limited(client, settings, private_gateway):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 3600
    provider = private_gateway
    status(client, provider, provider.issue_token("realm-a", OIDC_USER))

    statuses = [
        status(client, provider, provider.issue_token("realm-a", OIDC_USER, key=stranger))
        for stranger in (
            RSAKey.generate_key(2048, parameters={"kid": f"made-up-{n}", "alg": "RS256"})
            for n in range(3)
        )
    ]

    assert statuses == [401, 401, 401]
    assert certs_calls(provider) == 1


def test_rotation_inside_the_refetch_interval_waits_for_it(client, settings, private_gateway):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 3600
    provider = private_gateway
    status(client, provider, provider.issue_token("realm-a", OIDC_USER))

    provider.rotate_keys("realm-a")

    assert status(client, provider, provider.issue_token("realm-a", OIDC_USER)) == 401
    assert certs_calls(provider) == 1


def test_keys_published_without_the_old_one_stop_old_tokens(client, settings, private_gateway):
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 0  # no waiting between refetches
    provider = private_gateway
    old_token = provider.issue_token("realm-a", OIDC_USER)
    status(client, provider, old_token)

    provider.rotate_keys("realm-a", keep_old=False)
    status(client, provider, provider.issue_token("realm-a", OIDC_USER))  # learns the new set

    assert status(client, provider, old_token) == 401


def test_stale_keys_are_refetched_after_the_ttl(settings, monkeypatch, cache, private_gateway):
    kid = private_gateway.published_kids("realm-a")[0]
    cache.get_key(kid)
    clock = cache._fetched_at

    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: clock + 601)
    cache.get_key(kid)

    assert certs_calls(private_gateway) == 2


def test_known_keys_stay_in_use_while_keycloak_is_down(monkeypatch, cache, private_gateway):
    kid = private_gateway.published_kids("realm-a")[0]
    cache.get_key(kid)
    clock = cache._fetched_at
    private_gateway.stop()

    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: clock + 601)

    assert cache.get_key(kid) is not None


def test_no_keys_and_keycloak_down_raises_keys_unavailable(private_gateway):
    cache = get_jwks_cache(private_gateway.endpoint("realm-a", "certs"))
    private_gateway.stop()

    with pytest.raises(KeysUnavailable):
        cache.get_key("any")


def test_unknown_kid_while_keycloak_is_down_raises_keys_unavailable(
    monkeypatch, cache, private_gateway
):
    cache.get_key(private_gateway.published_kids("realm-a")[0])
    clock = cache._fetched_at
    private_gateway.stop()
    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: clock + 60)

    with pytest.raises(KeysUnavailable):
        cache.get_key("rotated-in-while-down")


def test_caches_of_made_up_realms_are_bounded(monkeypatch):
    monkeypatch.setattr("aether_kit.tokens.jwks.MAX_CACHES", 3)

    caches = [get_jwks_cache(f"http://keycloak/realms/r{n}/certs") for n in range(5)]

    assert get_jwks_cache("http://keycloak/realms/r4/certs") is caches[4]
    assert get_jwks_cache("http://keycloak/realms/r0/certs") is not caches[0]


def send_tokens_of_invented_realms(client, provider, count):
    """Well-formed tokens of realms nobody created, each on its own realm's path."""
    statuses = []
    for n in range(count):
        realm = f"invented-{n}"
        token = provider.issue_token("realm-a", OIDC_USER, iss=provider.issuer(realm))
        statuses.append(status(client, provider, token, realm=realm))
    return statuses


@pytest.fixture
def two_first_fetches(monkeypatch, settings):
    """Room for two first fetches of never-seen realms' keys in a long interval."""
    monkeypatch.setattr("aether_kit.tokens.jwks.MAX_FIRST_FETCHES", 2)
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 3600


def test_a_realm_keycloak_does_not_have_is_a_401(client, private_gateway):
    statuses = send_tokens_of_invented_realms(client, private_gateway, 1)

    assert statuses == [401]


def test_a_realm_keycloak_does_not_have_is_logged_once_at_warning(client, caplog, private_gateway):
    send_tokens_of_invented_realms(client, private_gateway, 1)

    levels = [record.levelname for record in caplog.records if record.levelno >= logging.WARNING]
    assert levels == ["WARNING"]
    assert "unknown_realm" in caplog.records[-1].getMessage()


def test_an_unknown_realm_is_remembered_without_asking_keycloak_again(client, private_gateway):
    for _ in range(3):
        send_tokens_of_invented_realms(client, private_gateway, 1)

    assert private_gateway.calls(realm="invented-0") == 1


def test_an_unknown_realm_is_asked_again_after_its_negative_ttl(
    client, monkeypatch, settings, private_gateway
):
    settings.GATEWAY_JWKS_UNKNOWN_REALM_TTL = 60
    send_tokens_of_invented_realms(client, private_gateway, 1)
    private_gateway.add_realm("invented-0")  # created in Keycloak meanwhile
    later = time.monotonic() + 61
    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: later)

    token = private_gateway.issue_token("invented-0", OIDC_USER)

    assert status(client, private_gateway, token, realm="invented-0") == 200


def test_a_realm_keycloak_deleted_loses_its_keys(client, monkeypatch, cache, private_gateway):
    kid = private_gateway.published_kids("realm-a")[0]
    cache.get_key(kid)
    later = cache._fetched_at + 601  # the keys are stale: the next token refetches them
    private_gateway._realms.pop("realm-a")
    monkeypatch.setattr("aether_kit.tokens.jwks.time.monotonic", lambda: later)

    with pytest.raises(UnknownRealm):
        cache.get_key(kid)
    assert cache.kids == []


def test_a_brand_new_realm_verifies_after_invented_realms_spent_the_first_fetches(
    client, two_first_fetches, private_gateway
):
    send_tokens_of_invented_realms(client, private_gateway, 3)
    private_gateway.add_realm("brand-new")  # no group here: nobody of it came before

    token = private_gateway.issue_token("brand-new", OIDC_USER)

    assert status(client, private_gateway, token, realm="brand-new") == 200


def test_first_fetches_beyond_the_budget_go_one_at_a_time(
    client, settings, two_first_fetches, private_gateway
):
    send_tokens_of_invented_realms(client, private_gateway, 2)  # the budget
    settings.REQUEST_CONNECT_TIMEOUT, settings.REQUEST_READ_TIMEOUT = 0.05, 0.05
    with jwks._stranger_lock:  # another stranger's fetch in flight
        token = private_gateway.issue_token("realm-a", OIDC_USER, iss=private_gateway.issuer("x"))
        answer = status(client, private_gateway, token, realm="x")

    assert (answer, private_gateway.calls(realm="x")) == (503, 0)


def test_a_real_realms_first_fetch_gives_its_draw_back(
    client, monkeypatch, settings, private_gateway
):
    monkeypatch.setattr("aether_kit.tokens.jwks.MAX_FIRST_FETCHES", 1)
    settings.GATEWAY_JWKS_MIN_REFETCH_INTERVAL = 3600
    status(client, private_gateway, private_gateway.issue_token("realm-a", OIDC_USER))
    settings.REQUEST_CONNECT_TIMEOUT, settings.REQUEST_READ_TIMEOUT = 0.05, 0.05
    with jwks._stranger_lock:  # no turn beyond the budget: only the budget lets it through
        statuses = send_tokens_of_invented_realms(client, private_gateway, 1)

    assert statuses == [401]


def test_a_known_realm_verifies_after_invented_realms_spent_the_first_fetches(
    client, two_first_fetches, private_gateway
):
    realm_group("realm-a")  # a user of realm-a has been here before
    send_tokens_of_invented_realms(client, private_gateway, 3)

    assert status(client, private_gateway, private_gateway.issue_token("realm-a", OIDC_USER)) == 200


def test_caches_that_hold_keys_outlive_those_of_realms_without_keys(monkeypatch, cache):
    monkeypatch.setattr("aether_kit.tokens.jwks.MAX_CACHES", 3)
    cache.get_key("any")  # realm-a's keys, fetched first and so the oldest cache

    for n in range(5):
        get_jwks_cache(f"http://keycloak/realms/invented-{n}/certs")

    assert get_jwks_cache(cache.url) is cache


def test_encryption_keys_are_ignored(cache, private_gateway):
    cache.get_key("any")

    assert cache.kids == private_gateway.published_kids("realm-a")
    assert len(private_gateway.jwks("realm-a")["keys"]) == 2


def test_symmetric_and_malformed_entries_are_skipped(cache):
    signing = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig"})
    document = {
        "keys": [
            {"kty": "oct", "kid": "secret", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"},
            {"kty": "RSA", "kid": "broken", "use": "sig", "n": "??", "e": "AQAB"},
            {"kty": "RSA", "use": "sig"},
            signing.as_dict(private=False),
        ]
    }

    assert list(cache.parse(document)) == ["good"]


@pytest.mark.filterwarnings("ignore:Key size should be:UserWarning")
def test_short_rsa_keys_and_keys_not_for_verifying_are_skipped_with_a_warning(cache, caplog):
    short = RSAKey.generate_key(1024, parameters={"kid": "short", "use": "sig"})
    signing = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig"})
    wrapping = {**signing.as_dict(private=False), "kid": "wrap", "key_ops": ["wrapKey"]}
    document = {"keys": [short.as_dict(private=False), wrapping, signing.as_dict(private=False)]}

    with caplog.at_level(logging.WARNING, logger="aether_kit.tokens.jwks"):
        assert list(cache.parse(document)) == ["good"]
    assert "2048 to 16384 bits" in caplog.text
    assert "key_ops" in caplog.text


def test_threads_on_a_cold_cache_share_one_fetch(cache, private_gateway):
    kid = private_gateway.published_kids("realm-a")[0]
    start = threading.Barrier(8)

    def look_up():
        start.wait()
        return cache.get_key(kid)

    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda _: look_up(), range(8)))

    assert all(key is not None for key in keys)
    assert certs_calls(private_gateway) == 1


@pytest.mark.parametrize("code", [500, 503, 429])
def test_a_5xx_or_too_many_requests_is_keys_unavailable_not_an_unknown_realm(fake_app, code):
    cache = get_jwks_cache(f"{fake_app.url}/status/{code}")

    with pytest.raises(KeysUnavailable):
        cache.get_key("any")
    assert not cache.is_unknown


@pytest.mark.parametrize("code", [404, 403, 410])
def test_a_4xx_is_an_unknown_realm(fake_app, code):
    cache = get_jwks_cache(f"{fake_app.url}/status/{code}")

    with pytest.raises(UnknownRealm):
        cache.get_key("any")


def test_public_key_is_the_kits_own_verifying_key():
    assert jwks.PublicKey is VerifyingKey
