"""System checks of the gateway settings."""

from __future__ import annotations

from aether_kit.gateway import checks

GATEWAY_AUTH = "aether_kit.gateway.GatewayAuthentication"
SESSION_AUTH = "rest_framework.authentication.SessionAuthentication"


def ids(messages):
    return [message.id for message in messages]


def test_gateway_without_keycloak_is_an_error(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = None

    assert ids(checks.check_gateway_keycloak(None)) == ["aether_kit.E030"]


def test_gateway_with_keycloak_passes(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = "http://keycloak:8080/realms"

    assert checks.check_gateway_keycloak(None) == []


def test_symmetric_algorithm_written_by_hand_is_an_error(settings):
    settings.GATEWAY_JWT_ALGORITHMS = ["RS256", "HS256"]

    assert ids(checks.check_gateway_algorithms(None)) == ["aether_kit.E031"]


def test_negative_leeway_is_an_error(settings):
    settings.GATEWAY_JWT_LEEWAY = -5

    assert ids(checks.check_gateway_numbers(None)) == ["aether_kit.E032"]


def test_unimportable_verifier_is_an_error(settings):
    settings.GATEWAY_TOKEN_VERIFIER = "nowhere.Verifier"

    assert ids(checks.check_gateway_classes(None)) == ["aether_kit.E033"]


def test_middleware_before_authentication_middleware_is_an_error(settings):
    auth = "django.contrib.auth.middleware.AuthenticationMiddleware"
    settings.MIDDLEWARE = [checks.GATEWAY_MIDDLEWARE, auth]

    assert ids(checks.check_gateway_middleware_order(None)) == ["aether_kit.E034"]


def test_gateway_with_nothing_reading_the_header_is_warned(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.MIDDLEWARE = []
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [SESSION_AUTH]}

    assert ids(checks.check_gateway_authentication(None)) == ["aether_kit.W030"]


def test_gateway_authentication_after_session_authentication_is_warned(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [SESSION_AUTH, GATEWAY_AUTH]}

    assert ids(checks.check_gateway_authentication(None)) == ["aether_kit.W031"]


def test_demo_settings_pass_every_gateway_check(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = "http://keycloak:8080/realms"

    for check in (
        checks.check_gateway_keycloak,
        checks.check_gateway_algorithms,
        checks.check_gateway_numbers,
        checks.check_gateway_classes,
        checks.check_gateway_middleware_order,
        checks.check_gateway_authentication,
    ):
        assert check(None) == []


def test_gateway_without_audience_or_authorized_parties_warns_outside_debug(settings):
    settings.GATEWAY_SERVICE_ID, settings.DEBUG = "svc", False
    settings.GATEWAY_JWT_AUDIENCE = settings.GATEWAY_JWT_AUTHORIZED_PARTIES = None

    assert ids(checks.check_gateway_token_audience(None)) == ["aether_kit.W032"]


def test_gateway_with_an_authorized_party_passes(settings):
    settings.GATEWAY_SERVICE_ID, settings.DEBUG = "svc", False
    settings.GATEWAY_JWT_AUTHORIZED_PARTIES = ["gateway"]

    assert checks.check_gateway_token_audience(None) == []


def test_gateway_with_an_audience_passes(settings):
    settings.GATEWAY_SERVICE_ID, settings.DEBUG = "svc", False
    settings.GATEWAY_JWT_AUDIENCE = ["kernel"]

    assert checks.check_gateway_token_audience(None) == []


def test_gateway_without_audience_passes_in_debug(settings):
    settings.GATEWAY_SERVICE_ID, settings.DEBUG = "svc", True

    assert checks.check_gateway_token_audience(None) == []


def test_no_audience_warning_while_the_gateway_is_off(settings):
    settings.GATEWAY_SERVICE_ID, settings.DEBUG = None, False

    assert checks.check_gateway_token_audience(None) == []
