"""Django REST framework pieces: pagination."""

from .pagination import CustomPagination

__all__ = ["CustomPagination"]
