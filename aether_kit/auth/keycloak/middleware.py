"""Keeps a Keycloak login's access token fresh, without asking Keycloak on every request.

A request whose session holds tokens that are still fresh costs nothing: the
expiry time is kept in the session. Only when the access token expires within
``KEYCLOAK_REFRESH_MARGIN`` seconds is the refresh token traded for new
tokens; if Keycloak refuses (the user was logged out or disabled there, the
refresh token expired) or cannot be reached, the user is logged out here too
and the request goes on anonymously.

Place it after ``AuthenticationMiddleware`` (system check ``aether_kit.E040``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from aether_kit._middleware import HybridMiddleware
from aether_kit.conf.kit_settings import kit_settings

from .errors import KeycloakError
from .tokens import SessionTokens

__all__ = ["KeycloakRefreshMiddleware"]

logger = logging.getLogger(__name__)


class KeycloakRefreshMiddleware(HybridMiddleware):
    """Sync and async: under ASGI a request without a session cookie costs no thread."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        if not kit_settings.KEYCLOAK_SERVER_URL:
            raise MiddlewareNotUsed("Keycloak is off (KEYCLOAK_SERVER_URL is unset)")
        super().__init__(get_response)

    def handle(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            await sync_to_async(self.process_request)(request)  # the session is read
        return await self.get_response(request)

    def process_request(self, request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        tokens = SessionTokens.load(session) if session is not None else None
        if tokens is None:
            return
        from .backend import get_session_backend  # with Keycloak off, never imported

        backend = get_session_backend(request)
        if backend is None or not backend.needs_refresh(tokens):
            return
        try:
            backend.refresh_tokens(request, tokens)
        except KeycloakError as exc:
            if self.adopt_parallel_refresh(request, tokens):
                return
            logger.info("Keycloak session in realm %s ended: %s", tokens.realm, exc)
            # Keycloak has no session to end any more (or cannot be reached): log out
            # here without asking it again
            SessionTokens.clear(request.session)
            auth.logout(request)

    def adopt_parallel_refresh(self, request: HttpRequest, tokens: SessionTokens) -> bool:
        """Take the tokens another request of this session stored meanwhile, if there are any.

        Two requests of one browser can both find the access token about to
        expire and both trade the same refresh token. When Keycloak revokes a
        refresh token once used (its "Revoke Refresh Token" option), the later
        one is refused, while the earlier one has already stored fresh tokens:
        logging the user out then would throw them away. The session store is
        read again, and tokens of the same user with another refresh token are
        taken instead.
        """
        session = request.session
        if session.session_key is None:
            return False
        stored = SessionTokens.load(session.__class__(session.session_key))
        if (
            stored is None
            or stored.refresh_token == tokens.refresh_token
            or stored.subject != tokens.subject
            or stored.realm != tokens.realm
        ):
            return False
        stored.save(session)
        logger.info("Keycloak tokens in realm %s refreshed by a parallel request", tokens.realm)
        return True
