"""kit_apps and kit_middleware: the kit's part of INSTALLED_APPS and MIDDLEWARE, in order."""

from __future__ import annotations

import pytest

from aether_kit.conf import Env, kit_apps, kit_middleware
from aether_kit.conf.metrics import METRICS_MIDDLEWARE_FIRST, METRICS_MIDDLEWARE_LAST
from aether_kit.conf.optional import REQUEST_ID_MIDDLEWARE
from aether_kit.conf.profiling import SILK_MIDDLEWARE
from aether_kit.conf.stack import SYNC_STACK_MIDDLEWARE

AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
REALM = "aether_kit.multitenancy.RealmMiddleware"


def test_with_every_component_off_the_apps_are_cors_and_the_kit():
    assert kit_apps(Env({})) == ["corsheaders", "aether_kit"]


@pytest.mark.parametrize(
    ("switch", "app"),
    [
        ("DJANGO_USE_CACHE", "cacheops"),
        ("SCHEDULER_REQUIRED", "django_rq"),
        ("METRICS_ENABLED", "django_prometheus"),
        ("PROFILING_ENABLED", "silk"),
        ("WEBPACK_REQUIRED", "webpack_loader"),
    ],
)
def test_a_component_switched_on_brings_its_app(switch, app):
    assert kit_apps(Env({switch: "true"})) == ["corsheaders", "aether_kit", app]


def test_the_request_id_middleware_comes_first():
    assert kit_middleware(Env({}))[0] == REQUEST_ID_MIDDLEWARE


def test_the_realm_is_read_after_everything_that_authenticates():
    middleware = kit_middleware(Env({}))

    assert middleware.index(AUTHENTICATION) < middleware.index(
        "aether_kit.gateway.GatewayAuthenticationMiddleware"
    )
    assert middleware.index("aether_kit.auth.keycloak.KeycloakRefreshMiddleware") < (
        middleware.index(REALM)
    )


def test_cors_answers_before_common_middleware():
    middleware = kit_middleware(Env({}))

    assert middleware.index("corsheaders.middleware.CorsMiddleware") < middleware.index(
        "django.middleware.common.CommonMiddleware"
    )


def test_with_metrics_and_profiling_on_prometheus_times_silk_and_everything_else():
    middleware = kit_middleware(Env({"METRICS_ENABLED": "true", "PROFILING_ENABLED": "true"}))

    assert middleware[:3] == [REQUEST_ID_MIDDLEWARE, METRICS_MIDDLEWARE_FIRST, SILK_MIDDLEWARE]
    assert middleware[-3:-1] == METRICS_MIDDLEWARE_LAST


def test_with_the_components_off_their_middleware_is_left_out():
    middleware = kit_middleware(Env({}))

    assert not {METRICS_MIDDLEWARE_FIRST, SILK_MIDDLEWARE, *METRICS_MIDDLEWARE_LAST} & set(
        middleware
    )


def test_the_sync_stack_middleware_comes_last():
    assert kit_middleware(Env({}))[-1] == SYNC_STACK_MIDDLEWARE
    assert kit_middleware(Env({"METRICS_ENABLED": "true"}))[-1] == SYNC_STACK_MIDDLEWARE


def test_asgi_sync_stack_false_leaves_the_sync_stack_middleware_out():
    assert SYNC_STACK_MIDDLEWARE not in kit_middleware(Env({"ASGI_SYNC_STACK": "false"}))
