"""Where the realm sits in a gateway path: ``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/<endpoint>``.

The gateway publishes each service at ``/<realm>/<service-id>/`` and the realm
in that path is the tenant the request is for. The public realm
(``GATEWAY_PUBLIC_REALM``, ``-`` by default) stands for "no tenant": sign-in
pages, admin and static files live there.

This is the one parser of that shape. A request's path is parsed once, by the
first code that asks (:func:`request_path`), and the result is kept on the
request: the realm middleware, its resolvers, gateway authentication, link
building and the app-token views all read the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aether_kit.conf.kit_settings import kit_settings

from .names import is_valid_realm

__all__ = [
    "GatewayPath",
    "parse_gateway_path",
    "parse_path",
    "request_gateway_path",
    "request_path",
]

_CACHE_ATTRIBUTE = "_aether_kit_gateway_path"


@dataclass(frozen=True)
class GatewayPath:
    """A path of the gateway's shape.

    ``segment`` is the realm segment as written, perhaps malformed (the realm
    middleware must see it to answer 400); ``realm`` is the valid realm name,
    None under the public realm or for a malformed segment. ``endpoint`` is
    what follows the service id, starting with its slash (empty when the path
    ends at the service id).
    """

    realm: str | None
    prefix: str  # "<APP_URL><realm>/<service-id>/"
    segment: str = ""
    endpoint: str = ""
    is_public: bool = False

    @property
    def is_valid(self) -> bool:
        """Whether the segment is the public realm or a valid realm name."""
        return self.is_public or self.realm is not None


def parse_path(path_info: str) -> GatewayPath | None:
    """The gateway form of ``path_info`` (any realm segment), or None (gateway off, other path)."""
    service_id = kit_settings.GATEWAY_SERVICE_ID
    app_url = kit_settings.APP_URL
    if not service_id or not path_info.startswith(app_url):
        return None
    segment, slash, rest = path_info[len(app_url) :].partition("/")
    service, slash2, rest = rest.partition("/")
    if not slash or service != service_id:
        return None
    prefix = f"{app_url}{segment}/{service_id}/"
    is_public = segment == kit_settings.GATEWAY_PUBLIC_REALM
    realm = segment if not is_public and is_valid_realm(segment) else None
    return GatewayPath(realm, prefix, segment, slash2 + rest, is_public)


def parse_gateway_path(path_info: str) -> GatewayPath | None:
    """:func:`parse_path` when the realm segment is valid, else None."""
    parsed = parse_path(path_info)
    return parsed if parsed is not None and parsed.is_valid else None


def request_path(request: Any) -> GatewayPath | None:
    """:func:`parse_path` of a Django or DRF request, parsed once and kept on the request."""
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    cached = request.__dict__.get(_CACHE_ATTRIBUTE, _CACHE_ATTRIBUTE)
    if cached is _CACHE_ATTRIBUTE:
        cached = parse_path(request.path_info)
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def request_gateway_path(request: Any) -> GatewayPath | None:
    """:func:`request_path` when the realm segment is valid, else None."""
    parsed = request_path(request)
    return parsed if parsed is not None and parsed.is_valid else None
