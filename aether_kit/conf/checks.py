"""System checks of Django's own settings the kit relies on: each names the setting and the fix.

They run with ``manage.py check`` and before ``runserver``/``migrate``, so a
settings file written by hand (not through ``configure_*``) is held to the
same rules as one the kit built. The checks of each area (multitenancy,
gateway, health …) live in that area's ``checks`` module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning

from aether_kit.realms.names import REALM_PATTERN

from .checking import CheckFunction, finding
from .kit_settings import kit_settings
from .multitenancy import REALM_MIDDLEWARE  # kept importable from here

__all__ = ["CHECKS", "CORS_APP", "CORS_MIDDLEWARE", "REALM_MIDDLEWARE", "REALM_PATTERN"]


POSTGRESQL_ENGINES = ("django.db.backends.postgresql", "django_prometheus.db.backends.postgresql")


def check_app_url(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    app_url = kit_settings.APP_URL
    return finding(
        not isinstance(app_url, str) or not app_url.startswith("/") or not app_url.endswith("/"),
        f"APP_URL is {app_url!r}; it must start and end with '/'.",
        hint="Use '/' to serve at the root or a path such as '/my-app/'.",
        id="aether_kit.E006",
    )


def check_allowed_hosts(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return finding(
        not settings.DEBUG and "*" in settings.ALLOWED_HOSTS,
        "ALLOWED_HOSTS accepts any host ('*') while DEBUG is off.",
        hint="List the service's host names in DJANGO_ALLOWED_HOSTS.",
        id="aether_kit.W001",
        level=Warning,
    )


def check_cors_allow_all(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    allow_all = getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False) or getattr(
        settings, "CORS_ORIGIN_ALLOW_ALL", False
    )
    return finding(
        allow_all and not settings.DEBUG,
        "CORS allows every origin while DEBUG is off.",
        hint="List trusted origins in CORS_ALLOWED_ORIGINS and unset CORS_ALLOW_ALL_ORIGINS.",
        id="aether_kit.W002",
        level=Warning,
    )


CORS_APP = "corsheaders"
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
# the settings django-cors-headers reads to decide which origins may call (old names included)
CORS_ORIGIN_SETTINGS = (
    "CORS_ALLOWED_ORIGINS",
    "CORS_ALLOWED_ORIGIN_REGEXES",
    "CORS_ALLOW_ALL_ORIGINS",
    "CORS_ORIGIN_WHITELIST",
    "CORS_ORIGIN_REGEX_WHITELIST",
    "CORS_ORIGIN_ALLOW_ALL",
)


def check_cors_installed(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    """CORS settings without django-cors-headers' app and middleware do nothing, silently."""
    present = [name for name in CORS_ORIGIN_SETTINGS if hasattr(settings, name)]
    missing = [
        f"'{name}' in {setting}"
        for name, setting, installed in (
            (CORS_APP, "INSTALLED_APPS", settings.INSTALLED_APPS),
            (CORS_MIDDLEWARE, "MIDDLEWARE", settings.MIDDLEWARE),
        )
        if name not in installed
    ]
    return finding(
        present and missing,
        f"CORS is configured ({', '.join(present)}) but {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing, so no response carries CORS "
        "headers and browsers of other origins are refused.",
        hint=f"Use kit_apps(env) and kit_middleware(env), which include both, or add "
        f"'{CORS_APP}' to INSTALLED_APPS and '{CORS_MIDDLEWARE}' to MIDDLEWARE above "
        "CommonMiddleware.",
        id="aether_kit.E090",
    )


def _postgresql_databases() -> list[tuple[str, dict[str, Any]]]:
    return [
        (alias, db)
        for alias, db in settings.DATABASES.items()
        if db.get("ENGINE") in POSTGRESQL_ENGINES
    ]


def check_native_pool(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for alias, db in _postgresql_databases():
        if not (db.get("OPTIONS") or {}).get("pool"):
            continue
        errors += finding(
            db.get("CONN_MAX_AGE", 0) != 0,
            f"DATABASES['{alias}'] uses the native pool with CONN_MAX_AGE "
            f"{db.get('CONN_MAX_AGE')!r}; pooled connections cannot be persistent.",
            hint="Set CONN_MAX_AGE to 0 (unset DB_CONN_MAX_AGE).",
            id="aether_kit.E011",
        )
    return errors


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


def check_cookie_domain(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    domain = getattr(settings, "CSRF_COOKIE_DOMAIN", None)
    hosts = list(settings.ALLOWED_HOSTS)
    if not domain or not hosts or "*" in hosts:
        return []
    return finding(
        not any(_domain_covers(domain, host) for host in hosts),
        f"CSRF_COOKIE_DOMAIN is {domain!r}, which covers none of ALLOWED_HOSTS {hosts}; "
        "browsers would not send the CSRF cookie and every form post would fail.",
        hint="Unset CSRF_COOKIE_DOMAIN, or set it to the parent domain of the "
        "service's host names.",
        id="aether_kit.W004",
        level=Warning,
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_app_url, Tags.urls),
    (check_allowed_hosts, Tags.security),
    (check_cors_allow_all, Tags.security),
    (check_cors_installed, Tags.security),
    (check_native_pool, Tags.database),
    (check_connect_timeout, Tags.database),
    (check_cookie_domain, Tags.security),
)
