import pytest

from aether_kit.conf import Env, EnvError, configure_external_apps


def configure(**environ: str) -> dict:
    return configure_external_apps(Env(environ))["EXTERNAL_APPS"]


def test_no_external_apps_gives_an_empty_dict():
    assert configure() == {}


def test_an_app_reads_url_and_token_from_its_upper_case_prefix():
    apps = configure(EXTERNAL_APPS="app-1", APP_1_URL="http://app-1/", APP_1_TOKEN="secret")

    assert apps["app-1"]["url"] == "http://app-1"
    assert apps["app-1"]["token"] == "secret"


def test_test_values_default_to_the_regular_ones():
    apps = configure(EXTERNAL_APPS="app-1", APP_1_URL="http://app-1", APP_1_TOKEN="secret")

    assert apps["app-1"]["test"] == {"url": "http://app-1", "token": "secret"}


def test_test_values_are_read_when_set():
    apps = configure(
        EXTERNAL_APPS="app-1",
        APP_1_URL="http://app-1",
        APP_1_TOKEN="secret",
        APP_1_URL_TEST="http://app-1-test",
        APP_1_TOKEN_TEST="test-secret",
    )

    assert apps["app-1"]["test"] == {"url": "http://app-1-test", "token": "test-secret"}


def test_every_missing_variable_of_every_app_is_reported_at_once():
    with pytest.raises(EnvError) as raised:
        configure(EXTERNAL_APPS="app-1, kernel", KERNEL_URL="http://kernel")

    assert sorted(raised.value.names) == ["APP_1_TOKEN", "APP_1_URL", "KERNEL_TOKEN"]


def test_a_name_that_cannot_map_to_variables_is_an_error():
    with pytest.raises(EnvError) as raised:
        configure(EXTERNAL_APPS="1st,my app", **{"1ST_URL": "http://a", "1ST_TOKEN": "t"})

    assert raised.value.names == ["EXTERNAL_APPS", "EXTERNAL_APPS"]
    assert "'1st'" in str(raised.value)
    assert "'my app'" in str(raised.value)


def test_two_names_sharing_a_prefix_are_an_error():
    with pytest.raises(EnvError) as raised:
        configure(EXTERNAL_APPS="app-1,app_1", APP_1_URL="http://app-1", APP_1_TOKEN="secret")

    assert raised.value.names == ["EXTERNAL_APPS"]


def test_a_malformed_url_is_reported_without_the_token():
    with pytest.raises(EnvError) as raised:
        configure(EXTERNAL_APPS="app-1", APP_1_URL="app-1:8000", APP_1_TOKEN="top-secret")

    assert raised.value.names == ["APP_1_URL"]
    assert "top-secret" not in str(raised.value)


def test_a_realm_placeholder_in_the_url_is_accepted():
    apps = configure(
        EXTERNAL_APPS="kernel", KERNEL_URL="http://gateway/{realm}/kernel", KERNEL_TOKEN="t"
    )

    assert apps["kernel"]["url"] == "http://gateway/{realm}/kernel"
