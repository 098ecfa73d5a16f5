"""Scoping functions shared by the views, serializers and permissions."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from aether_kit.conf import kit_settings

from .realms import realm_of_username

__all__ = [
    "filter_by_realm",
    "filter_users_by_realm",
    "realm_models",
    "realms_with_data",
    "request_realm",
    "spans_all_realms",
    "user_belongs_to_realm",
]


def request_realm(request: Any) -> str | None:
    """The realm a view works in: a realm name, or None (never ALL_REALMS)."""
    realm = getattr(request, "realm", None)
    return realm if isinstance(realm, str) else None


def spans_all_realms(user: Any) -> bool:
    """Superusers, and staff whose username names no realm, work in every realm.

    Staff named ``<realm>__…`` administer that realm only: being made staff in
    one tenant must not open the others (aether.sdk let every staff user in).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.is_staff) and realm_of_username(user.get_username()) is None


def user_belongs_to_realm(user: Any, realm: str) -> bool:
    """Users named ``<realm>__…``, members of the realm's group and cross-realm staff."""
    if user is None or not user.is_authenticated:
        return False
    if spans_all_realms(user) or realm_of_username(user.get_username()) == realm:
        return True
    return bool(user.groups.filter(name=realm).exists())


def filter_by_realm(queryset: QuerySet[Any], realm: str, mt_field: str | None = None) -> Any:
    """``queryset`` limited to ``realm``; ``mt_field`` names the path to a scoped parent."""
    if mt_field:
        unscoped = getattr(queryset, "unscoped", None)
        base = unscoped() if unscoped is not None else queryset
        return base.filter(**{f"{mt_field}__realm": realm})
    for_realm = getattr(queryset, "for_realm", None)
    if for_realm is None:
        raise ImproperlyConfigured(
            f"{queryset.model.__name__} is not realm-scoped: give it MtModelMixin or "
            "MtModelChildMixin, or set mt_field to the path of its realm-scoped parent."
        )
    return for_realm(realm)


def filter_users_by_realm(queryset: QuerySet[Any], realm: str) -> QuerySet[Any]:
    """Users in the realm's group."""
    return queryset.filter(groups__name=realm)


def realm_models() -> list[Any]:
    """Every installed concrete model that keeps its own realm column."""
    from .models import MtModelMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, MtModelMixin) and not model._meta.proxy
    ]


def realms_with_data() -> list[str]:
    """Realms that own at least one object, plus DEFAULT_REALM, sorted."""
    realms = {kit_settings.DEFAULT_REALM}
    for model in realm_models():
        realms.update(
            model.objects.unscoped().order_by().values_list("realm", flat=True).distinct()
        )
    return sorted(realms)
