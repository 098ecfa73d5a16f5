"""Gateway token authentication for views that are not DRF's (admin pages, plain views)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from aether_kit.tokens.jwks import KeysUnavailable
from aether_kit.tokens.verifier import TokenRejected

from .authentication import authenticate_gateway_request, www_authenticate

__all__ = ["GatewayAuthenticationMiddleware"]

logger = logging.getLogger(__name__)


class GatewayAuthenticationMiddleware:
    """Sets ``request.user`` from the gateway token; answers 401/403/503 JSON when it fails.

    Put it after ``AuthenticationMiddleware``. It writes no session and does not
    call ``login()``; a request it authenticates skips CSRF checks, as its
    credentials came in a header a cross-site form cannot set.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            identity = authenticate_gateway_request(request)
        except TokenRejected as rejection:
            return self.rejected(request, rejection)
        except KeysUnavailable as error:
            logger.error("Gateway token not verified: %s", error)
            return JsonResponse(
                {"detail": "The identity provider cannot be reached; try again later."},
                status=503,
            )
        if identity is not None:
            request.user = identity.user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)

    def rejected(self, request: HttpRequest, rejection: TokenRejected) -> HttpResponse:
        response = JsonResponse({"detail": rejection.reason}, status=rejection.status)
        if rejection.status == 401:
            response["WWW-Authenticate"] = www_authenticate(request, rejection)
        return response
