import logging

import pytest
from django.db import connections

from aether_kit.conf import Env, configure_database
from tests.faultproxy import FaultProxy
from tests.services import POSTGRES, closed_port, require_service


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
def down_database(add_database, settings):
    """HEALTH_CHECK_DATABASES names one alias whose port has nothing listening."""
    add_database("down", port=closed_port())
    settings.HEALTH_CHECK_DATABASES = ["down"]
    return "down"


@pytest.fixture
def postgres_proxy():
    """A forwarder to the real PostgreSQL server that tests can take down and bring back."""
    require_service("PostgreSQL", POSTGRES)
    proxy = FaultProxy(POSTGRES)
    proxy.start()
    yield proxy
    proxy.close()


@pytest.fixture
def kit_log(caplog):
    """Captures the kit's own log records (its logger does not propagate to the root)."""
    logger = logging.getLogger("aether_kit")
    logger.addHandler(caplog.handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield caplog
    logger.setLevel(level)
    logger.removeHandler(caplog.handler)
