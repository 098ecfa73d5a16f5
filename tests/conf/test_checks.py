import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from aether_kit.conf import checks

PG = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "kernel",
    "OPTIONS": {"connect_timeout": 5},
}
POOLED = {**PG, "CONN_MAX_AGE": 0, "OPTIONS": {"connect_timeout": 5, "pool": {"min_size": 1}}}
DRF = "REST_FRAMEWORK"
ignore_databases_warning = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def ids(check):
    return [message.id for message in check(None)]


def drf(**options):
    return {**settings.REST_FRAMEWORK, **options}


def test_the_test_settings_pass_every_kit_check():
    messages = [
        m
        for m in run_checks()
        if (m.id or "").startswith("aether_kit.") and m.id not in settings.SILENCED_SYSTEM_CHECKS
    ]

    assert messages == []


def test_manage_py_check_passes():
    call_command("check", verbosity=0)


# -- APP_URL (E006) ----------------------------------------------------------------------


@pytest.mark.parametrize("app_url", ["kernel", "/kernel", "kernel/", ""])
def test_an_app_url_without_both_slashes_is_e006(app_url):
    with override_settings(APP_URL=app_url):
        assert ids(checks.check_app_url) == ["aether_kit.E006"]


@pytest.mark.parametrize("app_url", ["/", "/kernel/"])
def test_an_app_url_with_both_slashes_passes(app_url):
    with override_settings(APP_URL=app_url):
        assert ids(checks.check_app_url) == []


# -- native pool (E011) and connect timeout (W003) ---------------------------------------


@ignore_databases_warning
def test_native_pool_with_persistent_connections_is_e011():
    with override_settings(DATABASES={"default": {**POOLED, "CONN_MAX_AGE": 60}}):
        assert ids(checks.check_native_pool) == ["aether_kit.E011"]


@ignore_databases_warning
def test_native_pool_without_persistent_connections_passes():
    with override_settings(DATABASES={"default": POOLED}):
        assert ids(checks.check_native_pool) == []


@ignore_databases_warning
def test_postgresql_without_a_connect_timeout_is_w003():
    with override_settings(DATABASES={"default": {**PG, "OPTIONS": {}}}):
        assert ids(checks.check_connect_timeout) == ["aether_kit.W003"]


@ignore_databases_warning
def test_postgresql_with_a_connect_timeout_passes():
    with override_settings(DATABASES={"default": PG}):
        assert ids(checks.check_connect_timeout) == []


@ignore_databases_warning
def test_sqlite_needs_no_connect_timeout():
    with override_settings(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3"}}):
        assert ids(checks.check_connect_timeout) == []


# -- hosts, CORS and cookies (W001, W002, E090, W004) ---------------------------------------


def test_any_host_outside_debug_is_w001():
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        assert ids(checks.check_allowed_hosts) == ["aether_kit.W001"]


def test_any_host_in_debug_passes():
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        assert ids(checks.check_allowed_hosts) == []


@pytest.mark.parametrize("setting", ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"])
def test_cors_allow_all_outside_debug_is_w002(setting):
    with override_settings(DEBUG=False, **{setting: True}):
        assert ids(checks.check_cors_allow_all) == ["aether_kit.W002"]


def test_named_cors_origins_pass():
    with override_settings(DEBUG=False, CORS_ALLOW_ALL_ORIGINS=False):
        assert ids(checks.check_cors_allow_all) == []


CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"


@pytest.fixture
def without_cors(settings):
    """Settings with none of django-cors-headers' origin settings."""
    for name in checks.CORS_ORIGIN_SETTINGS:
        if hasattr(settings, name):
            delattr(settings, name)
    return settings


def test_cors_settings_without_the_app_are_e090(without_cors):
    without_cors.CORS_ALLOWED_ORIGINS = ["https://ui.example.org"]
    without_cors.INSTALLED_APPS = [a for a in without_cors.INSTALLED_APPS if a != "corsheaders"]

    assert ids(checks.check_cors_installed) == ["aether_kit.E090"]


def test_cors_settings_without_the_middleware_are_e090(without_cors):
    without_cors.CORS_ALLOWED_ORIGINS = []
    without_cors.MIDDLEWARE = [m for m in without_cors.MIDDLEWARE if m != CORS_MIDDLEWARE]

    [error] = checks.check_cors_installed(None)

    assert error.id == "aether_kit.E090"
    assert f"'{CORS_MIDDLEWARE}' in MIDDLEWARE" in error.msg


def test_cors_with_its_app_and_middleware_passes(without_cors):
    without_cors.CORS_ALLOWED_ORIGINS = ["https://ui.example.org"]

    assert ids(checks.check_cors_installed) == []


def test_no_cors_settings_need_no_cors_app(without_cors):
    without_cors.INSTALLED_APPS = [a for a in without_cors.INSTALLED_APPS if a != "corsheaders"]
    without_cors.MIDDLEWARE = [m for m in without_cors.MIDDLEWARE if m != CORS_MIDDLEWARE]

    assert ids(checks.check_cors_installed) == []


def test_a_cookie_domain_covering_no_allowed_host_is_w004():
    with override_settings(
        CSRF_COOKIE_DOMAIN=".ehealthafrica.org", ALLOWED_HOSTS=["api.example.org"]
    ):
        assert ids(checks.check_cookie_domain) == ["aether_kit.W004"]


@pytest.mark.parametrize(
    ("domain", "hosts"),
    [
        (".example.org", ["api.example.org"]),
        ("example.org", ["example.org"]),
        (".example.org", [".example.org"]),
        (None, ["api.example.org"]),
        (".other.org", ["*"]),
    ],
)
def test_a_cookie_domain_covering_an_allowed_host_passes(domain, hosts):
    with override_settings(CSRF_COOKIE_DOMAIN=domain, ALLOWED_HOSTS=hosts):
        assert ids(checks.check_cookie_domain) == []


def test_a_lookalike_domain_is_not_covered():
    with override_settings(CSRF_COOKIE_DOMAIN="example.org", ALLOWED_HOSTS=["badexample.org"]):
        assert ids(checks.check_cookie_domain) == ["aether_kit.W004"]
