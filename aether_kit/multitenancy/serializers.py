"""Realm-aware serializer and related fields.

A related field limited to the current realm rejects another realm's primary
key with DRF's own "object does not exist" message: a client cannot tell an
object of another realm from one that was never created.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import capfirst
from drf_dynamic_fields import DynamicFieldsMixin
from rest_framework import serializers

from aether_kit.conf import kit_settings

from .models import MtModelMixin
from .scoping import filter_by_realm, filter_users_by_realm, request_realm

__all__ = ["MtModelSerializer", "MtPrimaryKeyRelatedField", "MtUserRelatedField"]


class MtModelSerializer(DynamicFieldsMixin, serializers.ModelSerializer):
    """Creates objects in the current realm; ``realm`` is never writable by clients."""

    def create(self, validated_data: dict[str, Any]) -> Any:
        realm = request_realm(self.context.get("request"))
        if kit_settings.MULTITENANCY and realm is not None and hasattr(self.Meta.model, "realm"):
            validated_data.setdefault("realm", realm)
        return super().create(validated_data)

    def build_standard_field(
        self, field_name: str, model_field: models.Field[Any, Any]
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        """The realm column, read-only, labelled without translating its name on every request.

        DRF compares a field's verbose name with its default label to decide
        whether to pass it on, and ``realm``'s is translatable: the comparison
        ran Django's translation machinery for every serializer built (about a
        tenth of the kit's own cost in a realm list). Passing the lazy label
        as it is gives the same field and the same label, translated when shown.
        """
        if (
            field_name == "realm"
            and isinstance(model_field, models.CharField)
            and not model_field.editable
            and issubclass(self.Meta.model, MtModelMixin)
        ):
            return serializers.CharField, {
                "read_only": True,
                "label": capfirst(model_field.verbose_name),
            }
        return super().build_standard_field(field_name, model_field)


class _RealmRelatedField(serializers.PrimaryKeyRelatedField):
    """Choices limited by :meth:`limit_to_realm`; none at all without a realm (fail closed)."""

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if not kit_settings.MULTITENANCY or queryset is None:
            return queryset
        realm = request_realm(self.context.get("request"))
        if realm is None:
            return queryset.none()
        return self.limit_to_realm(queryset, realm)

    def limit_to_realm(self, queryset: Any, realm: str) -> Any:
        return queryset


class MtPrimaryKeyRelatedField(_RealmRelatedField):
    """Choices and accepted values limited to the current realm.

    ``mt_field`` is the path from the related model to a realm-scoped parent
    when the related model is not realm-scoped itself.
    """

    mt_field: str | None = None

    def __init__(self, **kwargs: Any) -> None:
        self.mt_field = kwargs.pop("mt_field", self.mt_field)
        super().__init__(**kwargs)

    def limit_to_realm(self, queryset: Any, realm: str) -> Any:
        return filter_by_realm(queryset, realm, self.mt_field)


class MtUserRelatedField(_RealmRelatedField):
    """A user of the current realm's group."""

    def limit_to_realm(self, queryset: Any, realm: str) -> Any:
        return filter_users_by_realm(queryset, realm)
