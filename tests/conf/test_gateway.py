"""configure_gateway: the gateway's switches, validated, every problem named at once."""

from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError, configure_gateway
from aether_kit.conf.gateway import gateway_public_prefix


def test_gateway_is_off_without_a_service_id():
    result = configure_gateway(Env({}))

    assert result["GATEWAY_SERVICE_ID"] is None
    assert result["GATEWAY_ENABLED"] is False
    assert result["GATEWAY_HEADER_TOKEN"] == "X-Oauth-Token"
    assert result["GATEWAY_PUBLIC_REALM"] == "-"
    assert "LOGIN_URL" not in result


def test_token_rules_have_safe_defaults():
    result = configure_gateway(Env({}))

    assert result["GATEWAY_JWT_ALGORITHMS"] == ["RS256", "ES256"]
    assert result["GATEWAY_JWT_AUDIENCE"] is None
    assert result["GATEWAY_JWT_AUTHORIZED_PARTIES"] is None
    assert result["GATEWAY_JWT_LEEWAY"] == 10
    assert result["GATEWAY_JWKS_CACHE_TTL"] == 600
    assert result["GATEWAY_JWKS_MIN_REFETCH_INTERVAL"] == 10.0


def test_the_gateway_is_on_with_a_service_id():
    result = configure_gateway(Env({"GATEWAY_SERVICE_ID": "kernel", "APP_URL": "/eha"}))

    assert result["GATEWAY_ENABLED"] is True
    assert result["GATEWAY_PUBLIC_PATH"] == "-/kernel"


def test_the_public_prefix_is_the_public_realm_and_the_service_id():
    env = Env({"GATEWAY_SERVICE_ID": "kernel", "GATEWAY_PUBLIC_REALM": "public"})

    assert gateway_public_prefix(env) == "public/kernel/"


def test_there_is_no_public_prefix_while_the_gateway_is_off():
    assert gateway_public_prefix(Env({})) is None


def test_audience_and_parties_are_lists():
    env = Env({"GATEWAY_JWT_AUDIENCE": "kernel, account", "GATEWAY_JWT_AUTHORIZED_PARTIES": "ui"})

    result = configure_gateway(env)

    assert result["GATEWAY_JWT_AUDIENCE"] == ["kernel", "account"]
    assert result["GATEWAY_JWT_AUTHORIZED_PARTIES"] == ["ui"]


def test_symmetric_algorithms_are_refused():
    with pytest.raises(EnvError) as error:
        configure_gateway(Env({"GATEWAY_JWT_ALGORITHMS": "RS256,HS256"}))

    assert error.value.names == ["GATEWAY_JWT_ALGORITHMS"]
    assert "HS256" in str(error.value)


def test_every_malformed_variable_is_named_at_once():
    env = Env(
        {
            "GATEWAY_SERVICE_ID": "a/b",
            "GATEWAY_HEADER_TOKEN": "X Token",
            "GATEWAY_JWT_ALGORITHMS": "none",
            "GATEWAY_JWT_LEEWAY": "soon",
            "GATEWAY_JWKS_CACHE_TTL": "0",
            "GATEWAY_JWKS_MIN_REFETCH_INTERVAL": "-1",
        }
    )

    with pytest.raises(EnvError) as error:
        configure_gateway(env)

    assert sorted(error.value.names) == [
        "GATEWAY_HEADER_TOKEN",
        "GATEWAY_JWKS_CACHE_TTL",
        "GATEWAY_JWKS_MIN_REFETCH_INTERVAL",
        "GATEWAY_JWT_ALGORITHMS",
        "GATEWAY_JWT_LEEWAY",
        "GATEWAY_SERVICE_ID",
    ]


def test_the_gateways_logout_url_is_unset_by_default():
    assert configure_gateway(Env({}))["GATEWAY_LOGOUT_URL"] is None


def test_the_gateways_logout_url_is_a_path_or_an_http_url():
    env = Env({"GATEWAY_LOGOUT_URL": "/oidc/callback?logout=/"})

    assert configure_gateway(env)["GATEWAY_LOGOUT_URL"] == "/oidc/callback?logout=/"


def test_a_logout_url_that_is_neither_path_nor_url_is_named():
    with pytest.raises(EnvError) as error:
        configure_gateway(Env({"GATEWAY_LOGOUT_URL": "javascript:alert(1)"}))

    assert error.value.names == ["GATEWAY_LOGOUT_URL"]
