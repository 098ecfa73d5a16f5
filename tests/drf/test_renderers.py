"""The renderers read their template when they render, from the settings."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from aether_kit.drf.renderers import AdminRenderer, BrowsableAPIRenderer


class Items(APIView):
    """Items, for the renderers."""

    permission_classes: list[Any] = []

    def get(self, request: Any) -> Response:
        return Response([{"id": 1, "name": "first"}])


def render(renderer: type, user: Any = None) -> str:
    request = APIRequestFactory().get("/items/", HTTP_ACCEPT="text/html")
    if user is not None:
        force_authenticate(request, user)
    view = Items.as_view(renderer_classes=[renderer])
    response = view(request)
    response.render()
    return response.content.decode()


def test_browsable_api_uses_the_kits_page_by_default() -> None:
    assert BrowsableAPIRenderer().template == "aether_kit/api.html"
    assert '<body class="ak-api">' in render(BrowsableAPIRenderer)


def test_admin_renderer_uses_the_kits_page_by_default() -> None:
    assert AdminRenderer().template == "aether_kit/admin.html"
    assert '<body class="ak-api ak-admin">' in render(AdminRenderer)


def test_browsable_api_template_follows_the_setting(settings: Any) -> None:
    settings.DRF_API_RENDERER_TEMPLATE = "rest_framework/api.html"

    assert "Django REST framework" in render(BrowsableAPIRenderer)


def test_admin_template_follows_the_setting(settings: Any) -> None:
    settings.DRF_ADMIN_RENDERER_TEMPLATE = "rest_framework/admin.html"

    assert "Django REST framework" in render(AdminRenderer)


@pytest.mark.parametrize("renderer", [BrowsableAPIRenderer, AdminRenderer])
def test_renderers_are_exported_by_the_drf_package(renderer: type) -> None:
    import aether_kit.drf

    assert getattr(aether_kit.drf, renderer.__name__) is renderer
