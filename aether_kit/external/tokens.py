"""The token endpoint every aether service serves at ``<url>/<TOKEN_URL>``.

Three questions the kit asks it, each answered through :func:`get_session`:
is the app up (``HEAD`` without credentials answers 403), does a token work
(``GET`` with it answers 200), and which token does a user have (``POST`` with
the service token and the username answers ``{"token": …}``). Network errors
are left to the caller, which knows whether "down" means a redirect, a 502
or a failed probe. Tokens never reach a log line or an exception message.
"""

from __future__ import annotations

import logging
import re

import requests

from .registry import ExternalApp
from .session import get_session

__all__ = [
    "accepts_credentials",
    "auth_header",
    "is_app_reachable",
    "is_token_valid",
    "request_user_token",
]

logger = logging.getLogger(__name__)

# visible ASCII only, and short enough to be stored: anything else cannot travel in a header
USABLE_TOKEN = re.compile(r"[\x21-\x7e]{1,255}")


def auth_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def accepts_credentials(
    app: ExternalApp, headers: dict[str, str], realm: str | None = None
) -> bool:
    """Whether ``GET <token url>`` with these headers answers 200.

    Only the status line is waited for: the body is never read, so a peer
    that trickles it out cannot hold the caller past the read timeout.
    """
    with get_session() as session:
        response = session.get(app.token_url(realm), headers=headers, stream=True)
        response.close()
    return response.status_code == 200


def is_token_valid(app: ExternalApp, token: str, realm: str | None = None) -> bool:
    """Whether the app accepts ``token`` (``Authorization: Token …``)."""
    return accepts_credentials(app, auth_header(token), realm)


def request_user_token(app: ExternalApp, username: str, realm: str | None = None) -> str | None:
    """The app's token for ``username``, created there when needed, or None when refused.

    The call is authenticated with the app's service token (``<APP>_TOKEN``),
    which the app must accept as a staff user's to hand out tokens for others.
    """
    url = app.token_url(realm)
    with get_session() as session:
        response = session.post(url, data={"username": username}, headers=auth_header(app.token))
    if response.status_code != 200:
        logger.warning(
            "app %r refused a token for user %r: %s answered %s",
            app.name,
            username,
            url,
            response.status_code,
        )
        return None
    try:
        token = response.json().get("token")
    except (ValueError, AttributeError):
        logger.warning("app %r answered a token request with something that is not JSON", app.name)
        return None
    if not isinstance(token, str) or not USABLE_TOKEN.fullmatch(token):
        # it would break the headers it goes into, or not fit where it is kept
        logger.warning("app %r answered a token request without a usable token", app.name)
        return None
    return token


def is_app_reachable(app: ExternalApp, realm: str | None = None) -> bool:
    """aether.sdk's probe: ``HEAD`` without a token gets 403, ``GET`` with the service token 200.

    Any other answer, a refused connection or a timeout counts as unreachable;
    the call never waits longer than the session's timeouts.
    """
    url = app.token_url(realm)
    try:
        with get_session() as session:
            anonymous = session.head(url)
            anonymous.close()
            if anonymous.status_code != 403:
                logger.warning(
                    "app %r is not available: HEAD %s answered %s, expected 403",
                    app.name,
                    url,
                    anonymous.status_code,
                )
                return False
            authenticated = session.get(url, headers=auth_header(app.token), stream=True)
            authenticated.close()
    except requests.RequestException as error:
        logger.warning("app %r is not available at %s: %s", app.name, url, type(error).__name__)
        return False
    if authenticated.status_code != 200:
        logger.warning(
            "app %r does not accept the service token: GET %s answered %s",
            app.name,
            url,
            authenticated.status_code,
        )
        return False
    return True
