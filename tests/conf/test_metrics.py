import pytest

from aether_kit.conf import Env, EnvError, configure_metrics, configure_profiling
from aether_kit.conf.metrics import METRICS_MIDDLEWARE_FIRST, METRICS_MIDDLEWARE_LAST
from aether_kit.conf.optional import REQUEST_ID_MIDDLEWARE
from aether_kit.conf.profiling import SILK_MIDDLEWARE

MIDDLEWARE = [REQUEST_ID_MIDDLEWARE, "app.Middleware"]
BOTH_ON = Env({"METRICS_ENABLED": "yes", "PROFILING_ENABLED": "yes"})


def test_off_by_default_leaving_apps_and_middleware_alone():
    settings = configure_metrics(Env({}), installed_apps=["app"], middleware=MIDDLEWARE)

    assert settings["METRICS_ENABLED"] is False
    assert settings["INSTALLED_APPS"] == ["app"]
    assert settings["MIDDLEWARE"] == MIDDLEWARE


def test_on_it_wraps_the_middleware_and_adds_the_app():
    settings = configure_metrics(
        Env({"METRICS_ENABLED": "yes"}), installed_apps=["app"], middleware=MIDDLEWARE
    )

    assert settings["INSTALLED_APPS"] == ["app", "django_prometheus"]
    assert settings["MIDDLEWARE"] == [
        REQUEST_ID_MIDDLEWARE,
        METRICS_MIDDLEWARE_FIRST,
        "app.Middleware",
        *METRICS_MIDDLEWARE_LAST,
    ]


def test_testing_switches_metrics_off_as_in_aether_sdk():
    settings = configure_metrics(
        Env({"METRICS_ENABLED": "yes", "TESTING": "yes"}),
        installed_apps=["app"],
        middleware=MIDDLEWARE,
    )

    assert settings["METRICS_ENABLED"] is False
    assert settings["MIDDLEWARE"] == MIDDLEWARE


@pytest.mark.parametrize(
    "order",
    [(configure_profiling, configure_metrics), (configure_metrics, configure_profiling)],
    ids=["profiling-first", "metrics-first"],
)
def test_with_profiling_the_request_id_middleware_stays_on_top(order):
    middleware = MIDDLEWARE
    for configure in order:
        middleware = configure(BOTH_ON, middleware=middleware)["MIDDLEWARE"]

    assert middleware[0] == REQUEST_ID_MIDDLEWARE


def test_configured_after_profiling_it_times_silk_too():
    profiled = configure_profiling(BOTH_ON, middleware=MIDDLEWARE)["MIDDLEWARE"]

    middleware = configure_metrics(BOTH_ON, middleware=profiled)["MIDDLEWARE"]

    assert middleware[:3] == [REQUEST_ID_MIDDLEWARE, METRICS_MIDDLEWARE_FIRST, SILK_MIDDLEWARE]


def test_calling_it_twice_adds_nothing_twice():
    env = Env({"METRICS_ENABLED": "yes"})
    once = configure_metrics(env, installed_apps=["app"], middleware=MIDDLEWARE)

    twice = configure_metrics(
        env, installed_apps=once["INSTALLED_APPS"], middleware=once["MIDDLEWARE"]
    )

    assert twice == once


def test_token_and_realm_cap_are_read():
    settings = configure_metrics(
        Env({"METRICS_ENABLED": "1", "METRICS_TOKEN": "t" * 32, "METRICS_MAX_REALMS": "7"})
    )

    assert (settings["METRICS_TOKEN"], settings["METRICS_MAX_REALMS"]) == ("t" * 32, 7)


def test_a_short_token_and_a_bad_cap_are_named_together():
    with pytest.raises(EnvError) as error:
        configure_metrics(
            Env({"METRICS_ENABLED": "1", "METRICS_TOKEN": "short", "METRICS_MAX_REALMS": "0"})
        )

    assert set(error.value.names) == {"METRICS_TOKEN", "METRICS_MAX_REALMS"}
    assert "short" not in str(error.value)
