"""The operations endpoints under the admin URL, each present only while its feature is on.

``urlpatterns = [*ops_admin_urls(settings.ADMIN_URL), path("admin/", admin.site.urls)]``
— list them before the admin site so that its catch-all does not answer first.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, path

__all__ = ["ops_admin_urls"]


def ops_admin_urls(admin_url: str = "admin") -> list[URLPattern]:
    """``~purge-cache`` with DJANGO_USE_CACHE, ``~prometheus/metrics`` with METRICS_ENABLED."""
    prefix = admin_url.strip("/")
    urls: list[URLPattern] = []
    if getattr(settings, "DJANGO_USE_CACHE", False):
        from .cache import purge_cache_view

        urls.append(path(f"{prefix}/~purge-cache", purge_cache_view, name="purge-cache"))
    if getattr(settings, "METRICS_ENABLED", False):
        from .metrics import metrics_view

        urls.append(
            path(f"{prefix}/~prometheus/metrics", metrics_view, name="prometheus-django-metrics")
        )
    return urls
