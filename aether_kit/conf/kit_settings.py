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
    "APP_LINK": "",  # no vendor's link unless the project names one
    "APP_URL": "/",
    "APP_MODULE": "",
    "APP_FAVICON": "",
    "APP_LOGO": "",
    "APP_EXTRA_STYLE": None,  # a stylesheet loaded after the kit's own (static name or URL)
    "APP_EXTRA_META": None,  # the pages' <meta name="description">
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
    # seconds a dependency (a Redis server, an HTTP origin) that timed out or refused is
    # left alone before one call tries it again (aether_kit.breaker)
    "DEPENDENCY_BACKOFF": 10.0,
    # multitenancy
    "MULTITENANCY": False,
    "DEFAULT_REALM": "eha",
    "REALM_COOKIE": "eha-realm",
    "NO_MULTITENANCY_REALM": "~",
    # PostgreSQL row-level security under the ORM's realm filter (policies from migrations)
    "MULTITENANCY_RLS": False,
    # where RealmMiddleware looks for the realm, first answer wins
    "REALM_RESOLVERS": [
        "aether_kit.multitenancy.resolvers.GatewayPathResolver",
        "aether_kit.multitenancy.resolvers.AdminSiteResolver",
        "aether_kit.multitenancy.resolvers.UserRealmResolver",
        "aether_kit.multitenancy.resolvers.SessionResolver",
        "aether_kit.multitenancy.resolvers.CookieResolver",
        "aether_kit.multitenancy.resolvers.HeaderResolver",
    ],
    # endpoints under APP_URL (or a gateway prefix) RealmMiddleware leaves alone: probes
    # must answer without session, user or realm work, whatever cookies they carry
    "REALM_EXEMPT_PATHS": ["health", "check-db", "check-app", "check-ready"],
    # gateway (off while GATEWAY_SERVICE_ID is unset) and Keycloak (off while unset)
    "GATEWAY_SERVICE_ID": None,
    "GATEWAY_PUBLIC_REALM": "-",
    "GATEWAY_HEADER_TOKEN": "X-Oauth-Token",
    # where the pages' "Sign out" sends a user the gateway signed in; None: no such button
    "GATEWAY_LOGOUT_URL": None,
    "KEYCLOAK_SERVER_URL": None,
    "KEYCLOAK_CLIENT_ID": "eha",
    "KEYCLOAK_CLIENT_SECRET": None,
    "KEYCLOAK_ISSUER_URL": None,
    "KEYCLOAK_BEHIND_SCENES": False,
    "KEYCLOAK_SCOPE": "openid profile email",
    "KEYCLOAK_USERNAME_CLAIM": "preferred_username",
    "KEYCLOAK_CLIENT_AUTH_METHOD": "client_secret_basic",
    "KEYCLOAK_LOGOUT": "auto",
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
    "GATEWAY_JWKS_UNKNOWN_REALM_TTL": 60.0,  # seconds a realm whose JWKS answered 4xx stays unknown
    "GATEWAY_TOKEN_CACHE_TTL": 30,  # seconds a verified token's user is remembered; 0: never
    "GATEWAY_TOKEN_VERIFIER": "aether_kit.tokens.verifier.GatewayTokenVerifier",
    "GATEWAY_USER_MAPPER": "aether_kit.tokens.users.GatewayUserMapper",
    # health
    "HEALTH_CHECK_DATABASES": ["default"],
    # external apps: {name: {"url", "token", "test": {"url", "token"}}}
    "EXTERNAL_APPS": {},
    # readiness (/check-ready): the checks to run, and how long each may take in seconds
    "HEALTH_CHECKS": [
        "aether_kit.health.probes.DatabaseCheck",
        "aether_kit.health.probes.CacheCheck",
        "aether_kit.health.probes.CacheopsCheck",
        "aether_kit.health.probes.StorageCheck",
        "aether_kit.health.probes.RQCheck",
    ],
    "HEALTH_CHECK_TIMEOUT": 5.0,
    # cache
    "DJANGO_USE_CACHE": False,
    "CACHE_TTL": 300,
    # metrics: the bearer token that may read them besides staff, and the realm label's cap
    "METRICS_ENABLED": False,
    "METRICS_TOKEN": None,
    "METRICS_MAX_REALMS": 100,
    # logging: the header carrying the request id in and out
    "REQUEST_ID_HEADER": "X-Request-ID",
    # operations: storage, scheduler, profiling, webpack (all off by default)
    "STORAGE_REQUIRED": False,
    "CDN_URL": None,
    "SCHEDULER_REQUIRED": False,
    "PROFILING_ENABLED": False,
    "WEBPACK_REQUIRED": False,
    "WEBPACK_STATS_FILE": None,
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
