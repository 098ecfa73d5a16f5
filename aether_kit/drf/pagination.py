"""Page-number pagination sized by PAGE_SIZE and capped at MAX_PAGE_SIZE."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

__all__ = ["CustomPagination"]


class CustomPagination(PageNumberPagination):
    """``?page_size=N`` up to ``REST_FRAMEWORK['MAX_PAGE_SIZE']``.

    Sizes are read when a request is paginated, not when the module is
    imported, so ``override_settings`` and late configuration apply. A
    non-numeric, zero or negative ``page_size`` falls back to the default.
    """

    page_size_query_param = "page_size"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = api_settings.user_settings
        self.page_size = options.get("PAGE_SIZE", api_settings.PAGE_SIZE)
        self.max_page_size = options.get("MAX_PAGE_SIZE", 5000)
