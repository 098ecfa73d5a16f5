"""Behind the API gateway: URL shapes, link prefixes and locally verified gateway tokens."""

from .authentication import (
    GatewayAuthentication,
    GatewayIdentity,
    IdentityProviderUnavailable,
    authenticate_gateway_request,
    clear_gateway_caches,
    get_gateway_token,
)
from .fields import (
    GatewayHyperlinkedIdentityField,
    GatewayHyperlinkedModelSerializer,
    GatewayHyperlinkedRelatedField,
)
from .identity_cache import IdentityCache, identity_cache
from .jwks import JWKSCache, KeysUnavailable, clear_jwks_caches, get_jwks_cache
from .middleware import GatewayAuthenticationMiddleware
from .paths import GatewayPath, parse_gateway_path, request_gateway_path
from .reverse import keep_gateway_prefix, reverse
from .routers import GatewayAPIRootView, GatewayDefaultRouter
from .urls import GatewayPrefixResolver, RealmURLResolver
from .users import GatewayUserMapper
from .verifier import GatewayTokenVerifier, TokenRejected

__all__ = [
    "GatewayAPIRootView",
    "GatewayAuthentication",
    "GatewayAuthenticationMiddleware",
    "GatewayDefaultRouter",
    "GatewayHyperlinkedIdentityField",
    "GatewayHyperlinkedModelSerializer",
    "GatewayHyperlinkedRelatedField",
    "GatewayIdentity",
    "GatewayPath",
    "GatewayPrefixResolver",
    "GatewayTokenVerifier",
    "GatewayUserMapper",
    "IdentityCache",
    "IdentityProviderUnavailable",
    "JWKSCache",
    "KeysUnavailable",
    "RealmURLResolver",
    "TokenRejected",
    "authenticate_gateway_request",
    "clear_gateway_caches",
    "clear_jwks_caches",
    "get_gateway_token",
    "get_jwks_cache",
    "identity_cache",
    "keep_gateway_prefix",
    "parse_gateway_path",
    "request_gateway_path",
    "reverse",
]
