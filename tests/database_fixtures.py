"""PostgreSQL databases added for one test: on a closed port, or behind a fault proxy."""

from __future__ import annotations

import pytest
from django.db import connections

from aether_kit.conf import Env, configure_database
from tests.faultproxy import FaultProxy
from tests.services import POSTGRES, require_service

__all__ = ["add_database", "postgres_proxy"]


@pytest.fixture
def add_database(django_db_blocker):
    """Adds a PostgreSQL alias (built by configure_database) for the length of a test.

    Database access is unblocked for it: these tests leave the test database alone.
    """
    added = []

    def add(alias, *, port, **variables):
        env = Env(
            {
                "PGHOST": POSTGRES[0],
                "PGPORT": str(port),
                "DB_NAME": "postgres",
                "PGUSER": "postgres",
                "DB_CONNECT_TIMEOUT": "2",
                **variables,
            }
        )
        db = configure_database(env)["DATABASES"]["default"]
        connections.settings[alias] = connections.configure_settings(
            {"default": connections.settings["default"], alias: db}
        )[alias]
        added.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield add
        for alias in added:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


@pytest.fixture
def postgres_proxy():
    """A forwarder to the real PostgreSQL server that tests can take down and bring back."""
    require_service("PostgreSQL", POSTGRES)
    proxy = FaultProxy(POSTGRES)
    proxy.start()
    yield proxy
    proxy.close()
