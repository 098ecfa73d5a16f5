import pytest
from django.utils.module_loading import import_string
from rest_framework.request import Request

from aether_kit.conf import Env, configure_drf


def rest_framework(**variables):
    return configure_drf(Env(variables))["REST_FRAMEWORK"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [("PAGE_SIZE", 10), ("MAX_PAGE_SIZE", 5000), ("HTML_SELECT_CUTOFF", 100)],
)
def test_default(key, expected):
    assert rest_framework()[key] == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [("PAGE_SIZE", "25"), ("MAX_PAGE_SIZE", "250"), ("HTML_SELECT_CUTOFF", "50")],
)
def test_variable_sets_its_setting(variable, value):
    assert rest_framework(**{variable: value})[variable] == int(value)


def test_api_is_authenticated_only_and_paginated_by_the_kit():
    drf = rest_framework()

    assert drf["DEFAULT_PERMISSION_CLASSES"] == ["rest_framework.permissions.IsAuthenticated"]
    assert drf["DEFAULT_PAGINATION_CLASS"] == "aether_kit.drf.pagination.CustomPagination"
    assert drf["DEFAULT_RENDERER_CLASSES"][0] == "rest_framework.renderers.JSONRenderer"


def test_dynamic_fields_warnings_are_suppressed():
    assert configure_drf(Env({}))["DRF_DYNAMIC_FIELDS"] == {"SUPPRESS_CONTEXT_WARNING": True}


def test_every_malformed_size_is_named_in_one_error(config_error):
    env = Env({"PAGE_SIZE": "ten", "MAX_PAGE_SIZE": "0", "HTML_SELECT_CUTOFF": "1.5"})

    error = config_error(configure_drf, env)

    assert error.names == ["PAGE_SIZE", "MAX_PAGE_SIZE", "HTML_SELECT_CUTOFF"]
    assert "PAGE_SIZE: 'ten' is not a whole number" in str(error)
    assert "MAX_PAGE_SIZE: '0' is below the minimum of 1" in str(error)


def test_max_page_size_below_page_size_is_an_error(config_error):
    error = config_error(configure_drf, Env({"PAGE_SIZE": "100", "MAX_PAGE_SIZE": "50"}))

    assert error.names == ["MAX_PAGE_SIZE"]
    assert "50 is smaller than PAGE_SIZE (100)" in str(error)


def test_equal_page_sizes_are_fine():
    assert rest_framework(PAGE_SIZE="50", MAX_PAGE_SIZE="50")["MAX_PAGE_SIZE"] == 50


def test_anonymous_api_calls_are_challenged_with_401_not_refused_with_403(rf):
    classes = configure_drf(Env({}))["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"]

    first = import_string(classes[0])()

    # DRF turns the 403 into a 401 only when the first class names a challenge
    assert first.authenticate_header(Request(rf.get("/projects/"))).startswith("Bearer ")


def test_the_gateway_token_comes_first_then_realm_aware_token_session_and_basic():
    classes = rest_framework()["DEFAULT_AUTHENTICATION_CLASSES"]

    assert classes == [
        "aether_kit.gateway.GatewayAuthentication",
        "aether_kit.auth.authentication.RealmTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "aether_kit.auth.authentication.RealmBasicAuthentication",
    ]
