from django.conf import settings
from django.test import override_settings

from aether_kit.auth import checks


def check_ids(check):
    return [message.id for message in check(None)]


# -- DRF token authentication (E005) -----------------------------------------------------


def test_token_authentication_without_authtoken_is_e005():
    apps = [app for app in settings.INSTALLED_APPS if app != "rest_framework.authtoken"]
    with override_settings(INSTALLED_APPS=apps):
        assert check_ids(checks.check_token_authentication_app) == ["aether_kit.E005"]


def test_token_authentication_with_authtoken_passes():
    assert check_ids(checks.check_token_authentication_app) == []
