"""Serializers whose fields a client can choose: ``?fields=a,b`` and ``?omit=c``."""

from __future__ import annotations

from drf_dynamic_fields import DynamicFieldsMixin
from rest_framework import serializers

__all__ = ["DynamicFieldsMixin", "DynamicFieldsModelSerializer", "DynamicFieldsSerializer"]


class DynamicFieldsSerializer(DynamicFieldsMixin, serializers.Serializer):  # type: ignore[misc]
    """A plain serializer trimmed by the request's ``fields`` / ``omit`` parameters."""


class DynamicFieldsModelSerializer(DynamicFieldsMixin, serializers.ModelSerializer):  # type: ignore[misc]
    """A model serializer trimmed by the request's ``fields`` / ``omit`` parameters."""
