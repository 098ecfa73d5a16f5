"""Realms (tenants): the current realm, realm-scoped models, views and serializers.

Importing this package is safe before Django's app registry is ready (for
settings and logging filters): the names that need models or DRF are loaded
on first access.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

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
    realm_of_username,
    realm_username,
    strip_realm,
    validate_realm,
)

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
}

__all__ = [
    "ALL_REALMS",
    "AdminSiteResolver",
    "CookieResolver",
    "GatewayPathResolver",
    "HeaderResolver",
    "InvalidRealm",
    "IsAccessibleByRealm",
    "MtModelChildMixin",
    "MtModelMixin",
    "MtModelSerializer",
    "MtPrimaryKeyRelatedField",
    "MtUserRelatedField",
    "MtUserViewSetMixin",
    "MtViewSetMixin",
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
