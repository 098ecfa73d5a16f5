"""Realms (tenants): the current realm, realm-scoped models, views and serializers.

Importing this package is safe before Django's app registry is ready (for
settings and logging filters): the names that need models or DRF are loaded
on first access.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ALL_REALMS": "aether_kit.realms.context",
        "RealmScopeError": "aether_kit.realms.context",
        "get_current_realm": "aether_kit.realms.context",
        "realm_scope": "aether_kit.realms.context",
        "reset_current_realm": "aether_kit.realms.context",
        "set_current_realm": "aether_kit.realms.context",
        "InvalidRealm": "aether_kit.realms.names",
        "is_valid_realm": "aether_kit.realms.names",
        "provider_username": "realms",
        "realm_of_username": "realms",
        "realm_username": "realms",
        "strip_realm": "realms",
        "validate_realm": "aether_kit.realms.names",
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
    },
)
