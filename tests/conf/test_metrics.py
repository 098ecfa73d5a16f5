import pytest

from aether_kit.conf import Env, EnvError, configure_metrics, kit_apps, kit_middleware


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


def test_testing_switches_metrics_off_as_in_aether_sdk():
    settings = configure_metrics(Env({"METRICS_ENABLED": "yes", "TESTING": "yes"}))

    assert settings["METRICS_ENABLED"] is False


def test_testing_leaves_prometheus_out_of_the_apps_and_the_middleware():
    env = Env({"METRICS_ENABLED": "yes", "TESTING": "yes"})

    assert "django_prometheus" not in kit_apps(env)
    assert not [m for m in kit_middleware(env) if "prometheus" in m]
