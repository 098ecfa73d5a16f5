"""Health of the external apps: is each one up, and do the user's tokens open them all."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View

from aether_kit.auth.apptoken.decorators import app_token_required
from aether_kit.auth.apptoken.request_context import path_realm
from aether_kit.external import UnknownExternalApp, get_external_app, is_app_reachable

from .views import BAD_RESPONSE, OK_RESPONSE

__all__ = ["CheckExternalAppView", "CheckTokensView"]


class CheckExternalAppView(View):
    """``/check-app/<name>``: 200 when the app answers as an aether service should, else 500.

    The app must answer ``HEAD <url>/<TOKEN_URL>`` without credentials with 403
    and ``GET`` with the service token with 200. A refused connection or a
    timeout is a 500 within the configured timeouts; an unknown name is a 404.
    The body never names a token.
    """

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, name: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            app = get_external_app(name)
        except UnknownExternalApp:
            return HttpResponse(BAD_RESPONSE, status=404)
        if not is_app_reachable(app, path_realm(request)):
            return HttpResponse(BAD_RESPONSE, status=500)
        return HttpResponse(OK_RESPONSE)


@method_decorator(app_token_required, name="dispatch")
class CheckTokensView(View):
    """``/check-tokens``: 200 with an empty body while every app accepts the user's token.

    Anonymous users are sent to log in; a user any app refuses (or an app that
    is down) is sent to the user tokens page (``CHECK_TOKEN_URL``).
    """

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse()
