"""A viewset mixin that keeps browsers and the server-side cache from serving stale data."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from aether_kit.ops.cache import cache_enabled, clear_cache

__all__ = ["NO_CACHE_HEADERS", "CacheViewSetMixin"]

NO_CACHE_HEADERS = {
    "Cache-Control": "no-cache, no-store, must-revalidate",  # HTTP/1.1
    "Pragma": "no-cache",  # HTTP/1.0
    "Expires": "0",  # proxies
}


class CacheViewSetMixin:
    """Marks every answer uncacheable and clears the cache after every successful write.

    ``cache_models`` lists the models whose cacheops entries to drop besides the
    viewset's own; ``cache_purge`` empties cacheops entirely on each write.
    """

    cache_models: list[type[Model]] = []
    cache_purge: bool = False

    def get_cache_models(self) -> list[type[Model]]:
        models = list(self.cache_models)
        queryset = getattr(self, "queryset", None)
        if queryset is not None and queryset.model not in models:
            models.append(queryset.model)
        return models

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        for header, value in NO_CACHE_HEADERS.items():
            response[header] = value
        if cache_enabled() and response.status_code < 400 and request.method not in SAFE_METHODS:
            clear_cache(models=self.get_cache_models(), purge=self.cache_purge)
        return response
