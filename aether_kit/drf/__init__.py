"""Django REST framework pieces: pagination, dynamic fields, bulk actions, realm-aware links,
cache control and the kit's renderers.

The names load on first access: DRF imports the renderers named in its
settings while ``rest_framework.views`` is still initialising, so this package
must not import DRF views when a renderer is imported.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
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
        "JSONParser": "parsers",
        "KeysetPagination": "pagination",
        "UserNameField": "fields",
        "UsernameField": "fields",
        "path_realm": "links",
        "reverse": "links",
    },
)
