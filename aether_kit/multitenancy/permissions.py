"""``IsAccessibleByRealm``: a DRF permission that keeps requests inside their realm."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import IsAuthenticated

from aether_kit.conf import kit_settings

from .scoping import request_realm, user_belongs_to_realm

__all__ = ["IsAccessibleByRealm"]


class IsAccessibleByRealm(IsAuthenticated):
    """Authenticated, in a realm the user belongs to, touching only that realm's objects.

    With multitenancy off it is plain ``IsAuthenticated``.
    """

    message = "Not accessible by this realm."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if not kit_settings.MULTITENANCY:
            return True
        realm = request_realm(request)
        return realm is not None and user_belongs_to_realm(request.user, realm)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        is_accessible = getattr(obj, "is_accessible", None)
        if is_accessible is None or not kit_settings.MULTITENANCY:
            return True
        return bool(is_accessible(request_realm(request)))
