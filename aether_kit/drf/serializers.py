"""Serializers whose fields a client can choose: ``?fields=a,b`` and ``?omit=c``."""

from __future__ import annotations

from drf_dynamic_fields import DynamicFieldsMixin
from rest_framework import serializers

__all__ = ["DynamicFieldsMixin", "DynamicFieldsModelSerializer", "DynamicFieldsSerializer"]


class DynamicFieldsSerializer(DynamicFieldsMixin, serializers.Serializer):
    """A plain serializer trimmed by the request's ``fields`` / ``omit`` parameters."""


class DynamicFieldsModelSerializer(DynamicFieldsMixin, serializers.ModelSerializer):
    """A model serializer trimmed by the request's ``fields`` / ``omit`` parameters."""
