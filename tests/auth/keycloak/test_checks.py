import pytest

from aether_kit.auth.keycloak import checks
from aether_kit.conf.checks import REALM_MIDDLEWARE
from aether_kit.conf.keycloak import KEYCLOAK_BACKEND, KEYCLOAK_REFRESH_MIDDLEWARE, MODEL_BACKEND

AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


@pytest.fixture
def keycloak_on(settings):
    settings.KEYCLOAK_SERVER_URL = "http://keycloak:8080/realms"
    settings.KEYCLOAK_ISSUER_URL = None
    settings.KEYCLOAK_CLIENT_ID = "eha"
    settings.KEYCLOAK_REFRESH_MARGIN = 30
    settings.MULTITENANCY = True
    settings.AUTHENTICATION_BACKENDS = [KEYCLOAK_BACKEND, MODEL_BACKEND]
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        AUTH_MIDDLEWARE,
        KEYCLOAK_REFRESH_MIDDLEWARE,
    ]
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.SESSION_COOKIE_HTTPONLY = True
    return settings


def ids(messages):
    return [message.id for message in messages]


def run_all():
    return [
        *checks.check_refresh_middleware(None),
        *checks.check_keycloak_backend(None),
        *checks.check_keycloak_urls(None),
        *checks.check_keycloak_client(None),
        *checks.check_session_storage(None),
    ]


def test_a_complete_set_up_passes(keycloak_on):
    assert run_all() == []


def test_nothing_is_checked_while_keycloak_is_off(settings):
    settings.KEYCLOAK_SERVER_URL = None
    settings.AUTHENTICATION_BACKENDS = [MODEL_BACKEND]
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

    assert run_all() == []


def test_a_missing_refresh_middleware_is_an_error(keycloak_on):
    keycloak_on.MIDDLEWARE = keycloak_on.MIDDLEWARE[:-1]

    assert ids(checks.check_refresh_middleware(None)) == ["aether_kit.E040"]


def test_a_refresh_middleware_before_authentication_is_an_error(keycloak_on):
    keycloak_on.MIDDLEWARE = [KEYCLOAK_REFRESH_MIDDLEWARE, AUTH_MIDDLEWARE]

    assert ids(checks.check_refresh_middleware(None)) == ["aether_kit.E040"]


def test_a_refresh_middleware_after_the_realm_middleware_draws_a_warning(keycloak_on):
    keycloak_on.MIDDLEWARE = [AUTH_MIDDLEWARE, REALM_MIDDLEWARE, KEYCLOAK_REFRESH_MIDDLEWARE]

    assert ids(checks.check_refresh_middleware(None)) == ["aether_kit.W044"]


def test_a_missing_keycloak_backend_is_an_error(keycloak_on):
    keycloak_on.AUTHENTICATION_BACKENDS = [MODEL_BACKEND]

    assert ids(checks.check_keycloak_backend(None)) == ["aether_kit.E041"]


def test_a_subclass_of_the_backend_counts(keycloak_on):
    keycloak_on.AUTHENTICATION_BACKENDS = ["tests.auth.keycloak.test_backend.EmailUsernameBackend"]

    assert checks.check_keycloak_backend(None) == []


def test_a_server_url_that_is_not_a_url_is_an_error(keycloak_on):
    keycloak_on.KEYCLOAK_SERVER_URL = "keycloak/realms"

    assert ids(checks.check_keycloak_urls(None)) == ["aether_kit.E042"]


def test_a_malformed_issuer_base_is_an_error(keycloak_on):
    keycloak_on.KEYCLOAK_ISSUER_URL = "login.example.org"

    assert ids(checks.check_keycloak_urls(None)) == ["aether_kit.E042"]


def test_a_server_url_without_realms_draws_a_warning(keycloak_on):
    keycloak_on.KEYCLOAK_SERVER_URL = "http://keycloak:8080/auth"

    assert ids(checks.check_keycloak_urls(None)) == ["aether_kit.W040"]


def test_an_empty_client_id_is_an_error(keycloak_on):
    keycloak_on.KEYCLOAK_CLIENT_ID = ""

    assert ids(checks.check_keycloak_client(None)) == ["aether_kit.E043"]


def test_a_negative_refresh_margin_is_an_error(keycloak_on):
    keycloak_on.KEYCLOAK_REFRESH_MARGIN = -5

    assert ids(checks.check_keycloak_client(None)) == ["aether_kit.E044"]


def test_sessions_kept_in_cookies_draw_a_warning(keycloak_on):
    keycloak_on.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

    assert ids(checks.check_session_storage(None)) == ["aether_kit.W041"]


def test_a_session_cookie_scripts_can_read_draws_a_warning(keycloak_on):
    keycloak_on.SESSION_COOKIE_HTTPONLY = False

    assert ids(checks.check_session_storage(None)) == ["aether_kit.W042"]


def test_keycloak_without_multitenancy_draws_a_warning(keycloak_on):
    keycloak_on.MULTITENANCY = False

    assert ids(checks.check_session_storage(None)) == ["aether_kit.W043"]


def test_the_checks_are_registered():
    from django.core.checks import registry

    registered = {check.__name__ for check in registry.registry.get_checks()}

    assert {"check_refresh_middleware", "check_keycloak_backend"} <= registered
