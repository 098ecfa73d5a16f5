"""What an outbound call made for a request needs from it: realm, gateway token.

Passed explicitly: every function takes the request, so code that calls an
external app outside a request (a job, a command) simply has none and gets
the stored app tokens and the public realm.
"""

from __future__ import annotations

from django.http import HttpRequest

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.gateway.authentication import authenticate_gateway_request, get_gateway_token
from aether_kit.gateway.jwks import KeysUnavailable
from aether_kit.gateway.verifier import TokenRejected
from aether_kit.multitenancy.context import get_current_realm
from aether_kit.multitenancy.realms import is_valid_realm

__all__ = ["current_realm", "gateway_enabled", "gateway_token", "path_realm"]


def gateway_enabled() -> bool:
    return bool(kit_settings.GATEWAY_SERVICE_ID)


def path_realm(request: HttpRequest | None) -> str | None:
    """The realm of a gateway URL (``<APP_URL><realm>/<service-id>/…``), or None.

    Read from the path itself, not from URL keyword arguments, so it works
    whichever way the project builds its gateway URL patterns. The public
    realm (``GATEWAY_PUBLIC_REALM``) and a malformed realm count as none.
    """
    service_id = kit_settings.GATEWAY_SERVICE_ID
    if request is None or not service_id:
        return None
    app_url = kit_settings.APP_URL
    path = request.path_info
    if not path.startswith(app_url):
        return None
    realm, _, rest = path[len(app_url) :].partition("/")
    if rest.partition("/")[0] != service_id or realm == kit_settings.GATEWAY_PUBLIC_REALM:
        return None
    return realm if is_valid_realm(realm) else None


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
