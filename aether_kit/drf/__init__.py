"""Django REST framework pieces: pagination, cache control."""

from .cache import CacheViewSetMixin
from .pagination import CustomPagination

__all__ = ["CacheViewSetMixin", "CustomPagination"]
