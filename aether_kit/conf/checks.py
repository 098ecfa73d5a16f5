"""System checks: each names the setting that is wrong and how to put it right.

They run with ``manage.py check`` and before ``runserver``/``migrate``, so a
settings file written by hand (not through ``configure_*``) is held to the
same rules as one the kit built.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import django
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from .kit_settings import kit_settings

__all__ = ["REALM_MIDDLEWARE", "REALM_PATTERN"]

REALM_MIDDLEWARE = "aether_kit.multitenancy.RealmMiddleware"
# a realm appears in URLs, cookies and usernames: keep it to a safe slug
# no "__" either: it separates the realm from the name in "<realm>__<username>", so realm
# "a__b"'s user "c" would pass as a user of realm "a"; the look-ahead stays inside the name
# so the pattern can be embedded in URL patterns
REALM_PATTERN = re.compile(r"^(?![A-Za-z0-9_-]*__)[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
# the classes that look tokens up in rest_framework.authtoken's table
TOKEN_AUTHENTICATIONS = (
    "rest_framework.authentication.TokenAuthentication",
    "aether_kit.auth.authentication.RealmTokenAuthentication",
)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register(Tags.compatibility)
def check_page_sizes(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    page_size, max_page_size = drf.get("PAGE_SIZE"), drf.get("MAX_PAGE_SIZE")
    errors: list[CheckMessage] = []
    for name, value in (("PAGE_SIZE", page_size), ("MAX_PAGE_SIZE", max_page_size)):
        if value is not None and not _positive_int(value):
            errors.append(
                Error(
                    f"REST_FRAMEWORK['{name}'] is {value!r}; it must be a whole number above 0.",
                    hint=f"Set the {name} environment variable to a number such as 10.",
                    id="aether_kit.E002",
                )
            )
    both_valid = not errors and _positive_int(page_size) and _positive_int(max_page_size)
    if both_valid and max_page_size < page_size:  # type: ignore[operator]
        errors.append(
            Error(
                f"REST_FRAMEWORK['MAX_PAGE_SIZE'] ({max_page_size}) is smaller than "
                f"REST_FRAMEWORK['PAGE_SIZE'] ({page_size}).",
                hint="Raise MAX_PAGE_SIZE or lower PAGE_SIZE.",
                id="aether_kit.E001",
            )
        )
    return errors


@register(Tags.security)
def check_realm_middleware(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if kit_settings.MULTITENANCY and REALM_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Error(
                "Multitenancy is on but RealmMiddleware is not installed, so no request "
                "would have a realm and every realm-scoped view would refuse to answer.",
                hint=f"Add '{REALM_MIDDLEWARE}' to MIDDLEWARE after AuthenticationMiddleware.",
                id="aether_kit.E003",
            )
        ]
    return []


@register(Tags.compatibility)
def check_default_realm(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    realm = kit_settings.DEFAULT_REALM
    if not isinstance(realm, str) or not REALM_PATTERN.match(realm):
        return [
            Error(
                f"DEFAULT_REALM is {realm!r}, which is not a valid realm name.",
                hint="Use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit, "
                "without '__'.",
                id="aether_kit.E004",
            )
        ]
    return []


@register(Tags.compatibility)
def check_token_authentication_app(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    classes = drf.get("DEFAULT_AUTHENTICATION_CLASSES", [])
    if (
        any(name in classes for name in TOKEN_AUTHENTICATIONS)
        and "rest_framework.authtoken" not in settings.INSTALLED_APPS
    ):
        return [
            Error(
                "DRF TokenAuthentication is enabled but 'rest_framework.authtoken' is not "
                "installed, so every request with a token would fail.",
                hint="Add 'rest_framework.authtoken' to INSTALLED_APPS, or remove "
                "TokenAuthentication from REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'].",
                id="aether_kit.E005",
            )
        ]
    return []


@register(Tags.urls)
def check_app_url(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    app_url = kit_settings.APP_URL
    if not isinstance(app_url, str) or not app_url.startswith("/") or not app_url.endswith("/"):
        return [
            Error(
                f"APP_URL is {app_url!r}; it must start and end with '/'.",
                hint="Use '/' to serve at the root or a path such as '/my-app/'.",
                id="aether_kit.E006",
            )
        ]
    return []


@register(Tags.database)
def check_health_databases(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    unknown = [
        alias for alias in kit_settings.HEALTH_CHECK_DATABASES if alias not in settings.DATABASES
    ]
    if unknown:
        return [
            Error(
                f"HEALTH_CHECK_DATABASES names {unknown}, which are not in DATABASES.",
                hint=f"Use aliases from DATABASES: {sorted(settings.DATABASES)}.",
                id="aether_kit.E007",
            )
        ]
    return []


@register(Tags.compatibility)
def check_request_settings(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name in ("REQUEST_CONNECT_TIMEOUT", "REQUEST_READ_TIMEOUT"):
        value = getattr(kit_settings, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            errors.append(
                Error(
                    f"{name} is {value!r}; outbound HTTP calls need a positive timeout.",
                    hint=f"Set {name} to a number of seconds such as 5.",
                    id="aether_kit.E008",
                )
            )
    retries = kit_settings.REQUEST_ERROR_RETRIES
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
        errors.append(
            Error(
                f"REQUEST_ERROR_RETRIES is {retries!r}; it must be a whole number from 0 to 10.",
                hint="Unbounded retries turn one slow dependency into an outage.",
                id="aether_kit.E009",
            )
        )
    return errors


@register(Tags.security)
def check_allowed_hosts(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.DEBUG and "*" in settings.ALLOWED_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS accepts any host ('*') while DEBUG is off.",
                hint="List the service's host names in DJANGO_ALLOWED_HOSTS.",
                id="aether_kit.W001",
            )
        ]
    return []


@register(Tags.security)
def check_cors_allow_all(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    allow_all = getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False) or getattr(
        settings, "CORS_ORIGIN_ALLOW_ALL", False
    )
    if allow_all and not settings.DEBUG:
        return [
            Warning(
                "CORS allows every origin while DEBUG is off.",
                hint="List trusted origins in CORS_ALLOWED_ORIGINS and unset "
                "CORS_ALLOW_ALL_ORIGINS.",
                id="aether_kit.W002",
            )
        ]
    return []


POSTGRESQL_ENGINES = ("django.db.backends.postgresql", "django_prometheus.db.backends.postgresql")
NATIVE_POOL_DJANGO = (5, 1)


def _postgresql_databases() -> list[tuple[str, dict[str, Any]]]:
    return [
        (alias, db)
        for alias, db in settings.DATABASES.items()
        if db.get("ENGINE") in POSTGRESQL_ENGINES
    ]


@register(Tags.database)
def check_native_pool(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for alias, db in _postgresql_databases():
        if not (db.get("OPTIONS") or {}).get("pool"):
            continue
        if django.VERSION < NATIVE_POOL_DJANGO:
            errors.append(
                Error(
                    f"DATABASES['{alias}']['OPTIONS']['pool'] needs Django 5.1 or newer "
                    f"(this is {django.get_version()}); every connection would fail.",
                    hint="Upgrade Django, or remove the pool option (unset DB_POOL_INTERNAL) "
                    "and use an external pool with ENABLE_CONNECTION_POOL.",
                    id="aether_kit.E010",
                )
            )
        if db.get("CONN_MAX_AGE", 0) != 0:
            errors.append(
                Error(
                    f"DATABASES['{alias}'] uses the native pool with CONN_MAX_AGE "
                    f"{db.get('CONN_MAX_AGE')!r}; pooled connections cannot be persistent.",
                    hint="Set CONN_MAX_AGE to 0 (unset DB_CONN_MAX_AGE).",
                    id="aether_kit.E011",
                )
            )
    return errors


@register(Tags.database)
def check_connect_timeout(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Warning(
            f"DATABASES['{alias}'] has no connect_timeout, so a request (and /check-db) "
            "can hang for minutes while its host is unreachable.",
            hint=f"Add 'connect_timeout': 5 to DATABASES['{alias}']['OPTIONS'] "
            "(configure_database sets it from DB_CONNECT_TIMEOUT).",
            id="aether_kit.W003",
        )
        for alias, db in _postgresql_databases()
        if not (db.get("OPTIONS") or {}).get("connect_timeout")
    ]


def _domain_covers(domain: str, host: str) -> bool:
    domain = domain.lower().lstrip(".")
    host = host.lower().lstrip(".")
    return host == domain or host.endswith("." + domain)


@register(Tags.security)
def check_cookie_domain(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    domain = getattr(settings, "CSRF_COOKIE_DOMAIN", None)
    hosts = list(settings.ALLOWED_HOSTS)
    if not domain or not hosts or "*" in hosts:
        return []
    if any(_domain_covers(domain, host) for host in hosts):
        return []
    return [
        Warning(
            f"CSRF_COOKIE_DOMAIN is {domain!r}, which covers none of ALLOWED_HOSTS {hosts}; "
            "browsers would not send the CSRF cookie and every form post would fail.",
            hint="Unset CSRF_COOKIE_DOMAIN, or set it to the parent domain of the "
            "service's host names.",
            id="aether_kit.W004",
        )
    ]


@register(Tags.database)
def check_health_databases_not_empty(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    if list(kit_settings.HEALTH_CHECK_DATABASES):
        return []
    return [
        Warning(
            "HEALTH_CHECK_DATABASES is empty, so /check-db reports success without "
            "touching any database.",
            hint="List the aliases /check-db should query, e.g. ['default'].",
            id="aether_kit.W005",
        )
    ]
