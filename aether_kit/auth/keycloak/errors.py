"""What can go wrong while signing in with Keycloak, in words a user can act on.

Every error carries a ``message`` safe to show on the login page; the detail
for the logs is in ``str(error)`` and never holds a token or a password.
"""

from __future__ import annotations

__all__ = [
    "InvalidCredentials",
    "KeycloakError",
    "KeycloakRejected",
    "KeycloakUnavailable",
    "LoginStateError",
    "LogoutFailed",
    "TokenVerificationError",
]


class KeycloakError(Exception):
    """Base class; ``message`` is for the user, ``str(error)`` for the logs."""

    message = "Signing in with Keycloak failed. Please try again."

    def __init__(self, detail: str = "", message: str | None = None) -> None:
        super().__init__(detail or self.message)
        if message is not None:
            self.message = message


class LoginStateError(KeycloakError):
    """The answer from Keycloak does not belong to a sign-in started in this browser.

    A missing, unknown, expired or already used ``state`` lands here: a forged
    or replayed callback, or a login page left open too long.
    """

    message = "This sign-in link is not valid any more. Please sign in again."


class KeycloakRejected(KeycloakError):
    """Keycloak answered with an OAuth error (``invalid_grant``, ``access_denied`` …)."""

    def __init__(self, error: str, description: str = "", message: str | None = None) -> None:
        self.error = error
        self.description = description
        detail = f"{error}: {description}" if description else error
        super().__init__(detail, message)


class InvalidCredentials(KeycloakRejected):
    """The realm refused the username and password (behind-the-scenes login)."""


class KeycloakUnavailable(KeycloakError):
    """Keycloak could not be reached or answered with a server error."""

    message = "Keycloak is not reachable at the moment. Please try again later."


class TokenVerificationError(KeycloakError):
    """A token from Keycloak failed verification (signature, issuer, audience, nonce …)."""


class LogoutFailed(KeycloakError):
    """The provider's session could not be ended: the user is signed out here only."""

    message = (
        "You are signed out of this service, but the sign-in provider did not confirm the end "
        "of your session there. Close your browser to be sure you are signed out everywhere."
    )
