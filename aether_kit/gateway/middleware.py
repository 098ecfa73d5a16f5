"""Gateway token authentication for views that are not DRF's (admin pages, plain views)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse

from aether_kit._middleware import HybridMiddleware
from aether_kit.conf.kit_settings import kit_settings

if TYPE_CHECKING:
    from aether_kit.tokens.verifier import TokenRejected

__all__ = ["GatewayAuthenticationMiddleware"]

logger = logging.getLogger(__name__)


class GatewayAuthenticationMiddleware(HybridMiddleware):
    """Sets ``request.user`` from the gateway token; answers 401/403/503 JSON when it fails.

    Put it after ``AuthenticationMiddleware``. It writes no session and does not
    call ``login()``; a request it authenticates skips CSRF checks, as its
    credentials came in a header a cross-site form cannot set. Sync and async:
    under ASGI a request without a token, or with one verified a moment ago,
    costs no thread; any other token is verified in a thread (keys may be
    fetched, the user read or saved).
    """

    def handle(self, request: HttpRequest) -> HttpResponse:
        rejected = self.authenticate(request) if kit_settings.GATEWAY_SERVICE_ID else None
        return rejected if rejected is not None else self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        if not kit_settings.GATEWAY_SERVICE_ID:  # the gateway is off: its code is never loaded
            return await self.get_response(request)
        from .authentication import settle_from_memory

        if settle_from_memory(request):
            rejected = self.authenticate(request)  # settled: no I/O left
        else:
            rejected = await sync_to_async(self.authenticate)(request)
        return rejected if rejected is not None else await self.get_response(request)

    def authenticate(self, request: HttpRequest) -> HttpResponse | None:
        """Sets the user of a valid token; the answer to a refused one, else None."""
        # loaded on the first gateway request: a service with the gateway off never loads
        # the token verifier and its cryptography
        from aether_kit.tokens.jwks import KeysUnavailable
        from aether_kit.tokens.verifier import TokenRejected

        from .authentication import authenticate_gateway_request

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
        return None

    def rejected(self, request: HttpRequest, rejection: TokenRejected) -> HttpResponse:
        from .authentication import www_authenticate

        response = JsonResponse({"detail": rejection.reason}, status=rejection.status)
        if rejection.status == 401:
            response["WWW-Authenticate"] = www_authenticate(request, rejection)
        return response
