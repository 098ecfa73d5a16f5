"""Realms (tenants): the current realm, realm-scoped models, views and serializers.

Importing this package is safe before Django's app registry is ready (for
settings and logging filters): the names that need models or DRF are loaded
on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aether_kit._lazy import lazy_exports

from .context import (
    ALL_REALMS,
    RealmScopeError,
    get_current_realm,
    realm_scope,
    reset_current_realm,
    set_current_realm,
)
from .realms import (
    InvalidRealm,
    is_valid_realm,
    provider_username,
    realm_of_username,
    realm_username,
    strip_realm,
    validate_realm,
)

if TYPE_CHECKING:
    from .admin import MtModelAdmin, RealmAdminForm
    from .middleware import RealmMiddleware
    from .migration import copy_realms_from_mtinstance
    from .models import MtModelChildMixin, MtModelMixin
    from .permissions import IsAccessibleByRealm
    from .querysets import RealmManager, RealmQuerySet
    from .resolvers import (
        AdminSiteResolver,
        CookieResolver,
        GatewayPathResolver,
        HeaderResolver,
        RealmResolver,
        SessionResolver,
        UserRealmResolver,
    )
    from .serializers import MtModelSerializer, MtPrimaryKeyRelatedField, MtUserRelatedField
    from .users import add_user_to_realm, is_user_in_realm, realm_group, remove_user_from_realm
    from .views import MtUserViewSetMixin, MtViewSetMixin, RealmsView

_LAZY = {
    "RealmMiddleware": "middleware",
    "RealmResolver": "resolvers",
    "GatewayPathResolver": "resolvers",
    "AdminSiteResolver": "resolvers",
    "UserRealmResolver": "resolvers",
    "SessionResolver": "resolvers",
    "CookieResolver": "resolvers",
    "HeaderResolver": "resolvers",
    "RealmManager": "querysets",
    "RealmQuerySet": "querysets",
    "MtModelMixin": "models",
    "MtModelChildMixin": "models",
    "MtViewSetMixin": "views",
    "MtUserViewSetMixin": "views",
    "RealmsView": "views",
    "MtModelSerializer": "serializers",
    "MtPrimaryKeyRelatedField": "serializers",
    "MtUserRelatedField": "serializers",
    "IsAccessibleByRealm": "permissions",
    "realm_group": "users",
    "add_user_to_realm": "users",
    "remove_user_from_realm": "users",
    "is_user_in_realm": "users",
    "copy_realms_from_mtinstance": "migration",
    "MtModelAdmin": "admin",
    "RealmAdminForm": "admin",
}

__all__ = [
    "ALL_REALMS",
    "AdminSiteResolver",
    "CookieResolver",
    "GatewayPathResolver",
    "HeaderResolver",
    "InvalidRealm",
    "IsAccessibleByRealm",
    "MtModelAdmin",
    "MtModelChildMixin",
    "MtModelMixin",
    "MtModelSerializer",
    "MtPrimaryKeyRelatedField",
    "MtUserRelatedField",
    "MtUserViewSetMixin",
    "MtViewSetMixin",
    "RealmAdminForm",
    "RealmManager",
    "RealmMiddleware",
    "RealmQuerySet",
    "RealmResolver",
    "RealmScopeError",
    "RealmsView",
    "SessionResolver",
    "UserRealmResolver",
    "add_user_to_realm",
    "copy_realms_from_mtinstance",
    "get_current_realm",
    "is_user_in_realm",
    "is_valid_realm",
    "provider_username",
    "realm_group",
    "realm_of_username",
    "realm_scope",
    "realm_username",
    "remove_user_from_realm",
    "reset_current_realm",
    "set_current_realm",
    "strip_realm",
    "validate_realm",
]

__getattr__, _lazy_dir = lazy_exports(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_lazy_dir()))
