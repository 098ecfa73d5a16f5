"""URLs that keep the gateway prefix of the request being answered.

A client that called ``/<realm>/<service-id>/projects/`` through the gateway
must get links of the same shape back; the internal form ``/projects/`` is not
reachable from outside. :func:`reverse` has DRF's signature, so it drops in
wherever DRF's ``reverse`` is used (hyperlinked fields, API roots), and keeps
DRF's versioning working.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.urls import NoReverseMatch, get_script_prefix
from rest_framework.reverse import reverse as drf_reverse

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.realms.paths import parse_gateway_path, request_gateway_path

__all__ = ["keep_gateway_prefix", "path_realm", "reverse"]


def path_realm(request: Any) -> str | None:
    """The ``realm`` captured by the URL pattern that served ``request``, if any.

    Only hand-written URLconfs capture it (``<slug:realm>/<service>/…``, as
    aether.sdk's ``generate_urlpatterns`` did); :class:`GatewayPrefixResolver`
    keeps it out of the view arguments.
    """
    match = getattr(request, "resolver_match", None) if request is not None else None
    realm = match.kwargs.get("realm") if match is not None else None
    return realm if isinstance(realm, str) else None


def keep_gateway_prefix(url: str, request: Any) -> str:
    """``url`` (a path or an absolute URL) moved under the request's gateway prefix.

    URLs outside ``APP_URL`` and URLs that already have a gateway prefix (the
    admin's, under the public realm) are returned unchanged.
    """
    gateway_path = request_gateway_path(request) if request is not None else None
    if gateway_path is None:
        return url
    parts = urlsplit(url)
    script = get_script_prefix().rstrip("/")
    if not parts.path.startswith(script + kit_settings.APP_URL):
        return url
    path_info = parts.path[len(script) :]
    if parse_gateway_path(path_info) is not None:
        return url
    moved = script + gateway_path.prefix + path_info[len(kit_settings.APP_URL) :]
    return urlunsplit(parts._replace(path=moved))


def reverse(
    viewname: str,
    args: Any = None,
    kwargs: Any = None,
    request: Any = None,
    format: str | None = None,  # DRF's name
    **extra: Any,
) -> str:
    """DRF's ``reverse`` that keeps the current request's gateway prefix.

    Works for both URLconf shapes: a realm captured by a hand-written pattern is
    passed back as the ``realm`` argument, and a prefix served by
    :class:`GatewayPrefixResolver` is put back onto the URL.
    """
    realm = path_realm(request)
    if realm is not None and not args and "realm" not in (kwargs or {}):
        try:
            url = drf_reverse(
                viewname,
                kwargs={**(kwargs or {}), "realm": realm},
                request=request,
                format=format,
                **extra,
            )
        except NoReverseMatch:
            pass  # a view that asked for the realm, under GatewayPrefixResolver
        else:
            return keep_gateway_prefix(url, request)
    url = drf_reverse(viewname, args=args, kwargs=kwargs, request=request, format=format, **extra)
    return keep_gateway_prefix(url, request)
