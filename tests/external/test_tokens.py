import logging

import pytest
import requests

from aether_kit.external import (
    ExternalApp,
    get_external_app,
    is_app_reachable,
    is_token_valid,
    request_user_token,
)
from tests.external.servers import TRICKLE_SIZE, trickle, trickle_guard
from tests.fake_external_app import SERVICE_TOKEN

# a hanging app never answers, so a call without a timeout fails this guard; not a speed limit
hang_guard = pytest.mark.timeout(10)


@pytest.fixture
def app(external_apps):
    return get_external_app("fake")


def test_a_healthy_app_is_reachable(app):
    assert is_app_reachable(app) is True


@pytest.mark.parametrize("behaviour", ["rejects", "error"])
def test_an_app_that_misbehaves_is_not_reachable(app, external_apps, behaviour):
    external_apps.behaviour = behaviour

    assert is_app_reachable(app) is False


@hang_guard
def test_an_app_that_hangs_is_not_reachable(app, external_apps):
    external_apps.behaviour = "hangs"

    assert is_app_reachable(app) is False


def test_an_app_that_is_down_is_not_reachable(external_apps):
    assert is_app_reachable(get_external_app("down")) is False


def test_the_probe_sends_no_token_with_head_and_the_service_token_with_get(app, external_apps):
    is_app_reachable(app)

    head, get = external_apps.requests_to("/token")
    assert (head.method, "Authorization" in head.headers) == ("HEAD", False)
    assert (get.method, get.headers["Authorization"]) == ("GET", f"Token {SERVICE_TOKEN}")


def test_the_probe_never_logs_the_service_token(app, external_apps, caplog):
    external_apps.behaviour = "rejects"
    caplog.set_level(logging.DEBUG)

    is_app_reachable(app)

    assert caplog.records
    assert SERVICE_TOKEN not in caplog.text


def test_a_user_token_is_requested_with_the_username(app, external_apps):
    token = request_user_token(app, "north__alice")

    assert token == external_apps.user_tokens["north__alice"]


def test_an_app_that_refuses_gives_no_user_token(app, external_apps):
    external_apps.behaviour = "rejects"

    assert request_user_token(app, "alice") is None


def test_a_known_token_is_valid_and_an_unknown_one_is_not(app, external_apps):
    token = external_apps.issue_token("alice")

    assert is_token_valid(app, token) is True
    assert is_token_valid(app, "forged") is False


@pytest.mark.parametrize(
    "answer", [{"token": "a b"}, {"token": "x" * 256}, {"token": None}, {"token": 7}, ["t"]]
)
def test_an_unusable_token_in_the_answer_gives_none(app, external_apps, answer):
    external_apps.token_answer = answer

    assert request_user_token(app, "alice") is None


@trickle_guard
def test_a_token_answer_trickled_out_ends_in_a_timeout(external_apps):
    with trickle(TRICKLE_SIZE) as url, pytest.raises(requests.Timeout):
        request_user_token(ExternalApp("trickles", url, SERVICE_TOKEN), "alice")
