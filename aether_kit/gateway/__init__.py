"""Behind the API gateway: URL shapes, link prefixes and locally verified gateway tokens.

The token machinery itself (JWKS cache, verifier, identity cache, user
mapping) lives in :mod:`aether_kit.tokens` and the path parser in
:mod:`aether_kit.realms.paths`; their names stay importable from here.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports
from aether_kit.tokens.identity_cache import identity_cache as identity_cache

from .reverse import reverse as reverse

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "GatewayAuthentication": "authentication",
        "GatewayIdentity": "authentication",
        "IdentityProviderUnavailable": "authentication",
        "authenticate_gateway_request": "authentication",
        "clear_gateway_caches": "authentication",
        "get_gateway_token": "authentication",
        "signed_in_by_gateway": "authentication",
        "GatewayHyperlinkedIdentityField": "fields",
        "GatewayHyperlinkedModelSerializer": "fields",
        "GatewayHyperlinkedRelatedField": "fields",
        "GatewayAuthenticationMiddleware": "middleware",
        "keep_gateway_prefix": "reverse",
        "GatewayAPIRootView": "routers",
        "GatewayDefaultRouter": "routers",
        "GatewayPrefixResolver": "urls",
        "RealmURLResolver": "urls",
        "GatewayPath": "aether_kit.realms.paths",
        "parse_gateway_path": "aether_kit.realms.paths",
        "request_gateway_path": "aether_kit.realms.paths",
        "IdentityCache": "aether_kit.tokens.identity_cache",
        "JWKSCache": "aether_kit.tokens.jwks",
        "KeysUnavailable": "aether_kit.tokens.jwks",
        "clear_jwks_caches": "aether_kit.tokens.jwks",
        "get_jwks_cache": "aether_kit.tokens.jwks",
        "UnknownRealm": "aether_kit.tokens.jwks",
        "GatewayUserMapper": "aether_kit.tokens.users",
        "GatewayTokenVerifier": "aether_kit.tokens.verifier",
        "TokenRejected": "aether_kit.tokens.verifier",
    },
    imported=("identity_cache", "reverse"),
)
