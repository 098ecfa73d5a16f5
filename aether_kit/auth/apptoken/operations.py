"""App-token work done for a request: credentials for a call, the user's token overview.

The gateway rule lives here. When the gateway is on and the request carries
its token (``GATEWAY_HEADER_TOKEN``), the external app — behind the same
gateway — trusts that token, so it is sent instead of the stored app token:
no token request, no validation round trip. Otherwise the user's stored
token is used, obtained from the app on first use.
"""

from __future__ import annotations

import logging
from typing import Any, TypedDict

import requests
from django.http import HttpRequest

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.external import (
    accepts_credentials,
    auth_header,
    get_external_app,
    get_external_app_names,
)

from .models import AppToken
from .request_context import gateway_token, path_realm

__all__ = [
    "NoAppToken",
    "TokenStatus",
    "credentials_for",
    "renew_token",
    "request_reaches_every_app",
    "stored_token",
    "user_has_working_tokens",
    "user_token_statuses",
]

logger = logging.getLogger(__name__)


class NoAppToken(Exception):
    """The user has no token for the app and the app would not give one."""

    def __init__(self, app_name: str) -> None:
        super().__init__(f"the user has no token for the external app '{app_name}'")
        self.app_name = app_name


class TokenStatus(TypedDict):
    app_name: str
    app_url: str
    has_token: bool
    is_valid: bool
    # "missing" (none stored), "valid", "rejected" (the app refused it), "unreachable"
    state: str


def stored_token(user: Any, app_name: str) -> str | None:
    """The token kept for the user, without asking the app whether it still works."""
    return (
        AppToken.objects.filter(user=user, app=app_name, token__isnull=False)
        .values_list("token", flat=True)
        .first()
    )


def credentials_for(
    request: HttpRequest, app_name: str, *, refresh: bool = False
) -> dict[str, str]:
    """Headers that authenticate a call to ``app_name`` on behalf of the request's user.

    The gateway token when there is one; else the stored token (checked with
    the app and renewed first when ``refresh`` is set or none is stored).
    Raises :class:`NoAppToken` when the user cannot get a token and lets
    ``requests.RequestException`` through when the app cannot be reached.
    """
    token = gateway_token(request)
    if token is not None:
        return {kit_settings.GATEWAY_HEADER_TOKEN: token}
    user = request.user
    stored = None if refresh else stored_token(user, app_name)
    if stored is None:
        app_token = AppToken.get_or_create_token(user, app_name, path_realm(request))
        if app_token is None or app_token.token is None:
            raise NoAppToken(app_name)
        stored = app_token.token
    return auth_header(stored)


def user_has_working_tokens(user: Any, realm: str | None = None) -> bool:
    """Whether the user can reach every external app with their token (obtaining any missing)."""
    for app_name in get_external_app_names():
        try:
            app_token = AppToken.get_or_create_token(user, app_name, realm)
        except requests.RequestException as error:
            logger.warning("app %r could not be reached: %s", app_name, type(error).__name__)
            return False
        if app_token is None:
            logger.warning("user %r has no working token for app %r", str(user), app_name)
            return False
    return True


def request_reaches_every_app(request: HttpRequest) -> bool:
    """Whether every external app accepts the credentials calls for this request would carry.

    With the gateway's token on the request that token is what is checked;
    otherwise the user's stored tokens, as :func:`user_has_working_tokens`.
    """
    realm = path_realm(request)
    token = gateway_token(request)
    if token is None:
        return user_has_working_tokens(request.user, realm)
    headers = {kit_settings.GATEWAY_HEADER_TOKEN: token}
    for app_name in get_external_app_names():
        try:
            accepted = accepts_credentials(get_external_app(app_name), headers, realm)
        except requests.RequestException as error:
            logger.warning("app %r could not be reached: %s", app_name, type(error).__name__)
            return False
        if not accepted:
            logger.warning("app %r does not accept the gateway token of the request", app_name)
            return False
    return True


def user_token_statuses(user: Any, realm: str | None = None) -> list[TokenStatus]:
    """One line per external app for the user's tokens page; never the token itself."""
    tokens = {token.app: token for token in AppToken.objects.filter(user=user)}
    statuses: list[TokenStatus] = []
    for app_name in get_external_app_names():
        app_token = tokens.get(app_name)
        has_token = app_token is not None and app_token.token is not None
        is_valid = False
        state = "missing"
        if app_token is not None and has_token:
            try:
                is_valid = app_token.validate_token(realm)
            except requests.RequestException:
                state = "unreachable"
            else:
                state = "valid" if is_valid else "rejected"
        statuses.append(
            TokenStatus(
                app_name=app_name,
                app_url=get_external_app(app_name).base_url(realm),
                has_token=has_token,
                is_valid=is_valid,
                state=state,
            )
        )
    return statuses


def renew_token(user: Any, app_name: str, realm: str | None = None) -> bool:
    """Ask the app for a new token for ``user`` and store it; whether one came back.

    An app that refuses, or cannot be reached, leaves the user without a
    stored token: the old one is what sent the user here.
    """
    app_token, _created = AppToken.objects.get_or_create(user=user, app=app_name)
    try:
        return app_token.refresh_token(realm) is not None
    except requests.RequestException as error:
        logger.warning("app %r could not be asked for a token: %s", app_name, error)
        return False
