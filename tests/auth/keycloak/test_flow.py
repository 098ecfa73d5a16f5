import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from aether_kit.auth.keycloak.flow import (
    FLOW_LIFETIME,
    MAX_PENDING_FLOWS,
    LoginFlow,
    code_challenge,
    new_code_verifier,
    pop_flow,
    save_flow,
)


@pytest.fixture
def session():
    return SessionStore()


def make_flow(**overrides):
    return LoginFlow(realm="eha", redirect_uri="http://testserver/accounts/callback", **overrides)


def test_the_challenge_follows_rfc_7636_appendix_b():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_a_verifier_has_the_length_rfc_7636_allows():
    assert 43 <= len(new_code_verifier()) <= 128


def test_every_flow_has_its_own_state_nonce_and_verifier():
    first, second = make_flow(), make_flow()

    assert first.state != second.state
    assert first.nonce != second.nonce
    assert first.code_verifier != second.code_verifier


def test_the_repr_hides_the_nonce_and_the_verifier():
    flow = make_flow()

    assert flow.code_verifier not in repr(flow)
    assert flow.nonce not in repr(flow)


def test_a_saved_flow_comes_back_once(session):
    flow = make_flow(next_url="/projects/")
    save_flow(session, flow)

    assert pop_flow(session, flow.state) == flow
    assert pop_flow(session, flow.state) is None


def test_an_unknown_state_finds_nothing(session):
    save_flow(session, make_flow())

    assert pop_flow(session, "forged") is None


def test_a_missing_state_finds_nothing(session):
    save_flow(session, make_flow())

    assert pop_flow(session, None) is None


def test_an_expired_flow_is_not_returned(session):
    flow = make_flow(started_at=make_flow().started_at - FLOW_LIFETIME - 1)
    save_flow(session, flow)

    assert pop_flow(session, flow.state) is None


def test_flows_started_in_several_tabs_are_all_kept(session):
    first, second = make_flow(), make_flow()
    save_flow(session, first)
    save_flow(session, second)

    assert pop_flow(session, first.state) == first
    assert pop_flow(session, second.state) == second


def test_only_the_newest_flows_are_kept(session):
    flows = [make_flow(started_at=make_flow().started_at + index) for index in range(7)]
    for flow in flows:
        save_flow(session, flow)

    kept = [flow for flow in flows if pop_flow(session, flow.state) is not None]

    assert kept == flows[-MAX_PENDING_FLOWS:]
