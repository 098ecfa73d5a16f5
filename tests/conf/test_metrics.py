import pytest

from aether_kit.conf import Env, EnvError, configure_metrics
from aether_kit.conf.metrics import METRICS_MIDDLEWARE_FIRST, METRICS_MIDDLEWARE_LAST

MIDDLEWARE = ["aether_kit.ops.request_id.RequestIdMiddleware", "app.Middleware"]


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
        METRICS_MIDDLEWARE_FIRST,
        *MIDDLEWARE,
        *METRICS_MIDDLEWARE_LAST,
    ]


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
