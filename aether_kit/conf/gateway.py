"""The API gateway: its service id, token header, public realm and token rules."""

from __future__ import annotations

from typing import Any

from .env import Env
from .kit_settings import DEFAULTS

__all__ = ["ASYMMETRIC_ALGORITHMS", "configure_gateway", "gateway_public_prefix"]

# Signature algorithms whose verification key is public. A symmetric algorithm
# (HS*) would let anyone holding the published key forge tokens; "none" signs nothing.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)


def configure_gateway(env: Env) -> dict[str, Any]:
    """Gateway settings; the gateway is on when ``GATEWAY_SERVICE_ID`` is set.

    Behind the gateway each service is reached at
    ``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/…`` and the user's token arrives in
    ``GATEWAY_HEADER_TOKEN``. As in aether.sdk, the sign-in pages then live
    under the public realm (``<APP_URL>-/<GATEWAY_SERVICE_ID>/``); ``configure_app``,
    the one writer of ``LOGIN_URL`` and the forwarded-host switches, follows
    :func:`gateway_public_prefix` there. Tokens are verified against
    ``KEYCLOAK_SERVER_URL``, read by ``configure_keycloak``; the system check
    ``aether_kit.E030`` reports a gateway without it.
    """
    with env.collect_errors():
        service_id = env.str("GATEWAY_SERVICE_ID", None)
        if service_id is not None and not _is_segment(service_id):
            service_id = env.error(
                "GATEWAY_SERVICE_ID",
                f"{service_id!r} must be one URL path segment such as 'my-service'",
                None,
            )
        public_realm = env.str("GATEWAY_PUBLIC_REALM", DEFAULTS["GATEWAY_PUBLIC_REALM"])
        if not _is_segment(public_realm):
            env.error(
                "GATEWAY_PUBLIC_REALM",
                f"{public_realm!r} must be one URL path segment such as '-'",
                None,
            )
        header = env.str("GATEWAY_HEADER_TOKEN", DEFAULTS["GATEWAY_HEADER_TOKEN"])
        if not all(char.isalnum() or char in "-_" for char in header):
            env.error(
                "GATEWAY_HEADER_TOKEN",
                f"{header!r} is not an HTTP header name such as 'X-Oauth-Token'",
                None,
            )
        logout_url = env.str("GATEWAY_LOGOUT_URL", None)
        if logout_url is not None and not logout_url.startswith(("/", "https://", "http://")):
            logout_url = env.error(
                "GATEWAY_LOGOUT_URL",
                f"{logout_url!r} must be an absolute path or an http(s) URL such as "
                "'/oidc/callback?logout=/'",
                None,
            )
        algorithms = env.list("GATEWAY_JWT_ALGORITHMS", DEFAULTS["GATEWAY_JWT_ALGORITHMS"])
        refused = [alg for alg in algorithms if alg not in ASYMMETRIC_ALGORITHMS]
        if refused or not algorithms:
            env.error(
                "GATEWAY_JWT_ALGORITHMS",
                f"{refused or 'nothing'} cannot verify gateway tokens; use asymmetric "
                f"algorithms from {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}",
                None,
            )
        result: dict[str, Any] = {
            "GATEWAY_SERVICE_ID": service_id,
            # aether.sdk's names, for project code that reads them
            "GATEWAY_ENABLED": bool(service_id),
            "GATEWAY_PUBLIC_PATH": f"{public_realm}/{service_id}" if service_id else None,
            "GATEWAY_PUBLIC_REALM": public_realm,
            "GATEWAY_HEADER_TOKEN": header,
            "GATEWAY_LOGOUT_URL": logout_url,
            "GATEWAY_JWT_ALGORITHMS": algorithms,
            "GATEWAY_JWT_AUDIENCE": env.list("GATEWAY_JWT_AUDIENCE", []) or None,
            "GATEWAY_JWT_AUTHORIZED_PARTIES": (
                env.list("GATEWAY_JWT_AUTHORIZED_PARTIES", []) or None
            ),
            "GATEWAY_JWT_LEEWAY": env.int(
                "GATEWAY_JWT_LEEWAY", DEFAULTS["GATEWAY_JWT_LEEWAY"], min_value=0, max_value=300
            ),
            "GATEWAY_JWKS_CACHE_TTL": env.int(
                "GATEWAY_JWKS_CACHE_TTL", DEFAULTS["GATEWAY_JWKS_CACHE_TTL"], min_value=1
            ),
            "GATEWAY_JWKS_MIN_REFETCH_INTERVAL": env.float(
                "GATEWAY_JWKS_MIN_REFETCH_INTERVAL",
                DEFAULTS["GATEWAY_JWKS_MIN_REFETCH_INTERVAL"],
                min_value=0,
            ),
            "GATEWAY_JWKS_UNKNOWN_REALM_TTL": env.float(
                "GATEWAY_JWKS_UNKNOWN_REALM_TTL",
                DEFAULTS["GATEWAY_JWKS_UNKNOWN_REALM_TTL"],
                min_value=0,
            ),
            "GATEWAY_TOKEN_CACHE_TTL": env.int(
                "GATEWAY_TOKEN_CACHE_TTL",
                DEFAULTS["GATEWAY_TOKEN_CACHE_TTL"],
                min_value=0,
                max_value=300,
            ),
        }
    return result


def gateway_public_prefix(env: Env) -> str | None:
    """``<GATEWAY_PUBLIC_REALM>/<GATEWAY_SERVICE_ID>/`` while the gateway is on, else None.

    Where the sign-in and admin pages live below ``APP_URL`` behind the gateway.
    The values are taken as written: ``configure_gateway`` reports bad ones.
    """
    service_id = env.str("GATEWAY_SERVICE_ID", None)
    if not service_id:
        return None
    public_realm = env.str("GATEWAY_PUBLIC_REALM", DEFAULTS["GATEWAY_PUBLIC_REALM"])
    return f"{public_realm.strip('/')}/{service_id.strip('/')}/"


def _is_segment(value: str) -> bool:
    """One URL path segment: no slash, query or fragment marks, blanks or control characters."""
    return bool(value) and not any(
        char in "/?#%" or char.isspace() or not char.isprintable() for char in value
    )
