"""pytest fixtures for services built on the kit.

Enable with ``-p aether_kit.testing.pytest_plugin`` (``addopts`` in
``pyproject.toml``) or ``pytest_plugins = ["aether_kit.testing.pytest_plugin"]``
in the top-level ``conftest.py``. Needs pytest-django.

Nothing of Django is imported at module level: pytest loads plugins before
pytest-django has configured the settings.

Fixtures:

``realm``
    The realm tests act in: ``DEFAULT_REALM``. Override it in a conftest.
``make_realm_user(realm=None, name="user", **fields)``
    A user stored as ``<realm>__<name>`` in the realm's group.
``realm_user``
    ``make_realm_user()`` for ``realm``.
``make_realm_client(realm=None, name="user", user=None)`` / ``realm_client``
    A Django test client signed in as a realm's user, sending the realm cookie.
``oidc_provider``
    A session-wide OpenID Connect provider (Keycloak's URL layout, RS256)
    serving ``oidc_realms`` (default: ``[DEFAULT_REALM]``) to ``oidc_clients``
    (default: the public client ``eha``, which must send PKCE as the kit's sign-in
    does); every realm has the user that
    ``oidc_user_fields(realm)`` describes (default: ``user`` /
    ``DEFAULT_PASSWORD``). Override those three fixtures in a conftest to
    shape it.
``isolated_oidc_provider``
    A provider of the test's own, set up like ``oidc_provider``: for tests
    that rotate keys, change token lifetimes or the issuer.
``keycloak_settings``
    Points ``KEYCLOAK_SERVER_URL`` at ``oidc_provider`` for one test.
``make_gateway_token(realm=None, username="user", **claims)``
    A fresh access token of the realm signed by ``oidc_provider``; ``claims``
    are ``OIDCProvider.issue_token``'s keywords (claims, ``key=``, ``header=``).
``make_gateway_client(realm=None, username="user", **claims)`` / ``gateway_client``
    A client sending ``make_gateway_token(realm, username, **claims)`` in
    ``GATEWAY_HEADER_TOKEN``; ``client.path("x/")`` is the gateway path.
``gateway_path`` / ``app_path``
    The URL helpers of :mod:`aether_kit.testing.urls`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.test import Client

    from .clients import GatewayClient
    from .oidc_provider import Client as OIDCClient
    from .oidc_provider import OIDCProvider


@pytest.fixture
def realm() -> str:
    from aether_kit.conf.kit_settings import kit_settings

    return str(kit_settings.DEFAULT_REALM)


@pytest.fixture
def make_realm_user(db: None, realm: str) -> Callable[..., Any]:
    from .users import create_realm_user

    def make(realm_name: str | None = None, name: str = "user", **fields: Any) -> Any:
        return create_realm_user(realm_name or realm, name, **fields)

    return make


@pytest.fixture
def realm_user(make_realm_user: Callable[..., Any]) -> Any:
    return make_realm_user()


@pytest.fixture
def make_realm_client(make_realm_user: Callable[..., Any], realm: str) -> Callable[..., Client]:
    from .clients import realm_client

    def make(realm_name: str | None = None, name: str = "user", user: Any = None) -> Client:
        chosen = realm_name or realm
        return realm_client(user or make_realm_user(chosen, name), chosen)

    return make


@pytest.fixture
def realm_client(make_realm_client: Callable[..., Client]) -> Client:
    return make_realm_client()


@pytest.fixture(scope="session")
def oidc_realms() -> list[str]:
    from aether_kit.conf.kit_settings import kit_settings

    return [str(kit_settings.DEFAULT_REALM)]


@pytest.fixture(scope="session")
def oidc_clients() -> list[OIDCClient]:
    from .oidc_provider import Client as OIDCClient

    return [OIDCClient("eha", require_pkce=True)]


@pytest.fixture(scope="session")
def oidc_user_fields() -> Callable[[str], dict[str, Any]]:
    """The ``OIDCProvider.add_user`` arguments of the user every realm has."""
    from .provider import default_user_fields

    return default_user_fields


@pytest.fixture(scope="session")
def _start_oidc_provider(
    oidc_realms: list[str],
    oidc_clients: list[OIDCClient],
    oidc_user_fields: Callable[[str], dict[str, Any]],
) -> Callable[[], OIDCProvider]:
    from .provider import start_oidc_provider

    def start() -> OIDCProvider:
        return start_oidc_provider(oidc_realms, clients=oidc_clients, user_fields=oidc_user_fields)

    return start


@pytest.fixture(scope="session")
def oidc_provider(_start_oidc_provider: Callable[[], OIDCProvider]) -> Iterator[OIDCProvider]:
    provider = _start_oidc_provider()
    yield provider
    provider.stop()


@pytest.fixture
def isolated_oidc_provider(
    _start_oidc_provider: Callable[[], OIDCProvider],
) -> Iterator[OIDCProvider]:
    provider = _start_oidc_provider()
    yield provider
    provider.stop()


@pytest.fixture
def keycloak_settings(settings: Any, oidc_provider: OIDCProvider) -> Any:
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    return settings


@pytest.fixture
def make_gateway_token(oidc_provider: OIDCProvider, realm: str) -> Callable[..., str]:
    from .clients import gateway_token
    from .provider import OIDC_USERNAME

    def make(realm_name: str | None = None, username: str | None = None, **claims: Any) -> str:
        """``username`` defaults to the user every realm of the provider has."""
        chosen = username or OIDC_USERNAME
        return gateway_token(oidc_provider, realm_name or realm, chosen, **claims)

    return make


@pytest.fixture
def make_gateway_client(
    make_gateway_token: Callable[..., str], realm: str
) -> Callable[..., GatewayClient]:
    from .clients import GatewayClient

    def make(
        realm_name: str | None = None, username: str | None = None, **claims: Any
    ) -> GatewayClient:
        """A client of ``realm_name`` sending ``make_gateway_token(realm_name, …)``."""
        chosen = realm_name or realm
        return GatewayClient(chosen, make_gateway_token(chosen, username, **claims))

    return make


@pytest.fixture
def gateway_client(make_gateway_client: Callable[..., GatewayClient]) -> GatewayClient:
    return make_gateway_client()


@pytest.fixture
def gateway_path() -> Callable[..., str]:
    from .urls import gateway_path

    return gateway_path


@pytest.fixture
def app_path() -> Callable[..., str]:
    from .urls import app_path

    return app_path
