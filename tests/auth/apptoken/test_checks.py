import pytest

from aether_kit.auth.apptoken.checks import check_token_proxy_apps

pytestmark = pytest.mark.urls("tests.auth.apptoken.urls")


def test_a_proxy_to_an_app_missing_from_external_apps_is_an_error(external_apps):
    errors = check_token_proxy_apps(None)

    assert [error.id for error in errors] == ["aether_kit.E073"]
    assert "'unknown'" in errors[0].msg
    assert "proxy/unknown/" in errors[0].msg


def test_proxies_to_configured_apps_pass(settings, external_apps):
    settings.EXTERNAL_APPS = {**settings.EXTERNAL_APPS, "unknown": settings.EXTERNAL_APPS["fake"]}

    assert check_token_proxy_apps(None) == []
