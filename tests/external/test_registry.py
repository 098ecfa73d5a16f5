import pytest

from aether_kit.external import ExternalApp, UnknownExternalApp, get_external_app

APPS = {
    "kernel": {
        "url": "http://kernel",
        "token": "live-token",
        "test": {"url": "http://kernel-test", "token": "test-token"},
    }
}


@pytest.fixture
def kernel_settings(settings):
    settings.EXTERNAL_APPS = APPS
    return settings


def test_testing_picks_the_test_url_and_token(kernel_settings):
    kernel_settings.TESTING = True

    app = get_external_app("kernel")

    assert (app.url, app.token) == ("http://kernel-test", "test-token")


def test_outside_testing_the_regular_url_and_token_are_used(kernel_settings):
    kernel_settings.TESTING = False

    app = get_external_app("kernel")

    assert (app.url, app.token) == ("http://kernel", "live-token")


def test_an_unknown_name_raises_and_names_the_configured_apps(kernel_settings):
    with pytest.raises(UnknownExternalApp, match="kernel"):
        get_external_app("odk")


def test_the_token_never_appears_in_the_repr():
    app = ExternalApp(name="kernel", url="http://kernel", token="live-token")

    assert "live-token" not in repr(app)


def test_the_realm_placeholder_takes_the_given_realm():
    app = ExternalApp(name="kernel", url="http://gateway/{realm}/kernel/", token="t")

    assert app.base_url("north") == "http://gateway/north/kernel"


def test_without_a_realm_the_placeholder_takes_the_public_realm(settings):
    settings.GATEWAY_PUBLIC_REALM = "-"
    app = ExternalApp(name="kernel", url="http://gateway/{realm}/kernel", token="t")

    assert app.token_url() == "http://gateway/-/kernel/token"


def test_url_for_joins_the_path_with_one_slash():
    app = ExternalApp(name="kernel", url="http://kernel/", token="t")

    assert app.url_for("/entities/1") == "http://kernel/entities/1"
