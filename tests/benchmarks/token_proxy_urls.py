"""Two proxies to the same app: the kit's, and one validating the token first on every call."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path

from aether_kit.auth.apptoken.models import AppToken
from aether_kit.auth.apptoken.views import TokenProxyView
from aether_kit.external import ExternalApp


class ValidateFirstProxyView(TokenProxyView):
    """aether.sdk's way: ``get_or_create_token`` (one call to the app) before each request."""

    def forward(
        self, request: HttpRequest, app: ExternalApp, path: str, body: bytes
    ) -> HttpResponseBase:
        AppToken.get_or_create_token(request.user, app.name)
        return super().forward(request, app, path, body)


urlpatterns: list[Any] = [
    path("kit/<path:path>", TokenProxyView.as_view(app_name="fake")),
    path("validate-first/<path:path>", ValidateFirstProxyView.as_view(app_name="fake")),
]
