"""System checks of the gateway settings (``aether_kit.E030`` to ``E039``, ``W030`` to ``W039``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning

from aether_kit.conf.checking import CheckFunction, class_findings, finding
from aether_kit.conf.gateway import ASYMMETRIC_ALGORITHMS
from aether_kit.conf.kit_settings import kit_settings

__all__ = ["CHECKS", "GATEWAY_AUTHENTICATION", "GATEWAY_MIDDLEWARE"]

GATEWAY_AUTHENTICATION = "aether_kit.gateway.GatewayAuthentication"
GATEWAY_AUTHENTICATION_ALIASES = (
    GATEWAY_AUTHENTICATION,
    "aether_kit.gateway.authentication.GatewayAuthentication",
)
GATEWAY_MIDDLEWARE = "aether_kit.gateway.GatewayAuthenticationMiddleware"
GATEWAY_MIDDLEWARE_ALIASES = (
    GATEWAY_MIDDLEWARE,
    "aether_kit.gateway.middleware.GatewayAuthenticationMiddleware",
)
AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def _authentication_classes() -> list[str]:
    drf = getattr(settings, "REST_FRAMEWORK", {})
    return [str(name) for name in drf.get("DEFAULT_AUTHENTICATION_CLASSES", [])]


def _number(value: Any, minimum: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and value >= minimum


def check_gateway_keycloak(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return finding(
        kit_settings.GATEWAY_SERVICE_ID and not kit_settings.KEYCLOAK_SERVER_URL,
        "The gateway is on (GATEWAY_SERVICE_ID is set) but KEYCLOAK_SERVER_URL is not, "
        "so no gateway token can be verified.",
        hint="Set KEYCLOAK_SERVER_URL to Keycloak's base URL up to and including "
        "'/realms', or unset GATEWAY_SERVICE_ID.",
        id="aether_kit.E030",
    )


def check_gateway_algorithms(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    algorithms = kit_settings.GATEWAY_JWT_ALGORITHMS
    if (
        isinstance(algorithms, str)
        or not algorithms
        or not set(algorithms) <= ASYMMETRIC_ALGORITHMS
    ):
        return [
            Error(
                f"GATEWAY_JWT_ALGORITHMS is {algorithms!r}; only asymmetric algorithms can "
                "verify gateway tokens ('none' and HS* would accept forged tokens).",
                hint=f"Use a list from {sorted(ASYMMETRIC_ALGORITHMS)}, e.g. ['RS256'].",
                id="aether_kit.E031",
            )
        ]
    return []


def check_gateway_numbers(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name, minimum in (
        ("GATEWAY_JWT_LEEWAY", 0),
        ("GATEWAY_JWKS_CACHE_TTL", 1),
        ("GATEWAY_JWKS_MIN_REFETCH_INTERVAL", 0),
        ("GATEWAY_JWKS_UNKNOWN_REALM_TTL", 0),
        ("GATEWAY_TOKEN_CACHE_TTL", 0),
    ):
        value = getattr(kit_settings, name)
        errors += finding(
            not _number(value, minimum),
            f"{name} is {value!r}; it must be a number of seconds, at least {minimum}.",
            hint=f"Set {name} as configure_gateway documents it.",
            id="aether_kit.E032",
        )
    return errors


def check_gateway_classes(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for name in ("GATEWAY_TOKEN_VERIFIER", "GATEWAY_USER_MAPPER"):
        errors += class_findings(
            name,
            getattr(kit_settings, name),
            import_id="aether_kit.E033",
            hint=f"Name a class by its dotted path, or remove {name} for the default.",
        )
    return errors


def check_gateway_middleware_order(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    positions = [
        middleware.index(name) for name in GATEWAY_MIDDLEWARE_ALIASES if name in middleware
    ]
    if not positions:
        return []
    if AUTHENTICATION_MIDDLEWARE not in middleware or middleware.index(
        AUTHENTICATION_MIDDLEWARE
    ) > min(positions):
        return [
            Error(
                "GatewayAuthenticationMiddleware runs before AuthenticationMiddleware, which "
                "would replace the user it sets.",
                hint=f"Put '{GATEWAY_MIDDLEWARE}' after '{AUTHENTICATION_MIDDLEWARE}'.",
                id="aether_kit.E034",
            )
        ]
    return []


def check_gateway_authentication(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    if not kit_settings.GATEWAY_SERVICE_ID:
        return []
    classes = _authentication_classes()
    installed = [name for name in GATEWAY_AUTHENTICATION_ALIASES if name in classes]
    middleware = any(name in settings.MIDDLEWARE for name in GATEWAY_MIDDLEWARE_ALIASES)
    if not installed and not middleware:
        return [
            Warning(
                "The gateway is on but nothing reads its token header, so gateway requests "
                "would arrive anonymous.",
                hint=f"Add '{GATEWAY_AUTHENTICATION}' first in REST_FRAMEWORK"
                f"['DEFAULT_AUTHENTICATION_CLASSES'] and/or '{GATEWAY_MIDDLEWARE}' to MIDDLEWARE.",
                id="aether_kit.W030",
            )
        ]
    return finding(
        installed and classes.index(installed[0]) != 0,
        "GatewayAuthentication is not the first DRF authentication class: a rejected "
        "token would answer 403 without WWW-Authenticate, and SessionAuthentication "
        "could demand a CSRF token from a header-authenticated request.",
        hint=f"Move '{GATEWAY_AUTHENTICATION}' to the front of "
        "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'].",
        id="aether_kit.W031",
        level=Warning,
    )


def check_gateway_token_audience(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Without ``aud`` or ``azp`` checks, a token any client of the realm got is accepted."""
    return finding(
        bool(kit_settings.GATEWAY_SERVICE_ID)
        and not settings.DEBUG
        and not kit_settings.GATEWAY_JWT_AUDIENCE
        and not kit_settings.GATEWAY_JWT_AUTHORIZED_PARTIES,
        "The gateway is on and neither GATEWAY_JWT_AUDIENCE nor "
        "GATEWAY_JWT_AUTHORIZED_PARTIES is set, so a token issued to any client of the "
        "realm (another service, a public test client) is accepted here.",
        hint="Set GATEWAY_JWT_AUTHORIZED_PARTIES to the gateway's Keycloak client id, or "
        "GATEWAY_JWT_AUDIENCE to this service's audience.",
        id="aether_kit.W032",
        level=Warning,
    )


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_gateway_keycloak, Tags.security),
    (check_gateway_algorithms, Tags.security),
    (check_gateway_numbers, Tags.compatibility),
    (check_gateway_classes, Tags.compatibility),
    (check_gateway_middleware_order, Tags.security),
    (check_gateway_authentication, Tags.security),
    (check_gateway_token_audience, Tags.security),
)
