"""Refusals of the auth views that say why, in JSON, like the rest of the kit's 4xx answers."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, JsonResponse

__all__ = ["MethodNotAllowedMixin"]

logger = logging.getLogger("django.request")


class MethodNotAllowedMixin:
    """A 405 with an ``Allow`` header and a JSON ``detail`` instead of Django's empty body."""

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> JsonResponse:
        logger.warning(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            extra={"status_code": 405, "request": request},
        )
        allowed = self._allowed_methods()  # type: ignore[attr-defined]
        response = JsonResponse(
            {"detail": f"Method {request.method!r} is not allowed here; use {', '.join(allowed)}."},
            status=405,
        )
        response["Allow"] = ", ".join(allowed)
        return response
