"""The kit's URLs as two ready lists, for a service's ``urls.py``.

``app_urls()`` are served at every prefix (``APP_URL`` and, behind the gateway,
``APP_URL<realm>/<service-id>/``); ``public_urls()`` (admin and sign-in) only
where no tenant is named. A service adds its API to the first list and hands
both to :class:`~aether_kit.gateway.GatewayPrefixResolver`::

    urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(
        [*app_urls(), path("", include(router.urls))], public=public_urls()
    )

They are functions, read when ``urls.py`` is loaded, so that they follow the
settings (``TOKEN_URL``, ``ADMIN_URL``, ``AUTH_URL`` and the switches of the
operations pages) rather than whatever was set when this module was imported.

Building them imports no view of the kit: each pattern names its view by dotted
path, and the view's module is imported by the first request that resolves to
it, so a worker that serves only the API never loads the probes, the tokens
page, sign-in or logout.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from aether_kit._lazy_views import lazy_path
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.health.urls import health_urls
from aether_kit.ops.urls import ops_admin_urls

__all__ = ["app_urls", "public_urls"]


def app_urls() -> list[URLPattern | URLResolver]:
    """``/health``, ``/check-db``, ``/check-app``, ``/check-ready``, token checks, ``/token``,
    and aether.sdk's POST-only ``logout`` at the top.

    One flat list, no ``include``: every API request of a service is matched
    against these first, and each level of nesting costs every request a
    resolver of its own.
    """
    return [
        *health_urls(),
        lazy_path(kit_settings.TOKEN_URL, "aether_kit.auth.token.TokenView", name="token"),
        lazy_path("logout", "aether_kit.auth.logout.LogoutView", name="logout"),
    ]


def public_urls() -> list[URLPattern | URLResolver]:
    """The admin with the kit's pages in it, and sign-in (``AUTH_URL``).

    The kit's admin pages (``~realms`` and the operations pages switched on:
    ``~purge-cache``, ``~prometheus/metrics``, ``~rq/``, ``~silk/``) come before
    Django's admin site, whose catch-all would otherwise answer for them.
    """
    admin_url = kit_settings.ADMIN_URL
    return [
        *ops_admin_urls(admin_url),
        path(f"{admin_url}/", include("aether_kit.multitenancy.urls")),
        path(f"{admin_url}/", admin.site.urls),
        path(f"{kit_settings.AUTH_URL}/", include("aether_kit.auth.urls")),
    ]
