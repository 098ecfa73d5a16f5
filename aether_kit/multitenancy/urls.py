"""Realm endpoints to mount under the admin URL, before ``admin.site.urls``.

``path(f"{settings.ADMIN_URL}/", include("aether_kit.multitenancy.urls"))``
serves ``<ADMIN_URL>/~realms``; its view is imported by the first request to it.
"""

from aether_kit._lazy_views import lazy_path

urlpatterns = [
    lazy_path("~realms", "aether_kit.multitenancy.views.RealmsView", name="get-realms"),
]
