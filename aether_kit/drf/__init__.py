"""Django REST framework pieces: pagination, cache control."""

from .cache import CacheViewSetMixin
from .pagination import CustomPagination
from .renderers import AdminRenderer, BrowsableAPIRenderer  # noqa: F401  (public)

__all__ = ["CacheViewSetMixin", "CustomPagination"]
