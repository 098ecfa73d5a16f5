"""Where the realm sits in a gateway path: ``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/<rest>``.

The one splitter of that shape. It returns the realm segment as written, not
validated: the realm middleware must see a malformed value to answer 400,
while the gateway package (:func:`aether_kit.gateway.paths.parse_gateway_path`)
treats a malformed one as "not a gateway path".
"""

from __future__ import annotations

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["split_gateway_path"]


def split_gateway_path(path: str) -> tuple[str, str] | None:
    """``(realm, rest)`` of a gateway path, or None (gateway off, or another path).

    ``rest`` starts with the slash after the service id (empty when the path
    ends at the service id).
    """
    service_id = kit_settings.GATEWAY_SERVICE_ID
    app_url = kit_settings.APP_URL
    if not service_id or not path.startswith(app_url):
        return None
    realm, slash, rest = path[len(app_url) :].partition("/")
    service, slash2, rest = rest.partition("/")
    if not slash or service != service_id:
        return None
    return realm, slash2 + rest
