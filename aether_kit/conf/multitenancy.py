"""Multitenancy switches: on or off, the default realm and the realm cookie's name."""

from __future__ import annotations

import re
from typing import Any

from aether_kit.realms.names import REALM_PATTERN

from .env import Env
from .kit_settings import DEFAULTS

__all__ = ["configure_multitenancy"]

# the dotted path a MIDDLEWARE list names the realm middleware by
REALM_MIDDLEWARE = "aether_kit.multitenancy.RealmMiddleware"
# the cookie name is also sent as a header name: keep it to an HTTP token
COOKIE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def configure_multitenancy(env: Env) -> dict[str, Any]:
    """MULTITENANCY, MULTITENANCY_RLS, DEFAULT_REALM and REALM_COOKIE.

    As in aether.sdk, setting ``KEYCLOAK_SERVER_URL`` switches multitenancy on:
    every Keycloak realm is a tenant. ``DEFAULT_REALM`` owns the data created
    while multitenancy was off. ``MULTITENANCY_RLS`` adds PostgreSQL row-level
    security under the ORM's filter (the policies come from migrations).
    """
    with env.collect_errors():
        multitenancy = env.bool("MULTITENANCY") or env.is_set("KEYCLOAK_SERVER_URL")
        rls = env.bool("MULTITENANCY_RLS")
        default_realm = env.str("DEFAULT_REALM", DEFAULTS["DEFAULT_REALM"])
        if not REALM_PATTERN.fullmatch(default_realm):
            env.error(
                "DEFAULT_REALM",
                f"{default_realm!r} is not a realm name: use 1 to 63 letters, digits, "
                "'-' or '_', starting with a letter or digit",
                None,
            )
        realm_cookie = env.str("REALM_COOKIE", DEFAULTS["REALM_COOKIE"])
        if not COOKIE_NAME_PATTERN.fullmatch(realm_cookie):
            env.error(
                "REALM_COOKIE",
                f"{realm_cookie!r} must be a cookie and header name: letters, digits, '-' and '_'",
                None,
            )
    return {
        "MULTITENANCY": multitenancy,
        "MULTITENANCY_RLS": rls,
        "DEFAULT_REALM": default_realm,
        "REALM_COOKIE": realm_cookie,
        "NO_MULTITENANCY_REALM": DEFAULTS["NO_MULTITENANCY_REALM"],
    }
