"""The pytest fixtures' helpers for ``unittest``-style ``TestCase`` classes.

.. code-block:: python

    class ProjectTests(AetherKitTestMixin, TestCase):
        use_oidc_provider = True          # start a provider for the class

        def test_list(self):
            client = self.gateway_client("eha")
            self.assertEqual(client.get(client.path("projects/")).status_code, 200)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.test import Client, override_settings

from aether_kit.conf.kit_settings import kit_settings

from .clients import GatewayClient, gateway_token, realm_client
from .urls import app_path, gateway_path
from .users import create_realm_user

if TYPE_CHECKING:
    from .oidc_provider import OIDCProvider

__all__ = ["AetherKitTestMixin"]


class AetherKitTestMixin:
    """Realm users, signed-in clients, gateway clients and gateway paths for a TestCase.

    ``use_oidc_provider = True`` starts an OpenID Connect provider once for
    the class (``cls.oidc_provider``, realms ``oidc_realms``, user ``user`` /
    ``DEFAULT_PASSWORD`` in each) and points ``KEYCLOAK_SERVER_URL`` at it.
    """

    use_oidc_provider: ClassVar[bool] = False
    oidc_realms: ClassVar[tuple[str, ...] | None] = None  # None: (DEFAULT_REALM,)
    oidc_provider: ClassVar[OIDCProvider | None] = None

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()  # type: ignore[misc]
        if cls.use_oidc_provider:
            cls._start_oidc_provider()

    @classmethod
    def _start_oidc_provider(cls) -> None:
        from .provider import start_oidc_provider

        provider = start_oidc_provider(cls.oidc_realms or (str(kit_settings.DEFAULT_REALM),))
        cls.addClassCleanup(provider.stop)  # type: ignore[attr-defined]
        override = override_settings(KEYCLOAK_SERVER_URL=provider.server_url)
        override.enable()
        cls.addClassCleanup(override.disable)  # type: ignore[attr-defined]
        cls.oidc_provider = provider

    @property
    def realm(self) -> str:
        return str(kit_settings.DEFAULT_REALM)

    def create_realm_user(self, realm: str | None = None, name: str = "user", **fields: Any) -> Any:
        return create_realm_user(realm or self.realm, name, **fields)

    def realm_client(
        self, realm: str | None = None, name: str = "user", user: Any = None
    ) -> Client:
        chosen = realm or self.realm
        return realm_client(user or self.create_realm_user(chosen, name), chosen)

    def gateway_token(self, realm: str | None = None, username: str = "user", **claims: Any) -> str:
        """A fresh token of ``realm`` from the class's provider (``gateway_token``'s claims)."""
        if self.oidc_provider is None:
            raise RuntimeError(f"Set use_oidc_provider = True on {type(self).__name__}.")
        return gateway_token(self.oidc_provider, realm or self.realm, username, **claims)

    def gateway_client(
        self, realm: str | None = None, username: str = "user", **claims: Any
    ) -> GatewayClient:
        """A client of ``realm`` sending :meth:`gateway_token` in the gateway's header."""
        chosen = realm or self.realm
        return GatewayClient(chosen, self.gateway_token(chosen, username, **claims))

    def gateway_path(self, path: str = "", realm: str | None = None) -> str:
        return gateway_path(realm or self.realm, path)

    def app_path(self, path: str = "") -> str:
        return app_path(path)
