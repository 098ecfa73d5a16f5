from __future__ import annotations

import pytest

from aether_kit.conf import Env, EnvError, configure_profiling
from aether_kit.conf.profiling import is_active_staff

ON = {"PROFILING_ENABLED": "true"}


def test_profiling_is_off_by_default():
    assert configure_profiling(Env({})) == {"PROFILING_ENABLED": False}


def test_profiles_are_for_active_staff_only():
    result = configure_profiling(Env(ON))

    assert result["SILKY_AUTHENTICATION"] is True
    assert result["SILKY_AUTHORISATION"] is True
    assert result["SILKY_PERMISSIONS"] is is_active_staff


def test_silky_defaults_are_aether_sdk_ones():
    result = configure_profiling(Env(ON))

    expected = {
        "SILKY_PYTHON_PROFILER": False,
        "SILKY_PYTHON_PROFILER_BINARY": True,
        "SILKY_PYTHON_PROFILER_RESULT_PATH": "/tmp/",  # noqa: S108
        "SILKY_META": True,
        "SILKY_MAX_REQUEST_BODY_SIZE": -1,
        "SILKY_MAX_RESPONSE_BODY_SIZE": -1,
        "SILKY_INTERCEPT_PERCENT": 100,
        "SILKY_MAX_RECORDED_REQUESTS": 10000,
        "SILKY_MAX_RECORDED_REQUESTS_CHECK_PERCENT": 10,
    }

    assert {name: result[name] for name in expected} == expected


def test_silky_booleans_accept_false():
    result = configure_profiling(Env({**ON, "SILKY_META": "false"}))

    assert result["SILKY_META"] is False


def test_tokens_are_masked_in_recorded_requests():
    keys = configure_profiling(Env(ON))["SILKY_SENSITIVE_KEYS"]

    assert {"authorization", "x-oauth-token", "password"} <= keys


def test_every_malformed_silky_variable_is_named():
    environment = {
        **ON,
        "SILKY_INTERCEPT_PERCENT": "150",
        "SILKY_MAX_RECORDED_REQUESTS": "many",
        "SILKY_MAX_REQUEST_BODY_SIZE": "-5",
    }

    with pytest.raises(EnvError) as error:
        configure_profiling(Env(environment))

    assert error.value.names == [
        "SILKY_MAX_REQUEST_BODY_SIZE",
        "SILKY_INTERCEPT_PERCENT",
        "SILKY_MAX_RECORDED_REQUESTS",
    ]
