"""compose: every area's settings merged, every bad variable of every area in one error.

The ``configure_*`` functions are found in ``aether_kit.conf``'s public API, so a new
one is held to the same rules without touching these tests.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import aether_kit.conf
from aether_kit.conf import Env, EnvError, compose

AREAS = [
    getattr(aether_kit.conf, name)
    for name in sorted(aether_kit.conf.__all__)
    if name.startswith("configure_")
]
# every area on, with a value of its own where it has nothing to switch on
EVERYTHING_ON = {
    "DJANGO_SECRET_KEY": "not-a-secret-only-for-tests",
    "DJANGO_ALLOWED_HOSTS": "service.example.org",
    "APP_URL": "/kernel/",
    "LOGGING_FORMATTER": "verbose",
    "SENTRY_DSN": "https://key@sentry.example.org/1",
    "CORS_ALLOWED_ORIGINS": "https://ui.example.org",
    "PGHOST": "db",
    "PGPORT": "5432",
    "PGUSER": "kernel",
    "DB_NAME": "kernel",
    "PAGE_SIZE": "20",
    "MULTITENANCY": "true",
    "GATEWAY_SERVICE_ID": "kernel",
    "KEYCLOAK_SERVER_URL": "https://login.example.org/auth/realms",
    "EXTERNAL_APPS": "odk",
    "ODK_URL": "http://odk:8002",
    "ODK_TOKEN": "odk-token",
    "STORAGE_REQUIRED": "true",
    "DJANGO_STORAGE_BACKEND": "minio",
    "BUCKET_NAME": "media",
    "MINIO_STORAGE_ENDPOINT": "minio:9000",
    "MINIO_STORAGE_ACCESS_KEY": "access",
    "MINIO_STORAGE_SECRET_KEY": "secret",
    "REDIS_HOST": "redis",
    "REDIS_PORT": "6379",
    "DJANGO_USE_CACHE": "true",
    "REDIS_DJANGO_CACHE": "true",
    "REDIS_SESSION_CACHE": "true",
    "SCHEDULER_REQUIRED": "true",
    "METRICS_ENABLED": "true",
    "PROFILING_ENABLED": "true",
    "WEBPACK_REQUIRED": "true",
    "STATIC_ROOT": "/var/www/static/",
}


def canonical(value: Any) -> Any:
    """A comparable form: objects without equality of their own (a redis Retry) by content."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(canonical, value), key=repr)
    if value is None or isinstance(value, (str, int, float, bool, type)) or callable(value):
        return value
    return (type(value).__qualname__, canonical(vars(value)))


def test_every_configure_function_is_found():
    assert len(AREAS) >= 16
    assert aether_kit.conf.configure_app in AREAS


@pytest.mark.parametrize("area", AREAS, ids=lambda area: area.__name__)
def test_the_environment_switches_the_area_on(area):
    # an area whose result is the same with and without the variables is not tested below
    assert canonical(area(Env(EVERYTHING_ON))) != canonical(area(Env({"DEBUG": "true"})))


def test_no_setting_has_two_writers():
    writers: dict[str, list[str]] = {}
    for area in AREAS:
        for key in area(Env(EVERYTHING_ON)):
            writers.setdefault(key, []).append(area.__name__)

    assert {key: names for key, names in writers.items() if len(names) > 1} == {}


@pytest.mark.parametrize("seed", range(5))
def test_the_order_of_the_areas_changes_nothing(seed):
    env = Env(EVERYTHING_ON)
    shuffled = list(AREAS)
    random.Random(seed).shuffle(shuffled)

    assert canonical(compose(env, *shuffled)) == canonical(compose(env, *AREAS))


def test_the_settings_are_those_of_every_area():
    env = Env({"DEBUG": "true", "PAGE_SIZE": "20"})

    settings = compose(env, *AREAS)

    assert settings["REST_FRAMEWORK"]["PAGE_SIZE"] == 20
    assert settings["DEBUG"] is True


def test_every_bad_variable_of_every_area_is_named_in_one_error():
    env = Env(
        {
            "DEBUG": "true",
            "PAGE_SIZE": "ten",
            "LOGGING_LEVEL": "LOUD",
            "DEFAULT_REALM": "a b",
            "GATEWAY_SERVICE_ID": "a/b",
            "KEYCLOAK_SERVER_URL": "login.example.org",
            "PGHOST": "db",
        }
    )

    with pytest.raises(EnvError) as error:
        compose(env, *AREAS)

    assert set(error.value.names) == {
        "PAGE_SIZE",
        "LOGGING_LEVEL",
        "DEFAULT_REALM",
        "GATEWAY_SERVICE_ID",
        "KEYCLOAK_SERVER_URL",
        "PGPORT",
        "DB_NAME",
        "PGUSER",
    }


def test_the_error_is_the_list_alone_without_a_chained_one():
    env = Env({"PAGE_SIZE": "ten", "LOGGING_LEVEL": "LOUD"})

    with pytest.raises(EnvError) as error:
        compose(env, aether_kit.conf.configure_drf, aether_kit.conf.configure_logging)

    assert error.value.__context__ is None
    assert str(error.value).splitlines() == [
        "2 environment variables are missing or malformed:",
        "  - PAGE_SIZE: 'ten' is not a whole number",
        "  - LOGGING_LEVEL: 'LOUD' is not one of CRITICAL, ERROR, WARNING, INFO, DEBUG",
    ]


def test_a_problem_two_areas_find_is_listed_once():
    def first(env: Env) -> dict[str, Any]:
        return {"FIRST": env.int("SHARED")}

    def second(env: Env) -> dict[str, Any]:
        return {"SECOND": env.int("SHARED")}

    with pytest.raises(EnvError) as error:
        compose(Env({"SHARED": "x"}), first, second)

    assert error.value.names == ["SHARED"]


def test_a_setting_written_by_two_areas_is_refused_naming_both():
    def mine(env: Env) -> dict[str, Any]:
        return {"LOGIN_URL": "/mine/login"}

    with pytest.raises(ImproperlyConfigured, match="LOGIN_URL is written by both") as error:
        compose(Env({"DEBUG": "true"}), aether_kit.conf.configure_app, mine)

    assert "configure_app and mine" in str(error.value)


def test_a_projects_own_area_joins_the_one_error():
    def configure_reports(env: Env) -> dict[str, Any]:
        with env.collect_errors():
            return {"REPORTS_DAYS": env.int("REPORTS_DAYS"), "REPORTS_URL": env.url("REPORTS_URL")}

    with pytest.raises(EnvError) as error:
        compose(Env({"PAGE_SIZE": "0"}), aether_kit.conf.configure_drf, configure_reports)

    assert error.value.names == ["PAGE_SIZE", "REPORTS_DAYS", "REPORTS_URL"]
