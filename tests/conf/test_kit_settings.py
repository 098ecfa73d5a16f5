import pytest
from django.test import override_settings

from aether_kit.conf import DEFAULTS, Env, configure_app, kit_settings


@pytest.mark.parametrize(
    "name", ["MULTITENANCY", "DEFAULT_REALM", "REALM_COOKIE", "GATEWAY_SERVICE_ID"]
)
def test_an_option_missing_from_settings_has_its_documented_default(settings, name):
    if hasattr(settings, name):
        delattr(settings, name)

    assert getattr(kit_settings, name) == DEFAULTS[name]


def test_an_option_in_settings_wins_over_the_default():
    with override_settings(DEFAULT_REALM="kernel"):
        assert kit_settings.DEFAULT_REALM == "kernel"


def test_a_changed_setting_is_seen_without_invalidation():
    with override_settings(APP_NAME="first"):
        assert kit_settings.APP_NAME == "first"
    with override_settings(APP_NAME="second"):
        assert kit_settings.APP_NAME == "second"


def test_app_name_html_falls_back_to_app_name():
    with override_settings(APP_NAME="Kernel", APP_NAME_HTML=None):
        assert kit_settings.APP_NAME_HTML == "Kernel"


def test_app_name_html_is_kept_when_set():
    with override_settings(APP_NAME="Kernel", APP_NAME_HTML="<b>Kernel</b>"):
        assert kit_settings.APP_NAME_HTML == "<b>Kernel</b>"


def test_an_unknown_option_is_an_attribute_error():
    with pytest.raises(AttributeError, match="'NOT_AN_OPTION' is not an aether_kit setting"):
        _ = kit_settings.NOT_AN_OPTION


def test_dir_lists_every_option():
    assert dir(kit_settings) == sorted(DEFAULTS)


def test_the_defaults_match_what_configure_app_returns_for_an_empty_environment(tmp_path):
    app = configure_app(
        Env(
            {
                "DEBUG": "1",
                "VERSION_FILE": str(tmp_path / "none"),
                "REVISION_FILE": str(tmp_path / "none"),
            }
        )
    )

    shared = set(DEFAULTS) & set(app) - {"APP_NAME_HTML"}
    assert {name: app[name] for name in shared} == {name: DEFAULTS[name] for name in shared}
