"""Where a request sits behind the gateway: ``<APP_URL><realm>/<service-id>/<endpoint>``.

The gateway publishes each service at ``/<realm>/<service-id>/`` and the realm
in that path is the tenant the request is for. The public realm
(``GATEWAY_PUBLIC_REALM``, ``-`` by default) stands for "no tenant": sign-in
pages, admin and static files live there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aether_kit.conf.checks import REALM_PATTERN
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.multitenancy.paths import split_gateway_path
from aether_kit.multitenancy.realms import is_valid_realm

__all__ = ["REALM_REGEX", "GatewayPath", "parse_gateway_path", "request_gateway_path"]

# the realm part of a gateway URL; the same rule as validate_realm
REALM_REGEX = REALM_PATTERN.pattern.lstrip("^").rstrip("$")
_CACHE_ATTRIBUTE = "_aether_kit_gateway_path"


@dataclass(frozen=True)
class GatewayPath:
    """The gateway part of a path: ``realm`` is None under the public realm."""

    realm: str | None
    prefix: str  # "<APP_URL><realm>/<service-id>/"

    @property
    def is_public(self) -> bool:
        return self.realm is None


def parse_gateway_path(path_info: str) -> GatewayPath | None:
    """The gateway form of ``path_info``, or None (gateway off, an internal path, a bad realm)."""
    parts = split_gateway_path(path_info)
    if parts is None:
        return None
    realm = parts[0]
    prefix = f"{kit_settings.APP_URL}{realm}/{kit_settings.GATEWAY_SERVICE_ID}/"
    if realm == kit_settings.GATEWAY_PUBLIC_REALM:
        return GatewayPath(None, prefix)
    if not is_valid_realm(realm):
        return None
    return GatewayPath(realm, prefix)


def request_gateway_path(request: Any) -> GatewayPath | None:
    """:func:`parse_gateway_path` of a Django or DRF request, worked out once per request."""
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    cached = request.__dict__.get(_CACHE_ATTRIBUTE, _CACHE_ATTRIBUTE)
    if cached is _CACHE_ATTRIBUTE:
        cached = parse_gateway_path(request.path_info)
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached
