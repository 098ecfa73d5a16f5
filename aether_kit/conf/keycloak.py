"""Keycloak sign-in: where the server is, which client we are, how the login page looks."""

from __future__ import annotations

from typing import Any

from .env import Env
from .kit_settings import DEFAULTS

__all__ = [
    "KEYCLOAK_BACKEND",
    "KEYCLOAK_REFRESH_MIDDLEWARE",
    "MODEL_BACKEND",
    "configure_keycloak",
]

KEYCLOAK_BACKEND = "aether_kit.auth.keycloak.KeycloakBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# configure_keycloak cannot place a middleware (only the project knows its order):
# add this one to MIDDLEWARE after AuthenticationMiddleware (system check aether_kit.E040)
KEYCLOAK_REFRESH_MIDDLEWARE = "aether_kit.auth.keycloak.KeycloakRefreshMiddleware"


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
            "KEYCLOAK_REFRESH_MARGIN": env.int(
                "KEYCLOAK_REFRESH_MARGIN",
                DEFAULTS["KEYCLOAK_REFRESH_MARGIN"],
                min_value=0,
                max_value=3600,
            ),
            "AUTHENTICATION_BACKENDS": [KEYCLOAK_BACKEND, MODEL_BACKEND],
        }
    return result
