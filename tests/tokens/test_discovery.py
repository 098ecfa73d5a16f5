"""A realm's discovery document: fetched once, 404 is "no such realm", URLs moved between hosts."""

import pytest

from aether_kit.tokens.discovery import (
    DiscoveryUnavailable,
    clear_discovery_cache,
    discovery_url,
    fetch_discovery,
    to_public_url,
    to_server_url,
)
from tests.services import closed_port

INTERNAL = "http://keycloak:8080/realms"
PUBLIC = "https://login.example.org/realms"


@pytest.fixture(autouse=True)
def _forget_documents():
    clear_discovery_cache()
    yield
    clear_discovery_cache()


@pytest.fixture
def two_hosts(settings):
    settings.KEYCLOAK_SERVER_URL = INTERNAL
    settings.KEYCLOAK_ISSUER_URL = PUBLIC


def test_a_url_published_on_the_public_host_is_called_on_the_internal_one(two_hosts):
    assert to_server_url(f"{PUBLIC}/eha/jwks") == f"{INTERNAL}/eha/jwks"


def test_a_url_published_on_the_internal_host_is_sent_to_browsers_on_the_public_one(two_hosts):
    assert to_public_url(f"{INTERNAL}/eha/auth") == f"{PUBLIC}/eha/auth"


def test_a_url_on_neither_host_is_left_alone(two_hosts):
    assert to_server_url("https://elsewhere.example/realms/eha/jwks") == (
        "https://elsewhere.example/realms/eha/jwks"
    )


def test_a_host_that_only_starts_like_ours_is_not_ours(two_hosts):
    assert to_server_url(f"{PUBLIC}-evil/eha") == f"{PUBLIC}-evil/eha"


def test_the_document_is_fetched_once(oidc_provider, settings):
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    before = oidc_provider.calls("discovery", realm="realm-a")

    for _ in range(3):
        document = fetch_discovery(discovery_url("realm-a"))

    assert document is not None
    assert document["issuer"] == oidc_provider.issuer("realm-a")
    assert oidc_provider.calls("discovery", realm="realm-a") == before + 1


def test_an_unknown_realm_has_no_document_and_is_asked_again(oidc_provider, settings):
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    before = oidc_provider.calls("discovery", realm="nowhere")

    answers = [fetch_discovery(discovery_url("nowhere")) for _ in range(2)]

    assert answers == [None, None]
    assert oidc_provider.calls("discovery", realm="nowhere") == before + 2


def test_an_unreachable_provider_is_unavailable(settings):
    settings.KEYCLOAK_SERVER_URL = f"http://127.0.0.1:{closed_port()}/realms"
    settings.REQUEST_ERROR_RETRIES = 1

    with pytest.raises(DiscoveryUnavailable):
        fetch_discovery(discovery_url("eha"))
