"""The profiler's pages are routed by :func:`aether_kit.ops.urls.ops_admin_urls`."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

__all__ = ["profiling_urlpatterns"]


def profiling_urlpatterns() -> list[URLPattern | URLResolver]:
    """Nothing: :func:`aether_kit.ops.urls.ops_admin_urls` routes silk's pages at ``~silk/``.

    Kept only so that a URLconf that still includes it imports and does not
    register the pages a second time.
    """
    return []
