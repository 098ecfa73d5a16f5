"""One authorization-code sign-in in progress: its state, PKCE verifier, nonce and realm.

The flow is created when the user is sent to Keycloak and kept in the
server-side session under its random ``state``. The callback takes it out
again (once: a replayed callback finds nothing), so an answer from Keycloak
is only accepted by the browser that started the sign-in, for the realm it
was started for, with the verifier only this server knows.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

__all__ = [
    "FLOW_LIFETIME",
    "MAX_PENDING_FLOWS",
    "SESSION_FLOWS_KEY",
    "LoginFlow",
    "code_challenge",
    "new_code_verifier",
    "pop_flow",
    "save_flow",
]

SESSION_FLOWS_KEY = "aether_kit.keycloak.flows"
# a login page left open longer than this has to start again
FLOW_LIFETIME = 600
# sign-ins started in several tabs at once; older ones are dropped
MAX_PENDING_FLOWS = 5


def new_code_verifier() -> str:
    """A PKCE code verifier: 86 URL-safe characters (RFC 7636 allows 43 to 128)."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str) -> str:
    """The S256 challenge of ``verifier``: unpadded base64url of its SHA-256."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class LoginFlow:
    realm: str
    redirect_uri: str
    next_url: str = ""
    state: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    code_verifier: str = field(default_factory=new_code_verifier, repr=False)
    started_at: float = field(default_factory=time.time)

    @property
    def code_challenge(self) -> str:
        return code_challenge(self.code_verifier)

    def is_expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) - self.started_at > FLOW_LIFETIME

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoginFlow:
        return cls(**data)


def save_flow(session: SessionBase, flow: LoginFlow) -> None:
    """Keep ``flow`` in the session next to at most ``MAX_PENDING_FLOWS - 1`` others."""
    flows = {
        state: data
        for state, data in session.get(SESSION_FLOWS_KEY, {}).items()
        if not LoginFlow.from_dict(data).is_expired()
    }
    flows[flow.state] = asdict(flow)
    newest = sorted(flows.items(), key=lambda item: item[1]["started_at"])[-MAX_PENDING_FLOWS:]
    session[SESSION_FLOWS_KEY] = dict(newest)


def pop_flow(session: SessionBase, state: str | None) -> LoginFlow | None:
    """The flow started with ``state``, removed from the session; None when there is none.

    An expired flow is removed and not returned.
    """
    flows = dict(session.get(SESSION_FLOWS_KEY, {}))
    data = flows.pop(state, None) if state else None
    if data is None:
        return None
    session[SESSION_FLOWS_KEY] = flows
    flow = LoginFlow.from_dict(data)
    return None if flow.is_expired() else flow
