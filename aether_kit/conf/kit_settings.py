"""The kit's run-time options, read lazily from Django settings with documented defaults.

Every option keeps the top-level name aether.sdk used (``settings.APP_NAME``,
``settings.MULTITENANCY`` …) so a migrated project's own code that reads them
keeps working; this object is the one place the kit itself reads them from,
and :data:`DEFAULTS` is the one place their defaults are written down.

Values are looked up on every access (Django caches settings attributes), so
``override_settings`` in tests needs no cache invalidation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

__all__ = ["DEFAULTS", "KitSettings", "kit_settings"]

DEFAULTS: dict[str, Any] = {
    # application identity, shown by /check-app and the pages
    "APP_NAME": "eHealth Africa",
    "APP_NAME_HTML": None,  # falls back to APP_NAME
    "APP_LINK": "http://www.ehealthafrica.org",
    "APP_URL": "/",
    "APP_MODULE": "",
    "APP_FAVICON": "",
    "APP_LOGO": "",
    "VERSION": "#.#.#",
    "REVISION": "---",
    "TESTING": False,
    # URL segments (without slashes) of the kit's endpoints, relative to APP_URL
    "ADMIN_URL": "admin",
    "AUTH_URL": "accounts",
    "TOKEN_URL": "token",
    "CHECK_TOKEN_URL": "check-user-tokens",
    # templates
    "LOGIN_TEMPLATE": "aether_kit/login.html",
    "LOGGED_OUT_TEMPLATE": "aether_kit/logged_out.html",
    "DRF_API_RENDERER_TEMPLATE": "aether_kit/api.html",
    "DRF_ADMIN_RENDERER_TEMPLATE": "aether_kit/admin.html",
    "PRETTIFIED_CUTOFF": 10000,
    # outbound HTTP
    "REQUEST_ERROR_RETRIES": 3,
    "REQUEST_CONNECT_TIMEOUT": 5.0,
    "REQUEST_READ_TIMEOUT": 30.0,
    # multitenancy
    "MULTITENANCY": False,
    "DEFAULT_REALM": "eha",
    "REALM_COOKIE": "eha-realm",
    "NO_MULTITENANCY_REALM": "~",
    # gateway (off while GATEWAY_SERVICE_ID is unset) and Keycloak (off while unset)
    "GATEWAY_SERVICE_ID": None,
    "GATEWAY_PUBLIC_REALM": "-",
    "GATEWAY_HEADER_TOKEN": "X-Oauth-Token",
    "KEYCLOAK_SERVER_URL": None,
    "KEYCLOAK_CLIENT_ID": "eha",
    "KEYCLOAK_CLIENT_SECRET": None,
    "KEYCLOAK_ISSUER_URL": None,
    "KEYCLOAK_BEHIND_SCENES": False,
    # Keycloak sign-in pages and session tokens
    "KEYCLOAK_TEMPLATE": "aether_kit/login_realm.html",
    "KEYCLOAK_BEHIND_TEMPLATE": "aether_kit/login_keycloak.html",
    "KEYCLOAK_REFRESH_MARGIN": 30,  # seconds before expiry at which a token is refreshed
    # gateway token verification (aether_kit.gateway)
    "GATEWAY_JWT_ALGORITHMS": ["RS256", "ES256"],
    "GATEWAY_JWT_AUDIENCE": None,  # accepted "aud" values; None: not checked
    "GATEWAY_JWT_AUTHORIZED_PARTIES": None,  # accepted "azp" values; None: not checked
    "GATEWAY_JWT_LEEWAY": 10,  # seconds of clock skew allowed on exp / nbf / iat
    "GATEWAY_JWKS_CACHE_TTL": 600,  # seconds a realm's keys are trusted before a refetch
    "GATEWAY_JWKS_MIN_REFETCH_INTERVAL": 10.0,  # seconds between refetches on unknown kids
    "GATEWAY_TOKEN_CACHE_TTL": 30,  # seconds a verified token's user is remembered; 0: never
    "GATEWAY_TOKEN_VERIFIER": "aether_kit.gateway.verifier.GatewayTokenVerifier",
    "GATEWAY_USER_MAPPER": "aether_kit.gateway.users.GatewayUserMapper",
    # health
    "HEALTH_CHECK_DATABASES": ["default"],
}


class KitSettings:
    """Attribute access to the kit's options: ``kit_settings.APP_NAME``."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"'{name}' is not an aether_kit setting")
        value = getattr(settings, name, DEFAULTS[name])
        if name == "APP_NAME_HTML" and not value:
            return self.APP_NAME
        return value

    def __dir__(self) -> list[str]:
        return sorted(DEFAULTS)


kit_settings = KitSettings()
