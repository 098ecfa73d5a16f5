"""Realm endpoints to mount under the admin URL, before ``admin.site.urls``.

``path(f"{settings.ADMIN_URL}/", include("aether_kit.multitenancy.urls"))``
serves ``<ADMIN_URL>/~realms``.
"""

from django.urls import path

from .views import RealmsView

urlpatterns = [
    path("~realms", RealmsView.as_view(), name="get-realms"),
]
