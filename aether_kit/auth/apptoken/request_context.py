"""What an outbound call made for a request needs from it: realm, gateway token.

Passed explicitly: every function takes the request, so code that calls an
external app outside a request (a job, a command) simply has none and gets
the stored app tokens and the public realm.
"""

from __future__ import annotations

from django.http import HttpRequest

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.gateway import authenticate_gateway_request, get_gateway_token
from aether_kit.realms.context import get_current_realm
from aether_kit.realms.paths import request_gateway_path
from aether_kit.tokens.jwks import KeysUnavailable
from aether_kit.tokens.verifier import TokenRejected

__all__ = ["current_realm", "gateway_enabled", "gateway_token", "path_realm"]


def gateway_enabled() -> bool:
    return bool(kit_settings.GATEWAY_SERVICE_ID)


def path_realm(request: HttpRequest | None) -> str | None:
    """The realm of a gateway URL (``<APP_URL><realm>/<service-id>/…``), or None.

    Read from the path itself (:func:`aether_kit.realms.paths.request_gateway_path`),
    not from URL keyword arguments, so it works whichever way the project builds
    its gateway URL patterns. The public realm and a malformed realm count as none.
    """
    if request is None:
        return None
    gateway_path = request_gateway_path(request)
    return gateway_path.realm if gateway_path is not None else None


def gateway_token(request: HttpRequest | None) -> str | None:
    """The gateway's token of the request, only when it authenticated the request.

    A header that was not verified (an internal or public-realm path, a token
    refused) is the client's say-so: it must neither stand in for signing in
    nor travel on to an external app.
    """
    if request is None or not gateway_enabled():
        return None
    try:
        identity = authenticate_gateway_request(request)
    except (TokenRejected, KeysUnavailable):
        return None
    return get_gateway_token(request) if identity is not None else None


def current_realm(request: HttpRequest | None) -> str | None:
    """The realm ``RealmMiddleware`` resolved for the request (or the running code), if any."""
    if not kit_settings.MULTITENANCY:
        return None
    realm = getattr(request, "realm", None) if request is not None else None
    if isinstance(realm, str) and realm:
        return realm
    realm = get_current_realm()
    return realm if isinstance(realm, str) and realm else None
