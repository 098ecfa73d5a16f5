"""Authentication by the gateway's token header, for DRF views and (via the middleware) others.

A request is authenticated when the gateway is on, the path names a realm
(``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/…``) and ``GATEWAY_HEADER_TOKEN``
carries an access token of that realm's Keycloak. The token is verified
locally and the user found by one query: no session row is written and
Keycloak is not called. The realm is bound here, from the path, whatever any
other middleware decided. A header token needs no CSRF cookie: a cross-site
form cannot set a header.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.realms.paths import request_gateway_path
from aether_kit.tokens.discovery import clear_discovery_cache
from aether_kit.tokens.identity_cache import identity_cache
from aether_kit.tokens.jwks import KeysUnavailable, clear_jwks_caches
from aether_kit.tokens.users import GatewayUserMapper
from aether_kit.tokens.verifier import GatewayTokenVerifier, TokenRejected

__all__ = [
    "GatewayAuthentication",
    "GatewayIdentity",
    "IdentityProviderUnavailable",
    "authenticate_gateway_request",
    "clear_gateway_caches",
    "get_gateway_token",
    "settle_from_memory",
    "signed_in_by_gateway",
    "www_authenticate",
]

logger = logging.getLogger(__name__)

_RESULT_ATTRIBUTE = "_aether_kit_gateway_identity"
_UNSET = object()
_VERIFY = object()  # the token must be verified: keys, claims, the user in the database


@dataclass(frozen=True)
class GatewayIdentity:
    """Who a gateway request is from: the user, the verified claims, the realm."""

    user: Any
    claims: dict[str, Any]
    realm: str


class IdentityProviderUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The identity provider cannot be reached; try again later."
    default_code = "identity_provider_unavailable"


@lru_cache(maxsize=8)
def _load(path: str) -> Any:
    return import_string(path)()


def get_verifier() -> GatewayTokenVerifier:
    verifier: GatewayTokenVerifier = _load(kit_settings.GATEWAY_TOKEN_VERIFIER)
    return verifier


def get_user_mapper() -> GatewayUserMapper:
    mapper: GatewayUserMapper = _load(kit_settings.GATEWAY_USER_MAPPER)
    return mapper


def get_gateway_token(request: HttpRequest) -> str | None:
    """The token in ``GATEWAY_HEADER_TOKEN`` (a ``Bearer`` prefix is tolerated); None if absent."""
    value = request.headers.get(kit_settings.GATEWAY_HEADER_TOKEN)
    if value is None:
        return None
    value = value.strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value


def authenticate_gateway_request(request: HttpRequest) -> GatewayIdentity | None:
    """The identity of a gateway request, None when it carries no token for a realm path.

    Raises :class:`TokenRejected` for a token that does not authenticate and
    :class:`~aether_kit.tokens.jwks.KeysUnavailable` when Keycloak's keys
    cannot be fetched. The outcome is kept on the request, so the middleware
    and the DRF class together verify a token once.
    """
    outcome = request.__dict__.get(_RESULT_ATTRIBUTE, _UNSET)
    if outcome is _UNSET:
        outcome = _authenticate(request)
        setattr(request, _RESULT_ATTRIBUTE, outcome)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def signed_in_by_gateway(request: Any) -> bool:
    """Whether the gateway's token signed this request's user in (a DRF request too).

    Such a user signs out at the gateway: the kit's own sign-out ends only a
    session the kit started.
    """
    django_request = getattr(request, "_request", request)
    return isinstance(django_request.__dict__.get(_RESULT_ATTRIBUTE), GatewayIdentity)


def settle_from_memory(request: HttpRequest) -> bool:
    """Settle the request's gateway identity if that needs no I/O; whether it did.

    True when the request needs no verification (gateway off, no realm path,
    no token) or its token is in the verified-token cache; the outcome is then
    kept on the request as :func:`authenticate_gateway_request` keeps it. An
    async caller runs the full check in a thread only when this says False.
    """
    if _RESULT_ATTRIBUTE in request.__dict__:
        return True
    outcome = _from_memory(request)
    if outcome is _VERIFY:
        return False
    setattr(request, _RESULT_ATTRIBUTE, outcome)
    return True


def _authenticate(request: HttpRequest) -> GatewayIdentity | TokenRejected | None:
    outcome = _from_memory(request)
    if outcome is _VERIFY:
        return _verify(request)
    return outcome


def _from_memory(request: HttpRequest) -> Any:
    """The outcome without verifying a token, or ``_VERIFY``."""
    if not kit_settings.GATEWAY_SERVICE_ID:
        return None
    token = get_gateway_token(request)
    gateway_path = request_gateway_path(request)
    if gateway_path is None or gateway_path.realm is None:
        return None  # not a gateway request for a realm: other authentication applies
    if token is None:
        # the gateway sends a token for every signed-in user: say so once per request, as
        # for a rejected token; other authentication (a session) may still apply
        logger.info(
            "Gateway request without a token (missing_token) for realm %s on %s %s",
            gateway_path.realm,
            request.method,
            request.path,
        )
        return None
    realm = gateway_path.realm
    remembered = identity_cache.get(realm, token) if token else None
    if remembered is not None:
        return GatewayIdentity(user=remembered[0], claims=remembered[1], realm=realm)
    return _VERIFY


def _verify(request: HttpRequest) -> GatewayIdentity | TokenRejected:
    """Verify the request's token and find its user (keys may be fetched, the user saved)."""
    token = get_gateway_token(request) or ""
    gateway_path = request_gateway_path(request)
    realm = gateway_path.realm if gateway_path is not None else None
    if realm is None:  # _from_memory returned _VERIFY only for a realm path
        return TokenRejected("The request names no realm.", code="malformed")
    try:
        if not token:
            raise TokenRejected("The gateway token header is empty.", code="malformed")
        claims = get_verifier().verify(token, realm)
        user = get_user_mapper().get_user(claims, realm)
    except TokenRejected as rejection:
        # the reason and where, never the token
        logger.warning(
            "Gateway token rejected (%s) for realm %s on %s %s: %s",
            rejection.code,
            realm,
            request.method,
            request.path,
            rejection.reason,
        )
        return rejection
    if identity_cache.enabled:
        verifier = get_verifier()
        kid = str(verifier.parse(token)[0].get("kid"))
        keys = verifier.get_jwks_cache(realm)
        identity_cache.put(realm, token, user, claims, keys=keys, kid=kid)
    return GatewayIdentity(user=user, claims=claims, realm=realm)


def clear_gateway_caches() -> None:
    """Forget fetched keys, discovery documents and remembered tokens (tests; after revoking
    a key or a user)."""
    clear_discovery_cache()
    clear_jwks_caches()
    identity_cache.clear()


def www_authenticate(request: HttpRequest, rejection: TokenRejected | None = None) -> str:
    """The ``WWW-Authenticate`` value of a 401 (RFC 6750)."""
    gateway_path = request_gateway_path(request)
    realm = (gateway_path and gateway_path.realm) or kit_settings.GATEWAY_SERVICE_ID or "api"
    value = f'Bearer realm="{realm}"'
    if rejection is not None:
        description = rejection.reason.replace('"', "'")
        value += f', error="invalid_token", error_description="{description}"'
    return value


class GatewayAuthentication(BaseAuthentication):
    """DRF authentication by the gateway token; ``request.auth`` holds the verified claims.

    List it first in ``DEFAULT_AUTHENTICATION_CLASSES``: DRF takes the
    ``WWW-Authenticate`` of a 401 from the first class, and a class before it
    (SessionAuthentication) could claim the request and demand a CSRF token.
    """

    def authenticate(self, request: Request) -> tuple[Any, dict[str, Any]] | None:
        django_request = request._request
        try:
            identity = authenticate_gateway_request(django_request)
        except TokenRejected as rejection:
            if rejection.status == 403:
                raise exceptions.PermissionDenied(rejection.reason, code=rejection.code) from None
            raise exceptions.AuthenticationFailed(rejection.reason, code=rejection.code) from None
        except KeysUnavailable:
            raise IdentityProviderUnavailable() from None
        if identity is None:
            return None
        return identity.user, identity.claims

    def authenticate_header(self, request: Request) -> str:
        outcome = request._request.__dict__.get(_RESULT_ATTRIBUTE)
        return www_authenticate(
            request._request, outcome if isinstance(outcome, TokenRejected) else None
        )
