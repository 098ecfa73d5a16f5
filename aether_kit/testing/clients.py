"""Django test clients that arrive the way real callers do.

* :func:`realm_client`: a browser session of a realm's user (session cookie
  and the realm cookie ``REALM_COOKIE``).
* :class:`GatewayClient`: a caller behind the API gateway, sending a signed
  access token of the realm in ``GATEWAY_HEADER_TOKEN`` on every request and
  building the gateway-prefixed paths.
* :func:`gateway_token`: the token alone, for tests that send it their own way
  (another header, a ``Bearer`` prefix, a query parameter, a tampered copy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from aether_kit.conf.kit_settings import kit_settings

from .urls import gateway_path

if TYPE_CHECKING:
    from .oidc_provider import OIDCProvider

__all__ = [
    "GatewayClient",
    "gateway_client",
    "gateway_token",
    "realm_client",
    "token_header_name",
]


def realm_client(user: Any, realm: str, *, client: Client | None = None) -> Client:
    """A client signed in as ``user`` whose requests name ``realm`` (the realm cookie)."""
    client = client or Client()
    client.force_login(user)
    client.cookies[kit_settings.REALM_COOKIE] = realm
    return client


def token_header_name() -> str:
    """``X-Oauth-Token`` as a WSGI environ key: ``HTTP_X_OAUTH_TOKEN``."""
    return "HTTP_" + str(kit_settings.GATEWAY_HEADER_TOKEN).upper().replace("-", "_")


class GatewayClient(Client):
    """A test client that sends ``token`` in the gateway's header with every request.

    ``client.get(client.path("projects/"))`` requests
    ``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/projects/`` with the token.
    """

    def __init__(self, realm: str, token: str, **defaults: Any) -> None:
        super().__init__(**{token_header_name(): token, **defaults})
        self.realm = realm
        self.token = token

    def path(self, path: str = "") -> str:
        return gateway_path(self.realm, path)


def gateway_token(provider: OIDCProvider, realm: str, username: str = "user", **claims: Any) -> str:
    """A fresh access token of ``realm`` for ``username``, signed by ``provider``.

    ``claims`` are :meth:`OIDCProvider.issue_token`'s keywords: claims that
    override the token's (``exp=…`` for an expired one, ``iss=…`` for a foreign
    issuer, ``typ=None`` to leave one out) and ``key=`` / ``header=`` /
    ``lifetime=`` / ``client_id=``, so refusals can be tested too.
    """
    return provider.issue_token(realm, username, **claims)


def gateway_client(
    provider: OIDCProvider, realm: str, username: str = "user", **claims: Any
) -> GatewayClient:
    """A :class:`GatewayClient` sending :func:`gateway_token` (same arguments)."""
    return GatewayClient(realm, gateway_token(provider, realm, username, **claims))
