"""Django REST framework pieces: pagination, dynamic fields, bulk actions, realm-aware links,
cache control and the kit's renderers."""

from .cache import CacheViewSetMixin
from .fields import (
    FilteredHyperlinkedRelatedField,
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    UserNameField,
    UsernameField,
)
from .pagination import CustomPagination
from .renderers import AdminRenderer, BrowsableAPIRenderer
from .reverse import path_realm, reverse
from .serializers import DynamicFieldsMixin, DynamicFieldsModelSerializer, DynamicFieldsSerializer
from .views import FilteredMixin

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
