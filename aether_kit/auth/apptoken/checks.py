"""System check: every mounted ``TokenProxyView`` names an app of ``EXTERNAL_APPS``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Tags
from django.urls import URLPattern, URLResolver, get_resolver

from aether_kit.conf.checking import CheckFunction
from aether_kit.external import get_external_app_names


def _proxy_views(patterns: Sequence[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    from .views import TokenProxyView

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _proxy_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if isinstance(view_class, type) and issubclass(view_class, TokenProxyView):
                initkwargs = getattr(pattern.callback, "view_initkwargs", {})
                app_name = initkwargs.get("app_name", view_class.app_name)
                yield prefix + str(pattern.pattern), app_name


def check_token_proxy_apps(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    known = get_external_app_names()
    return [
        Error(
            f"The TokenProxyView at '{route}' forwards to the external app {app_name!r}, "
            "which is not in EXTERNAL_APPS; every request to it would fail.",
            hint=f"Add {app_name!r} to the EXTERNAL_APPS variable (with its _URL and _TOKEN) "
            f"or set app_name to one of {known}.",
            id="aether_kit.E073",
        )
        for route, app_name in _proxy_views(get_resolver().url_patterns)
        if app_name not in known
    ]


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = ((check_token_proxy_apps, Tags.urls),)
