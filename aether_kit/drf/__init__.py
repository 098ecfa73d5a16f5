"""Django REST framework pieces: pagination, dynamic fields, bulk actions, realm-aware links,
cache control and the kit's renderers.

The names load on first access: DRF imports the renderers named in its
settings while ``rest_framework.views`` is still initialising, so this package
must not import DRF views when a renderer is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aether_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .cache import CacheViewSetMixin
    from .fields import (
        FilteredHyperlinkedRelatedField,
        HyperlinkedIdentityField,
        HyperlinkedRelatedField,
        UserNameField,
        UsernameField,
    )
    from .links import path_realm, reverse
    from .pagination import CustomPagination
    from .renderers import AdminRenderer, BrowsableAPIRenderer
    from .serializers import (
        DynamicFieldsMixin,
        DynamicFieldsModelSerializer,
        DynamicFieldsSerializer,
    )
    from .views import FilteredMixin

_EXPORTS = {
    "AdminRenderer": "renderers",
    "BrowsableAPIRenderer": "renderers",
    "CacheViewSetMixin": "cache",
    "CustomPagination": "pagination",
    "DynamicFieldsMixin": "serializers",
    "DynamicFieldsModelSerializer": "serializers",
    "DynamicFieldsSerializer": "serializers",
    "FilteredHyperlinkedRelatedField": "fields",
    "FilteredMixin": "views",
    "HyperlinkedIdentityField": "fields",
    "HyperlinkedRelatedField": "fields",
    "UserNameField": "fields",
    "UsernameField": "fields",
    "path_realm": "links",
    "reverse": "links",
}

__all__ = [
    "AdminRenderer",
    "BrowsableAPIRenderer",
    "CacheViewSetMixin",
    "CustomPagination",
    "DynamicFieldsMixin",
    "DynamicFieldsModelSerializer",
    "DynamicFieldsSerializer",
    "FilteredHyperlinkedRelatedField",
    "FilteredMixin",
    "HyperlinkedIdentityField",
    "HyperlinkedRelatedField",
    "UserNameField",
    "UsernameField",
    "path_realm",
    "reverse",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
