"""A running test provider with one user in each realm, as the fixtures and TestCases want it.

The pytest plugin's ``oidc_provider`` / ``isolated_oidc_provider`` and
``AetherKitTestMixin.use_oidc_provider`` start their providers here, so both
kinds of test meet the same realms, client and user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .oidc_provider import Client, OIDCProvider

__all__ = ["OIDC_USERNAME", "default_user_fields", "start_oidc_provider"]

OIDC_USERNAME = "user"


def default_user_fields(realm: str) -> dict[str, Any]:
    """``OIDCProvider.add_user`` arguments: ``user`` / ``DEFAULT_PASSWORD``, named Test."""
    from .users import DEFAULT_PASSWORD  # needs Django's settings: imported on first use

    return {"username": OIDC_USERNAME, "password": DEFAULT_PASSWORD, "given_name": "Test"}


def start_oidc_provider(
    realms: Iterable[str],
    *,
    clients: Iterable[Client] = (Client("eha", require_pkce=True),),
    user_fields: Callable[[str], dict[str, Any]] = default_user_fields,
) -> OIDCProvider:
    """A started provider serving ``realms``, each with the user ``user_fields(realm)``.

    The default client ``eha`` requires PKCE (S256), as the kit's sign-in always
    sends it: a sign-in that lost PKCE fails its tests.
    """
    realms = list(realms)
    provider = OIDCProvider(realms, clients=clients).start()
    for realm in realms:
        provider.add_user(realm, **user_fields(realm))
    return provider
