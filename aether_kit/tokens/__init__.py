"""Realm tokens, shared by the gateway and the Keycloak sign-in.

Each realm's discovery document, the JWKS cache of its signing keys, the
token verifier, the short-lived identity cache and the mapping of a token's
claims to a user.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

from .identity_cache import identity_cache as identity_cache

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "DiscoveryUnavailable": "discovery",
        "clear_discovery_cache": "discovery",
        "fetch_discovery": "discovery",
        "JWKSCache": "jwks",
        "KeysUnavailable": "jwks",
        "PublicKey": "jwks",
        "clear_jwks_caches": "jwks",
        "get_jwks_cache": "jwks",
        "UnknownRealm": "jwks",
        "VerifyingKey": "jws",
        "GatewayTokenVerifier": "verifier",
        "TokenRejected": "verifier",
        "WrongRealm": "verifier",
        "authorized_party": "verifier",
        "IdentityCache": "identity_cache",
        "GatewayUserMapper": "users",
        "profile_from_claims": "users",
        "username_fits": "users",
        "username_from_claims": "users",
        "username_max_length": "users",
    },
    imported=("identity_cache",),
)
