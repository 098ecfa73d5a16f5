"""System checks for Keycloak sign-in (``aether_kit.E040`` to ``E049``, ``W040`` to ``W049``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.utils.module_loading import import_string

from aether_kit.conf.checking import CheckFunction, finding
from aether_kit.conf.keycloak import KEYCLOAK_BACKEND, KEYCLOAK_REFRESH_MIDDLEWARE
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.conf.multitenancy import REALM_MIDDLEWARE

__all__ = ["CHECKS", "KEYCLOAK_MIDDLEWARE_NAMES"]

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
KEYCLOAK_MIDDLEWARE_NAMES = (
    KEYCLOAK_REFRESH_MIDDLEWARE,
    "aether_kit.auth.keycloak.middleware.KeycloakRefreshMiddleware",
)
SIGNED_COOKIES = "django.contrib.sessions.backends.signed_cookies"


def _keycloak_on() -> bool:
    return bool(kit_settings.KEYCLOAK_SERVER_URL)


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_refresh_middleware(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    if not _keycloak_on():
        return []
    middleware = list(settings.MIDDLEWARE)
    found = [index for index, name in enumerate(middleware) if name in KEYCLOAK_MIDDLEWARE_NAMES]
    auth_index = (
        middleware.index(AUTHENTICATION_MIDDLEWARE)
        if AUTHENTICATION_MIDDLEWARE in middleware
        else None
    )
    if not found or (auth_index is not None and found[0] < auth_index):
        return [
            Error(
                "Keycloak is on but KeycloakRefreshMiddleware is missing or runs before "
                "AuthenticationMiddleware, so expired Keycloak logins would stay logged in.",
                hint=f"Add '{KEYCLOAK_REFRESH_MIDDLEWARE}' to MIDDLEWARE after "
                f"'{AUTHENTICATION_MIDDLEWARE}'.",
                id="aether_kit.E040",
            )
        ]
    return finding(
        REALM_MIDDLEWARE in middleware and found[0] > middleware.index(REALM_MIDDLEWARE),
        "KeycloakRefreshMiddleware runs after RealmMiddleware, so a user logged out "
        "by a refused refresh would still get the realm of the session for that request.",
        hint=f"Place '{KEYCLOAK_REFRESH_MIDDLEWARE}' right after "
        f"'{AUTHENTICATION_MIDDLEWARE}', before '{REALM_MIDDLEWARE}'.",
        id="aether_kit.W044",
        level=Warning,
    )


def check_keycloak_backend(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not _keycloak_on():
        return []
    from .backend import KeycloakBackend  # with Keycloak off, never imported

    for path in settings.AUTHENTICATION_BACKENDS:
        try:
            if issubclass(import_string(path), KeycloakBackend):
                return []
        except (ImportError, TypeError):
            continue
    return [
        Error(
            "Keycloak is on but no KeycloakBackend is listed in AUTHENTICATION_BACKENDS, "
            "so nobody can sign in with Keycloak.",
            hint=f"Add '{KEYCLOAK_BACKEND}' (or your subclass) to AUTHENTICATION_BACKENDS, "
            "or use configure_keycloak(env), which does.",
            id="aether_kit.E041",
        )
    ]


def check_keycloak_urls(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not _keycloak_on():
        return []
    errors: list[CheckMessage] = []
    for name in ("KEYCLOAK_SERVER_URL", "KEYCLOAK_ISSUER_URL"):
        value = getattr(kit_settings, name)
        errors += finding(
            value is not None and not _is_url(value),
            f"{name} is {value!r}, which is not an absolute http:// or https:// URL.",
            hint="Use the base up to and including /realms, "
            "e.g. 'https://keycloak.example.org/realms'.",
            id="aether_kit.E042",
        )
    server_url = kit_settings.KEYCLOAK_SERVER_URL
    errors += finding(
        not errors and not urlsplit(server_url).path.rstrip("/").endswith("/realms"),
        f"KEYCLOAK_SERVER_URL is {server_url!r}, which does not end with '/realms'.",
        hint="KEYCLOAK_SERVER_URL is the base up to and including /realms: "
        "'http://keycloak:8080/realms' (or '.../auth/realms' before Keycloak 17).",
        id="aether_kit.W040",
        level=Warning,
    )
    return errors


def check_keycloak_client(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not _keycloak_on():
        return []
    errors: list[CheckMessage] = []
    client_id = kit_settings.KEYCLOAK_CLIENT_ID
    errors += finding(
        not isinstance(client_id, str) or not client_id.strip(),
        f"KEYCLOAK_CLIENT_ID is {client_id!r}; Keycloak needs a client id.",
        hint="Set KEYCLOAK_CLIENT_ID to the client's id in each realm (default 'eha').",
        id="aether_kit.E043",
    )
    margin = kit_settings.KEYCLOAK_REFRESH_MARGIN
    errors += finding(
        isinstance(margin, bool) or not isinstance(margin, (int, float)) or margin < 0,
        f"KEYCLOAK_REFRESH_MARGIN is {margin!r}; it must be 0 or more seconds.",
        hint="Keep it well below the access token lifetime, e.g. 30.",
        id="aether_kit.E044",
    )
    return errors


def check_session_storage(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not _keycloak_on():
        return []
    warnings: list[CheckMessage] = []
    warnings += finding(
        getattr(settings, "SESSION_ENGINE", "") == SIGNED_COOKIES,
        "Keycloak tokens are kept in the session, and SESSION_ENGINE keeps the "
        "session in a cookie: the tokens would travel to the browser.",
        hint="Use a server-side session engine such as "
        "'django.contrib.sessions.backends.db' or '...cached_db'.",
        id="aether_kit.W041",
        level=Warning,
    )
    warnings += finding(
        not getattr(settings, "SESSION_COOKIE_HTTPONLY", True),
        "SESSION_COOKIE_HTTPONLY is off: scripts on the page can read the session "
        "cookie of Keycloak logins.",
        hint="Remove SESSION_COOKIE_HTTPONLY = False.",
        id="aether_kit.W042",
        level=Warning,
    )
    warnings += finding(
        not kit_settings.MULTITENANCY,
        "Keycloak is on but MULTITENANCY is off: users of every realm would see the same data.",
        hint="Set MULTITENANCY = True (configure_multitenancy does while "
        "KEYCLOAK_SERVER_URL is set).",
        id="aether_kit.W043",
        level=Warning,
    )
    return warnings


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_refresh_middleware, Tags.security),
    (check_keycloak_backend, Tags.security),
    (check_keycloak_urls, Tags.compatibility),
    (check_keycloak_client, Tags.compatibility),
    (check_session_storage, Tags.security),
)
