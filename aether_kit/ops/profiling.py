"""The profiler's pages: django-silk at ``~silk/`` under the admin URL, staff only."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["profiling_urlpatterns"]


def profiling_urlpatterns() -> list[URLPattern | URLResolver]:
    """Silk's pages at ``~silk/`` (include it under the admin URL), or nothing when off.

    configure_profiling() turns on silk's login and permission checks with
    :func:`aether_kit.conf.profiling.is_active_staff`, so anonymous callers are
    sent to the login page and signed-in non-staff users get 403.
    """
    if not kit_settings.PROFILING_ENABLED:
        return []
    return [path("~silk/", include("silk.urls", namespace="silk"))]
