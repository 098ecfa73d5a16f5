"""Tokens follow Django's login and logout, whoever calls them.

``login()`` moves the tokens of a fresh Keycloak sign-in from the user object
into the session it has just settled; ``logout()`` — from our logout view, the
admin's, or the refresh middleware — ends the user's session at the provider
before Django empties the local one. What that came to (ended, a URL the
browser must visit to end it, or a failure) is left on the request for the
logout view to act on and show.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest

from .errors import LogoutFailed
from .tokens import SessionTokens

__all__ = ["connect", "end_keycloak_session", "store_keycloak_tokens"]

logger = logging.getLogger(__name__)

DISPATCH_UID = "aether_kit.auth.keycloak"


def store_keycloak_tokens(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    # the backend (token verification, HTTP client) loads on the first login, not at start-up
    from .backend import PENDING_TOKENS_ATTRIBUTE, get_session_backend

    tokens = getattr(user, PENDING_TOKENS_ATTRIBUTE, None)
    backend = get_session_backend(request)
    if tokens is None or backend is None:
        # a local login: tokens of an earlier Keycloak login are not this login's
        SessionTokens.clear(request.session)
        return
    delattr(user, PENDING_TOKENS_ATTRIBUTE)
    backend.store_tokens(request, tokens)


def end_keycloak_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    tokens = SessionTokens.load(request.session)
    if tokens is None:
        return
    from .backend import LOGOUT_OUTCOME_ATTRIBUTE, get_session_backend

    backend = get_session_backend(request)
    if backend is None:
        return
    try:
        outcome: Any = backend.logout(request, tokens)
    except LogoutFailed as exc:
        logger.warning("Logout at the provider of realm %s failed: %s", tokens.realm, exc)
        outcome = exc
    setattr(request, LOGOUT_OUTCOME_ATTRIBUTE, outcome)


def connect() -> None:
    """Called once from the app's ``ready()``."""
    user_logged_in.connect(store_keycloak_tokens, dispatch_uid=f"{DISPATCH_UID}.login")
    user_logged_out.connect(end_keycloak_session, dispatch_uid=f"{DISPATCH_UID}.logout")
