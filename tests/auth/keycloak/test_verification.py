"""The tokens of a sign-in are verified with the gateway's rules plus a login's own."""

import pytest

from aether_kit.auth.keycloak.verification import ACCESS_TOKEN, ID_TOKEN, KeycloakTokenVerifier
from aether_kit.tokens.verifier import TokenRejected


def verifier(provider, token_type):
    return KeycloakTokenVerifier(
        token_type,
        client_id="eha",
        issuer=provider.issuer("eha"),
        jwks_url=provider.endpoint("eha", "certs"),
    )


@pytest.fixture
def id_tokens(keycloak):
    return verifier(keycloak, ID_TOKEN)


@pytest.fixture
def access_tokens(keycloak):
    return verifier(keycloak, ACCESS_TOKEN)


def id_token(provider, **claims):
    return provider.issue_token("eha", "user", **{"typ": "ID", "aud": "eha", **claims})


def test_an_id_token_for_our_client_passes(keycloak, id_tokens):
    claims = id_tokens.verify(id_token(keycloak, nonce="n"), "eha")

    assert claims["nonce"] == "n"


def test_an_id_token_for_another_client_is_refused(keycloak, id_tokens):
    with pytest.raises(TokenRejected, match="aud"):
        id_tokens.verify(id_token(keycloak, aud="another-client", azp=None), "eha")


def test_an_access_token_is_not_an_id_token(keycloak, id_tokens):
    with pytest.raises(TokenRejected, match="type ID"):
        id_tokens.verify(keycloak.issue_token("eha", "user", aud="eha"), "eha")


def test_an_id_token_is_not_an_access_token(keycloak, access_tokens):
    with pytest.raises(TokenRejected, match="type Bearer"):
        access_tokens.verify(id_token(keycloak), "eha")


def test_an_access_token_of_our_client_passes(keycloak, access_tokens):
    claims = access_tokens.verify(keycloak.issue_token("eha", "user"), "eha")

    assert claims["preferred_username"] == "user"


def test_an_access_token_issued_to_another_client_is_refused(keycloak, access_tokens):
    with pytest.raises(TokenRejected, match="azp"):
        access_tokens.verify(keycloak.issue_token("eha", "user", client_id="other"), "eha")


def test_a_token_of_another_realm_is_refused(keycloak, access_tokens):
    with pytest.raises(TokenRejected, match="realm-a"):
        access_tokens.verify(keycloak.issue_token("realm-a", "user"), "eha")


def test_an_expired_token_is_refused(keycloak, access_tokens):
    with pytest.raises(TokenRejected, match="expired"):
        access_tokens.verify(keycloak.issue_token("eha", "user", lifetime=-600), "eha")
