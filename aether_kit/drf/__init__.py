"""Django REST framework pieces: pagination."""

from .pagination import CustomPagination
from .renderers import AdminRenderer, BrowsableAPIRenderer  # noqa: F401  (public)

__all__ = ["CustomPagination"]
