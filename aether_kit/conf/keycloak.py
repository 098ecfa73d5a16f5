"""Keycloak sign-in: where the server is, which client we are, how the login page looks."""

from __future__ import annotations

from typing import Any

from .env import Env
from .kit_settings import DEFAULTS

__all__ = [
    "CLIENT_AUTH_METHODS",
    "KEYCLOAK_BACKEND",
    "KEYCLOAK_REFRESH_MIDDLEWARE",
    "LOGOUT_MODES",
    "MODEL_BACKEND",
    "configure_keycloak",
]

KEYCLOAK_BACKEND = "aether_kit.auth.keycloak.KeycloakBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# configure_keycloak cannot place a middleware (only the project knows its order):
# add this one to MIDDLEWARE after AuthenticationMiddleware (system check aether_kit.E040)
KEYCLOAK_REFRESH_MIDDLEWARE = "aether_kit.auth.keycloak.KeycloakRefreshMiddleware"
# how the client proves its secret at the token endpoint (RFC 6749 §2.3.1; Keycloak takes both)
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")
# auto: Keycloak's server-side logout where the realm is Keycloak's, RP-initiated elsewhere
LOGOUT_MODES = ("auto", "server", "redirect")


def configure_keycloak(env: Env) -> dict[str, Any]:
    """Keycloak settings from aether.sdk's KEYCLOAK_* variables; off while the server is unset.

    With ``KEYCLOAK_SERVER_URL`` set, :data:`KEYCLOAK_BACKEND` is put in front of
    Django's ``ModelBackend``, which stays so that local accounts (the admin,
    DRF basic and token authentication) keep working. The same variable
    switches multitenancy on (a Keycloak realm is a tenant): that is written by
    ``configure_multitenancy``, the one writer of ``MULTITENANCY``.
    """
    if not env.is_set("KEYCLOAK_SERVER_URL"):
        return {"KEYCLOAK_SERVER_URL": None}
    with env.collect_errors():
        server_url = env.url("KEYCLOAK_SERVER_URL")
        client_id = env.str("KEYCLOAK_CLIENT_ID", DEFAULTS["KEYCLOAK_CLIENT_ID"])
        if "/" in client_id or " " in client_id:
            env.error("KEYCLOAK_CLIENT_ID", f"{client_id!r} must not hold '/' or blanks", None)
        result: dict[str, Any] = {
            "KEYCLOAK_SERVER_URL": server_url,
            "KEYCLOAK_CLIENT_ID": client_id,
            "KEYCLOAK_CLIENT_SECRET": env.str("KEYCLOAK_CLIENT_SECRET", None),
            # the issuer base as browsers and the gateway see it, when it is not
            # the address this service uses to reach Keycloak
            "KEYCLOAK_ISSUER_URL": env.url("KEYCLOAK_ISSUER_URL", None) or server_url,
            "KEYCLOAK_BEHIND_SCENES": env.bool("KEYCLOAK_BEHIND_SCENES"),
            "KEYCLOAK_TEMPLATE": env.str("KEYCLOAK_TEMPLATE", DEFAULTS["KEYCLOAK_TEMPLATE"]),
            "KEYCLOAK_BEHIND_TEMPLATE": env.str(
                "KEYCLOAK_BEHIND_TEMPLATE", DEFAULTS["KEYCLOAK_BEHIND_TEMPLATE"]
            ),
            "KEYCLOAK_SCOPE": _scope(env),
            "KEYCLOAK_USERNAME_CLAIM": env.str(
                "KEYCLOAK_USERNAME_CLAIM", DEFAULTS["KEYCLOAK_USERNAME_CLAIM"]
            ),
            "KEYCLOAK_CLIENT_AUTH_METHOD": _choice(
                env, "KEYCLOAK_CLIENT_AUTH_METHOD", CLIENT_AUTH_METHODS
            ),
            "KEYCLOAK_LOGOUT": _choice(env, "KEYCLOAK_LOGOUT", LOGOUT_MODES),
            "KEYCLOAK_REFRESH_MARGIN": env.int(
                "KEYCLOAK_REFRESH_MARGIN",
                DEFAULTS["KEYCLOAK_REFRESH_MARGIN"],
                min_value=0,
                max_value=3600,
            ),
            "AUTHENTICATION_BACKENDS": [KEYCLOAK_BACKEND, MODEL_BACKEND],
        }
    return result


def _scope(env: Env) -> str:
    """``KEYCLOAK_SCOPE``: space-separated scopes, ``openid`` among them (it is a sign-in)."""
    scope = " ".join(env.str("KEYCLOAK_SCOPE", DEFAULTS["KEYCLOAK_SCOPE"]).split())
    if "openid" not in scope.split():
        env.error("KEYCLOAK_SCOPE", f"{scope!r} must include 'openid'", None)
    return scope


def _choice(env: Env, name: str, choices: tuple[str, ...]) -> str:
    value = env.str(name, DEFAULTS[name]).strip().lower()
    if value not in choices:
        env.error(name, f"{value!r} is not one of {', '.join(choices)}", None)
        return str(DEFAULTS[name])
    return value
