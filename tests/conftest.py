from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings

from aether_kit.testing.oidc_provider import Client
from tests.services import POSTGRES, is_reachable, under_ci

# fixtures shared by several test packages: real Redis (shared databases, a private server
# to stop), an S3-compatible server, signed-in clients, PostgreSQL behind a fault proxy
pytest_plugins = [
    "tests.ops.fixtures",
    "tests.s3",
    "tests.ops.plumbing_fixtures",
    "tests.database_fixtures",
    # PgBouncer in front of PostgreSQL: `pgbouncer`, `db_through_pgbouncer`, AETHER_TEST_PGBOUNCER
    "tests.interop.fixtures",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run with the server down: skip everything, or fail under CI."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    address = (database.get("HOST") or POSTGRES[0], int(database.get("PORT") or POSTGRES[1]))
    if is_reachable(address):
        return
    message = f"PostgreSQL is not reachable at {address[0]}:{address[1]}"
    if under_ci():
        pytest.exit(f"{message} and CI is set", returncode=1)
    skip = pytest.mark.skip(reason=message)
    for item in items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def closed_breakers() -> Iterator[None]:
    """Every test starts with every dependency's circuit breaker closed, and leaves them so."""
    from aether_kit.breaker import reset_breakers

    reset_breakers()
    yield
    reset_breakers()


# -- the test OpenID Connect provider (aether_kit.testing.pytest_plugin's, shaped here) ---------

OIDC_REALMS = ("eha", "realm-a", "realm-b")
OIDC_USER, OIDC_PASSWORD = "user", "password"
OIDC_CLIENTS = (Client("eha"), Client("eha-service", "service-secret"))


@pytest.fixture(scope="session")
def oidc_realms() -> list[str]:
    """The plugin's ``oidc_provider`` serves ``eha``, ``realm-a`` and ``realm-b``.

    Shared by the whole run: tests that rotate keys, change lifetimes or the
    issuer use ``isolated_oidc_provider`` instead.
    """
    return list(OIDC_REALMS)


@pytest.fixture(scope="session")
def oidc_clients() -> list[Client]:
    """``eha`` (public) and ``eha-service`` (secret ``service-secret``)."""
    return list(OIDC_CLIENTS)


@pytest.fixture(scope="session")
def oidc_user_fields() -> Callable[[str], dict[str, Any]]:
    """Each realm has the user ``user`` / ``password`` (Ana Silva)."""

    def fields(realm: str) -> dict[str, Any]:
        return {
            "username": OIDC_USER,
            "password": OIDC_PASSWORD,
            "given_name": "Ana",
            "family_name": "Silva",
            "email": f"{OIDC_USER}@{realm}.example",
        }

    return fields
