import sys

from aether_kit.conf import Env, configure_sentry

DSN = "https://public@sentry.example.org/1"


def test_reporting_is_off_without_a_dsn():
    assert configure_sentry(Env({})) == {"SENTRY_DSN": None}


def test_dsn_turns_reporting_on_with_defaults():
    assert configure_sentry(Env({"SENTRY_DSN": DSN})) == {
        "SENTRY_DSN": DSN,
        "SENTRY_ENVIRONMENT": None,
        "SENTRY_RELEASE": None,
        "SENTRY_TRACES_SAMPLE_RATE": 0.0,
        "SENTRY_SEND_DEFAULT_PII": False,
    }


def test_every_option_is_read():
    env = Env(
        {
            "SENTRY_DSN": DSN,
            "SENTRY_ENVIRONMENT": "staging",
            "SENTRY_RELEASE": "kernel@2.0",
            "SENTRY_TRACES_SAMPLE_RATE": "0.25",
            "SENTRY_SEND_DEFAULT_PII": "yes",
        }
    )

    assert configure_sentry(env) == {
        "SENTRY_DSN": DSN,
        "SENTRY_ENVIRONMENT": "staging",
        "SENTRY_RELEASE": "kernel@2.0",
        "SENTRY_TRACES_SAMPLE_RATE": 0.25,
        "SENTRY_SEND_DEFAULT_PII": True,
    }


def test_malformed_values_are_named_without_showing_the_dsn(config_error):
    env = Env({"SENTRY_DSN": "public@sentry.example.org/1", "SENTRY_TRACES_SAMPLE_RATE": "2"})

    error = config_error(configure_sentry, env)

    assert error.names == ["SENTRY_DSN", "SENTRY_TRACES_SAMPLE_RATE"]
    assert "public@sentry" not in str(error)
    assert "SENTRY_DSN: (hidden) is not an absolute" in str(error)


def test_a_dsn_without_sentry_sdk_names_the_extra(config_error, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)

    error = config_error(configure_sentry, Env({"SENTRY_DSN": DSN}))

    assert "pip install 'aether-kit[sentry]'" in str(error)
