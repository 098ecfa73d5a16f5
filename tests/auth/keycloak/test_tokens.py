import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from aether_kit.auth.keycloak.tokens import SESSION_TOKENS_KEY, SessionTokens

NOW = 1_000_000.0
ANSWER = {
    "access_token": "access",
    "expires_in": 300,
    "refresh_token": "refresh",
    "refresh_expires_in": 1800,
    "id_token": "id",
    "token_type": "Bearer",
}


@pytest.fixture
def tokens():
    return SessionTokens.from_response("eha", ANSWER, now=NOW)


def test_lifetimes_become_timestamps(tokens):
    assert tokens.expires_at == NOW + 300
    assert tokens.refresh_expires_at == NOW + 1800


def test_a_refresh_lifetime_of_zero_never_expires():
    tokens = SessionTokens.from_response("eha", {**ANSWER, "refresh_expires_in": 0}, now=NOW)

    assert tokens.refresh_expires_at is None
    assert tokens.can_refresh(now=NOW + 10**9)


def test_a_fresh_token_does_not_expire_within_the_margin(tokens):
    assert not tokens.expires_within(30, now=NOW + 269)


def test_a_token_inside_the_margin_expires_within_it(tokens):
    assert tokens.expires_within(30, now=NOW + 270)


def test_an_expired_refresh_token_cannot_refresh(tokens):
    assert not tokens.can_refresh(now=NOW + 1800)


def test_without_a_refresh_token_nothing_can_refresh():
    answer = {key: value for key, value in ANSWER.items() if key != "refresh_token"}

    assert not SessionTokens.from_response("eha", answer, now=NOW).can_refresh(now=NOW)


def test_tokens_survive_the_session_round_trip(tokens):
    session = SessionStore()
    tokens.save(session)

    assert SessionTokens.load(session) == tokens


def test_tokens_of_another_shape_count_as_absent():
    session = SessionStore()
    session[SESSION_TOKENS_KEY] = {"token": "old"}

    assert SessionTokens.load(session) is None


def test_clear_removes_the_tokens(tokens):
    session = SessionStore()
    tokens.save(session)
    SessionTokens.clear(session)

    assert SessionTokens.load(session) is None


def test_the_repr_never_shows_a_token():
    answer = {
        **ANSWER,
        "access_token": "A-SECRET",
        "refresh_token": "R-SECRET",
        "id_token": "I-SECRET",
    }

    shown = repr(SessionTokens.from_response("eha", answer, now=NOW))

    assert "SECRET" not in shown
