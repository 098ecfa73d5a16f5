import pytest
from django.test import override_settings

from aether_kit.external import checks
from aether_kit.external.checks import check_external_apps


def ids(settings_value, settings):
    settings.EXTERNAL_APPS = settings_value
    return [message.id for message in check_external_apps(None)]


def test_well_formed_apps_pass(settings):
    app = {"url": "http://kernel", "token": "t", "test": {"url": "http://k", "token": "t"}}

    assert ids({"kernel": app}, settings) == []


def test_external_apps_that_is_not_a_dict_is_an_error(settings):
    assert ids(["kernel"], settings) == ["aether_kit.E070"]


def test_an_app_name_that_cannot_be_a_variable_is_an_error(settings):
    assert ids({"my app": {"url": "http://a", "token": "t"}}, settings) == ["aether_kit.E071"]


def test_a_missing_token_and_a_relative_url_are_errors(settings):
    assert ids({"kernel": {"url": "kernel:8000"}}, settings) == [
        "aether_kit.E072",
        "aether_kit.E072",
    ]


def test_a_broken_test_section_is_an_error(settings):
    app = {"url": "http://kernel", "token": "t", "test": {"url": "http://k"}}

    assert ids({"kernel": app}, settings) == ["aether_kit.E072"]


def check_ids(check):
    return [message.id for message in check(None)]


# -- outbound HTTP (E008, E009) ----------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, "5", None, True])
def test_a_timeout_that_is_not_a_positive_number_is_e008(value):
    with override_settings(REQUEST_CONNECT_TIMEOUT=value):
        assert check_ids(checks.check_request_settings) == ["aether_kit.E008"]


@pytest.mark.parametrize("value", [0, 11, "3", 2.0, False])
def test_attempts_outside_one_to_ten_are_e009(value):
    with override_settings(REQUEST_ERROR_RETRIES=value):
        assert check_ids(checks.check_request_settings) == ["aether_kit.E009"]


@pytest.mark.parametrize("value", [-1, "10", None, True])
def test_a_backoff_that_is_not_a_number_of_seconds_is_e018(value):
    with override_settings(DEPENDENCY_BACKOFF=value):
        assert check_ids(checks.check_request_settings) == ["aether_kit.E018"]


def test_sane_outbound_settings_pass():
    with override_settings(
        REQUEST_CONNECT_TIMEOUT=1, REQUEST_READ_TIMEOUT=2.5, REQUEST_ERROR_RETRIES=1
    ):
        assert check_ids(checks.check_request_settings) == []
