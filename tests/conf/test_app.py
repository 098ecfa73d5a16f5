import pytest

from aether_kit.conf import Env, configure_app


@pytest.fixture
def production(tmp_path):
    """The least a production (DEBUG off) environment must set; no VERSION/REVISION files."""

    def make(**variables):
        return Env(
            {
                "DJANGO_SECRET_KEY": "a-secret",
                "DJANGO_ALLOWED_HOSTS": "api.example.org",
                "VERSION_FILE": str(tmp_path / "no-VERSION"),
                "REVISION_FILE": str(tmp_path / "no-REVISION"),
                **variables,
            }
        )

    return make


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("DEBUG", False),
        ("TESTING", False),
        ("SECRET_KEY", "a-secret"),
        ("ALLOWED_HOSTS", ["api.example.org"]),
        ("CSRF_COOKIE_DOMAIN", None),
        ("SESSION_COOKIE_DOMAIN", None),
        ("CSRF_TRUSTED_ORIGINS", []),
        ("USE_X_FORWARDED_HOST", False),
        ("USE_X_FORWARDED_PORT", False),
        ("SECURE_PROXY_SSL_HEADER", None),
        ("LANGUAGE_CODE", "en-us"),
        ("TIME_ZONE", "UTC"),
        ("STATIC_URL", "/static/"),
        ("STATIC_ROOT", "/var/www/static/"),
        ("APP_URL", "/"),
        ("APP_NAME", "eHealth Africa"),
        ("APP_NAME_HTML", "eHealth Africa"),
        ("APP_LINK", ""),
        ("APP_MODULE", ""),
        ("APP_FAVICON", ""),
        ("APP_LOGO", ""),
        ("VERSION", "#.#.#"),
        ("REVISION", "---"),
        ("ADMIN_URL", "admin"),
        ("AUTH_URL", "accounts"),
        ("LOGIN_URL", "/accounts/login"),
        ("LOGIN_REDIRECT_URL", "/"),
        ("TOKEN_URL", "token"),
        ("CHECK_TOKEN_URL", "check-user-tokens"),
        ("LOGIN_TEMPLATE", "aether_kit/login.html"),
        ("LOGGED_OUT_TEMPLATE", "aether_kit/logged_out.html"),
        ("DRF_API_RENDERER_TEMPLATE", "aether_kit/api.html"),
        ("DRF_ADMIN_RENDERER_TEMPLATE", "aether_kit/admin.html"),
        ("PRETTIFIED_CUTOFF", 10000),
        ("REQUEST_ERROR_RETRIES", 3),
        ("REQUEST_CONNECT_TIMEOUT", 5.0),
        ("REQUEST_READ_TIMEOUT", 30.0),
        ("DEPENDENCY_BACKOFF", 10.0),
    ],
)
def test_default(production, setting, expected):
    assert configure_app(production())[setting] == expected


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        ("DEBUG", "true", "DEBUG", True),
        ("TESTING", "yes", "TESTING", True),
        ("DJANGO_ALLOWED_HOSTS", "a.org, b.org", "ALLOWED_HOSTS", ["a.org", "b.org"]),
        ("CSRF_COOKIE_DOMAIN", ".example.org", "SESSION_COOKIE_DOMAIN", ".example.org"),
        ("DJANGO_USE_X_FORWARDED_HOST", "1", "USE_X_FORWARDED_HOST", True),
        ("DJANGO_USE_X_FORWARDED_PORT", "1", "USE_X_FORWARDED_PORT", True),
        (
            "DJANGO_HTTP_X_FORWARDED_PROTO",
            "1",
            "SECURE_PROXY_SSL_HEADER",
            ("HTTP_X_FORWARDED_PROTO", "https"),
        ),
        ("LANGUAGE_CODE", "fr", "LANGUAGE_CODE", "fr"),
        ("TIME_ZONE", "Africa/Lagos", "TIME_ZONE", "Africa/Lagos"),
        ("STATIC_URL", "/assets/", "STATIC_URL", "/assets/"),
        ("STATIC_ROOT", "/srv/static", "STATIC_ROOT", "/srv/static"),
        ("APP_URL", "kernel", "APP_URL", "/kernel/"),
        ("APP_URL", "/kernel/", "LOGIN_REDIRECT_URL", "/kernel/"),
        ("APP_NAME_HTML", "<b>Kernel</b>", "APP_NAME_HTML", "<b>Kernel</b>"),
        ("APP_LINK", "https://example.org", "APP_LINK", "https://example.org"),
        ("APP_MODULE", "kernel", "APP_MODULE", "kernel"),
        ("APP_FAVICON", "kernel/icon.svg", "APP_FAVICON", "kernel/icon.svg"),
        ("APP_LOGO", "kernel/logo.svg", "APP_LOGO", "kernel/logo.svg"),
        ("APP_VERSION", "2.0.1", "VERSION", "2.0.1"),
        ("APP_REVISION", "deadbee", "REVISION", "deadbee"),
        ("ADMIN_URL", "/backoffice/", "ADMIN_URL", "backoffice"),
        ("LOGIN_URL", "/sso/login", "LOGIN_URL", "/sso/login"),
        ("TOKEN_URL", "api-token", "TOKEN_URL", "api-token"),
        ("CHECK_TOKEN_URL", "tokens", "CHECK_TOKEN_URL", "tokens"),
        ("LOGIN_TEMPLATE", "mine/login.html", "LOGIN_TEMPLATE", "mine/login.html"),
        ("LOGGED_OUT_TEMPLATE", "mine/out.html", "LOGGED_OUT_TEMPLATE", "mine/out.html"),
        ("DRF_API_RENDERER_TEMPLATE", "m/api.html", "DRF_API_RENDERER_TEMPLATE", "m/api.html"),
        ("DRF_ADMIN_RENDERER_TEMPLATE", "m/a.html", "DRF_ADMIN_RENDERER_TEMPLATE", "m/a.html"),
        ("PRETTIFIED_CUTOFF", "500", "PRETTIFIED_CUTOFF", 500),
        ("REQUEST_ERROR_RETRIES", "1", "REQUEST_ERROR_RETRIES", 1),
        ("REQUEST_CONNECT_TIMEOUT", "1.5", "REQUEST_CONNECT_TIMEOUT", 1.5),
        ("REQUEST_READ_TIMEOUT", "60", "REQUEST_READ_TIMEOUT", 60.0),
        ("DEPENDENCY_BACKOFF", "2.5", "DEPENDENCY_BACKOFF", 2.5),
        ("DEPENDENCY_BACKOFF", "0", "DEPENDENCY_BACKOFF", 0.0),
    ],
)
def test_variable_sets_its_setting(production, variable, value, setting, expected):
    assert configure_app(production(**{variable: value}))[setting] == expected


def test_app_name_html_follows_app_name(production):
    assert configure_app(production(APP_NAME="Kernel"))["APP_NAME_HTML"] == "Kernel"


def test_login_url_follows_app_url_and_auth_url(production):
    result = configure_app(production(APP_URL="/kernel/", AUTH_URL="sso"))

    assert result["LOGIN_URL"] == "/kernel/sso/login"


def test_behind_the_gateway_static_files_live_under_the_public_realm(production):
    env = production(APP_URL="/kit", GATEWAY_SERVICE_ID="orders")

    assert configure_app(env)["STATIC_URL"] == "/kit/-/orders/static/"


def test_behind_the_gateway_static_files_follow_the_public_realm(production):
    env = production(GATEWAY_SERVICE_ID="orders", GATEWAY_PUBLIC_REALM="public")

    assert configure_app(env)["STATIC_URL"] == "/public/orders/static/"


def test_static_url_set_by_hand_wins_behind_the_gateway(production):
    env = production(GATEWAY_SERVICE_ID="orders", STATIC_URL="https://cdn.example.org/s/")

    assert configure_app(env)["STATIC_URL"] == "https://cdn.example.org/s/"


def test_sign_in_moves_under_the_public_realm_when_the_gateway_is_on(production):
    result = configure_app(production(GATEWAY_SERVICE_ID="kernel", APP_URL="/eha"))

    assert result["LOGIN_URL"] == "/eha/-/kernel/accounts/login"
    assert result["LOGIN_REDIRECT_URL"] == "/eha/-/kernel/"


def test_the_forwarded_host_and_port_are_trusted_behind_the_gateway(production):
    result = configure_app(production(GATEWAY_SERVICE_ID="kernel"))

    assert (result["USE_X_FORWARDED_HOST"], result["USE_X_FORWARDED_PORT"]) == (True, True)


def test_the_forwarded_host_can_be_switched_off_behind_the_gateway(production):
    env = production(GATEWAY_SERVICE_ID="kernel", DJANGO_USE_X_FORWARDED_HOST="false")

    assert configure_app(env)["USE_X_FORWARDED_HOST"] is False


def test_the_string_false_turns_debug_off(production):
    assert configure_app(production(DEBUG="false"))["DEBUG"] is False


def test_version_and_revision_come_from_aether_sdk_files(production, tmp_path):
    (tmp_path / "VERSION").write_text("3.4.5\n")
    (tmp_path / "REVISION").write_text("cafe123\n")

    result = configure_app(
        production(VERSION_FILE=str(tmp_path / "VERSION"), REVISION_FILE=str(tmp_path / "REVISION"))
    )

    assert (result["VERSION"], result["REVISION"]) == ("3.4.5", "cafe123")


def test_version_variable_wins_over_the_file(production, tmp_path):
    (tmp_path / "VERSION").write_text("3.4.5")

    result = configure_app(production(APP_VERSION="9.9.9", VERSION_FILE=str(tmp_path / "VERSION")))

    assert result["VERSION"] == "9.9.9"


def test_empty_version_file_falls_back_to_the_placeholder(production, tmp_path):
    (tmp_path / "VERSION").write_text("\n")

    assert configure_app(production(VERSION_FILE=str(tmp_path / "VERSION")))["VERSION"] == "#.#.#"


def test_debug_needs_no_secret_key_and_allows_only_loopback_hosts():
    result = configure_app(Env({"DEBUG": "true"}))

    assert len(result["SECRET_KEY"]) >= 50
    assert result["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_debug_keeps_a_given_secret_key():
    assert configure_app(Env({"DEBUG": "1", "DJANGO_SECRET_KEY": "mine"}))["SECRET_KEY"] == "mine"


def test_production_names_every_missing_variable_in_one_error(config_error):
    error = config_error(configure_app, Env({}))

    assert error.names == ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"]
    assert "DJANGO_SECRET_KEY: is required but not set" in str(error)
    assert "DJANGO_ALLOWED_HOSTS: is required but not set" in str(error)


def test_every_malformed_variable_is_named_in_one_error(config_error, production):
    env = production(
        CSRF_TRUSTED_ORIGINS="example.org",
        APP_URL="https://example.org/app",
        ADMIN_URL="/",
        PRETTIFIED_CUTOFF="many",
        REQUEST_ERROR_RETRIES="11",
        REQUEST_CONNECT_TIMEOUT="0",
        REQUEST_READ_TIMEOUT="slow",
        DEPENDENCY_BACKOFF="-1",
    )

    error = config_error(configure_app, env)

    assert error.names == [
        "CSRF_TRUSTED_ORIGINS",
        "APP_URL",
        "ADMIN_URL",
        "PRETTIFIED_CUTOFF",
        "REQUEST_ERROR_RETRIES",
        "REQUEST_CONNECT_TIMEOUT",
        "REQUEST_READ_TIMEOUT",
        "DEPENDENCY_BACKOFF",
    ]
    assert "'example.org' needs a scheme, e.g. 'https://example.org'" in str(error)
    assert "PRETTIFIED_CUTOFF: 'many' is not a whole number" in str(error)


def test_csrf_trusted_origins_with_a_scheme_are_kept(production):
    env = production(CSRF_TRUSTED_ORIGINS="https://a.example.org,https://*.example.org")

    result = configure_app(env)

    assert result["CSRF_TRUSTED_ORIGINS"] == ["https://a.example.org", "https://*.example.org"]


def test_debug_that_is_not_a_boolean_word_is_an_error_keeping_the_secret_key_required(
    config_error, tmp_path
):
    env = Env({"DEBUG": "maybe", "DJANGO_ALLOWED_HOSTS": "api.example.org"})

    error = config_error(configure_app, env)

    assert error.names == ["DEBUG", "DJANGO_SECRET_KEY"]
    assert "DEBUG: 'maybe' is not a boolean" in str(error)


def test_allowed_hosts_that_are_urls_are_an_error(config_error, production):
    error = config_error(configure_app, production(DJANGO_ALLOWED_HOSTS="https://api.example.org"))

    assert error.names == ["DJANGO_ALLOWED_HOSTS"]


def test_a_csrf_cookie_domain_that_is_no_domain_is_an_error(config_error, production):
    error = config_error(configure_app, production(CSRF_COOKIE_DOMAIN="https://example.org"))

    assert error.names == ["CSRF_COOKIE_DOMAIN"]
