"""DRF hyperlinks that point back through the gateway the request came in by."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .reverse import reverse

__all__ = [
    "GatewayHyperlinkedIdentityField",
    "GatewayHyperlinkedModelSerializer",
    "GatewayHyperlinkedRelatedField",
]


class _KeepsGatewayPrefix:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reverse = reverse


class GatewayHyperlinkedRelatedField(_KeepsGatewayPrefix, serializers.HyperlinkedRelatedField):
    """A related object's link under the gateway prefix the request came in by."""


class GatewayHyperlinkedIdentityField(_KeepsGatewayPrefix, serializers.HyperlinkedIdentityField):
    """The object's own link under the gateway prefix the request came in by."""


class GatewayHyperlinkedModelSerializer(serializers.HyperlinkedModelSerializer):
    """``HyperlinkedModelSerializer`` whose ``url`` and related links keep the gateway prefix."""

    serializer_related_field = GatewayHyperlinkedRelatedField
    serializer_url_field = GatewayHyperlinkedIdentityField
