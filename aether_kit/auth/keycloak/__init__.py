"""Signing in with Keycloak: the backend, its login views, forms and refresh middleware.

``configure_keycloak(env)`` lists :class:`KeycloakBackend` in
``AUTHENTICATION_BACKENDS``; add :class:`KeycloakRefreshMiddleware` to
``MIDDLEWARE`` after ``AuthenticationMiddleware`` and include
``aether_kit.auth.urls`` at ``AUTH_URL``.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "KeycloakBackend": "backend",
        "get_keycloak_backend": "backend",
        "get_session_backend": "backend",
        "KeycloakClient": "client",
        "InvalidCredentials": "errors",
        "KeycloakError": "errors",
        "KeycloakRejected": "errors",
        "KeycloakUnavailable": "errors",
        "LoginStateError": "errors",
        "LogoutFailed": "errors",
        "TokenVerificationError": "errors",
        "LoginFlow": "flow",
        "KeycloakRefreshMiddleware": "middleware",
        "SessionTokens": "tokens",
    },
)
