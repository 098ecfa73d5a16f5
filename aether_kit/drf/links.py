"""``reverse`` that keeps the gateway's realm segment in the URLs it builds.

Two URLconf shapes serve ``/<realm>/<service>/…``: the kit's
:class:`~aether_kit.gateway.GatewayPrefixResolver` (the realm is not a view
argument) and hand-written patterns that capture ``<slug:realm>`` (as
aether.sdk's ``generate_urlpatterns`` did). Both keep their prefix here.
"""

from __future__ import annotations

from typing import Any

from rest_framework.reverse import reverse as drf_reverse

from aether_kit.gateway.reverse import keep_gateway_prefix

__all__ = ["path_realm", "reverse"]


def path_realm(request: Any) -> str | None:
    """The ``realm`` captured by the URL pattern that served ``request``, if any."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    realm = match.kwargs.get("realm") if match is not None else None
    return realm if isinstance(realm, str) else None


def reverse(
    viewname: str,
    args: Any = None,
    kwargs: dict[str, Any] | None = None,
    request: Any = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """DRF's ``reverse``; a request served at ``/<realm>/<service>/…`` gets links there too."""
    kwargs = dict(kwargs or {})
    realm = path_realm(request)
    if realm is not None and not args:
        kwargs.setdefault("realm", realm)
    url = drf_reverse(viewname, args=args, kwargs=kwargs, request=request, format=format, **extra)
    return keep_gateway_prefix(url, request)
