"""A DRF router whose API root lists links under the request's gateway prefix."""

from __future__ import annotations

from typing import Any

from rest_framework import routers
from rest_framework.request import Request
from rest_framework.response import Response

from .reverse import keep_gateway_prefix

__all__ = ["GatewayAPIRootView", "GatewayDefaultRouter"]


class GatewayAPIRootView(routers.APIRootView):
    """The API's entry points; behind the gateway, each link under the request's realm prefix."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response.data = {
            name: keep_gateway_prefix(url, request) for name, url in response.data.items()
        }
        return response


class GatewayDefaultRouter(routers.DefaultRouter):
    APIRootView = GatewayAPIRootView
