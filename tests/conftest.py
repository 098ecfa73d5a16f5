from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings

from aether_kit.testing.oidc_provider import Client, OIDCProvider
from tests.services import POSTGRES, is_reachable, under_ci


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run with the server down: skip everything, or fail under CI."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    if is_reachable(POSTGRES):
        return
    message = f"PostgreSQL is not reachable at {POSTGRES[0]}:{POSTGRES[1]}"
    if under_ci():
        pytest.exit(f"{message} and CI is set", returncode=1)
    skip = pytest.mark.skip(reason=message)
    for item in items:
        item.add_marker(skip)


# -- the test OpenID Connect provider (a real HTTP server standing in for Keycloak) ------------

OIDC_REALMS = ("eha", "realm-a", "realm-b")
OIDC_USER, OIDC_PASSWORD = "user", "password"
OIDC_CLIENTS = (Client("eha"), Client("eha-service", "service-secret"))


def _start_oidc_provider(realms: tuple[str, ...] = OIDC_REALMS) -> OIDCProvider:
    provider = OIDCProvider(realms, clients=OIDC_CLIENTS).start()
    for realm in realms:
        provider.add_user(
            realm,
            OIDC_USER,
            OIDC_PASSWORD,
            given_name="Ana",
            family_name="Silva",
            email=f"{OIDC_USER}@{realm}.example",
        )
    return provider


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OIDCProvider]:
    """One provider for the whole run: realms ``eha``, ``realm-a``, ``realm-b``.

    Each realm has the user ``user`` / ``password`` (Ana Silva); clients are
    ``eha`` (public) and ``eha-service`` (secret ``service-secret``). Shared:
    tests that rotate keys, change lifetimes or the issuer use
    ``isolated_oidc_provider`` instead.
    """
    provider = _start_oidc_provider()
    yield provider
    provider.stop()


@pytest.fixture
def isolated_oidc_provider() -> Iterator[OIDCProvider]:
    """A provider of the test's own, set up like ``oidc_provider``, free to change."""
    provider = _start_oidc_provider()
    yield provider
    provider.stop()
