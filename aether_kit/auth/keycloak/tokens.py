"""The user's Keycloak tokens, kept in the server-side session.

Tokens never go to the browser (no cookie, no page, no log line): the session
cookie only names the session row that holds them. Expiry times are kept as
absolute timestamps so that the refresh middleware can tell without any call
to Keycloak whether the access token is still fresh.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

__all__ = ["SESSION_TOKENS_KEY", "SessionTokens"]

SESSION_TOKENS_KEY = "aether_kit.keycloak.tokens"
# Keycloak's default access token lifetime, for an answer that leaves it out
DEFAULT_EXPIRES_IN = 300


@dataclass(frozen=True)
class SessionTokens:
    realm: str
    access_token: str = field(repr=False)
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)
    refresh_expires_at: float | None = None  # None: the refresh token does not expire
    id_token: str | None = field(default=None, repr=False)
    # the ``sub`` of the signed-in user: a refresh must bring tokens of the same user
    subject: str | None = None

    @classmethod
    def from_response(
        cls,
        realm: str,
        payload: dict[str, Any],
        now: float | None = None,
        *,
        subject: Any = None,
    ) -> SessionTokens:
        """From a token endpoint answer (``expires_in`` seconds become a timestamp).

        ``subject`` is the verified ``sub`` of the tokens' user (anything but a
        non-empty string is kept as unknown).
        """
        now = time.time() if now is None else now
        refresh_expires_in = payload.get("refresh_expires_in")
        return cls(
            realm=realm,
            access_token=payload["access_token"],
            expires_at=now + _seconds(payload.get("expires_in"), DEFAULT_EXPIRES_IN),
            refresh_token=payload.get("refresh_token"),
            # Keycloak says 0 for refresh tokens that do not expire (offline tokens)
            refresh_expires_at=(
                now + _seconds(refresh_expires_in, 0) if refresh_expires_in else None
            ),
            id_token=payload.get("id_token"),
            subject=subject if isinstance(subject, str) and subject else None,
        )

    def expires_within(self, seconds: float, now: float | None = None) -> bool:
        """True when the access token is expired or will be within ``seconds``."""
        return self.expires_at - seconds <= (time.time() if now is None else now)

    def can_refresh(self, now: float | None = None) -> bool:
        if not self.refresh_token:
            return False
        if self.refresh_expires_at is None:
            return True
        return self.refresh_expires_at > (time.time() if now is None else now)

    # -- the session ------------------------------------------------------------------------

    def save(self, session: SessionBase) -> None:
        session[SESSION_TOKENS_KEY] = asdict(self)

    @classmethod
    def load(cls, session: SessionBase) -> SessionTokens | None:
        data = session.get(SESSION_TOKENS_KEY)
        if not isinstance(data, dict):
            return None
        try:
            return cls(**data)
        except TypeError:
            # written by another version of the kit: treat as absent
            return None

    @staticmethod
    def clear(session: SessionBase) -> None:
        session.pop(SESSION_TOKENS_KEY, None)


def _seconds(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
