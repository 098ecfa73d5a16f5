"""Signing in with Keycloak: the backend, its login views, forms and refresh middleware.

``configure_keycloak(env)`` lists :class:`KeycloakBackend` in
``AUTHENTICATION_BACKENDS``; add :class:`KeycloakRefreshMiddleware` to
``MIDDLEWARE`` after ``AuthenticationMiddleware`` and include
``aether_kit.auth.urls`` at ``AUTH_URL``.
"""

from .backend import KeycloakBackend, get_keycloak_backend, get_session_backend
from .errors import (
    InvalidCredentials,
    KeycloakError,
    KeycloakRejected,
    KeycloakUnavailable,
    LoginStateError,
    TokenVerificationError,
)
from .flow import LoginFlow
from .middleware import KeycloakRefreshMiddleware
from .tokens import SessionTokens

__all__ = [
    "InvalidCredentials",
    "KeycloakBackend",
    "KeycloakError",
    "KeycloakRefreshMiddleware",
    "KeycloakRejected",
    "KeycloakUnavailable",
    "LoginFlow",
    "LoginStateError",
    "SessionTokens",
    "TokenVerificationError",
    "get_keycloak_backend",
    "get_session_backend",
]
