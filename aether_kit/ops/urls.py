"""The operations pages under the admin URL, each present only while its feature is on.

One call gives a project all of them:
``urlpatterns = [*ops_admin_urls(settings.ADMIN_URL), path("admin/", admin.site.urls)]``
— list them before the admin site so that its catch-all does not answer first.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["ops_admin_urls"]


def ops_admin_urls(admin_url: str = "admin") -> list[URLPattern | URLResolver]:
    """Every operations page under ``admin_url``, for the features that are on.

    ``~purge-cache`` with DJANGO_USE_CACHE; ``~prometheus/metrics`` with
    METRICS_ENABLED; django-rq's dashboard ``~rq/`` with SCHEDULER_REQUIRED;
    silk's ``~silk/`` with PROFILING_ENABLED.

    Every page is for staff only: the purge view and silk check it themselves
    (configure_profiling() turns on silk's login and permission checks), the
    metrics endpoint also accepts ``METRICS_TOKEN``, and django-rq guards its
    pages with ``staff_member_required`` and accepts a bearer token on its
    JSON/metrics endpoints only when ``RQ_API_TOKEN`` is set, which the kit
    never sets.
    """
    prefix = admin_url.strip("/")
    urls: list[URLPattern | URLResolver] = []
    if kit_settings.DJANGO_USE_CACHE:
        from .cache import purge_cache_view

        urls.append(path(f"{prefix}/~purge-cache", purge_cache_view, name="purge-cache"))
    if kit_settings.METRICS_ENABLED:
        from .metrics import metrics_view

        urls.append(
            path(f"{prefix}/~prometheus/metrics", metrics_view, name="prometheus-django-metrics")
        )
    if kit_settings.SCHEDULER_REQUIRED:
        urls.append(path(f"{prefix}/~rq/", include("django_rq.urls")))
    if kit_settings.PROFILING_ENABLED:
        urls.append(path(f"{prefix}/~silk/", include("silk.urls", namespace="silk")))
    return urls
