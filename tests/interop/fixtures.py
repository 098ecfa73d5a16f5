"""Fixtures for running tests through PgBouncer; a plugin of the whole suite (tests/conftest.py).

``pgbouncer``
    A session's PgBouncer in transaction pooling mode in front of the PostgreSQL server
    (skipped without PostgreSQL or pgbouncer, failed under CI).
``db_through_pgbouncer``
    One test's Django connections go through that PgBouncer, with the settings
    ``configure_database`` writes for ``ENABLE_CONNECTION_POOL=true``.

With ``AETHER_TEST_PGBOUNCER=true`` (the third pass of ``tests.run``) every test of the
run goes through it, from the first query after the test database exists to the last.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from aether_kit.conf import Env, configure_database
from tests.services import POSTGRES, require_service

from .pgbouncer import PgBouncer, require_pgbouncer

THROUGH_PGBOUNCER = "AETHER_TEST_PGBOUNCER"
# what configure_database changes for a transaction pooler, besides where to connect
POOLED_KEYS = ("HOST", "PORT", "OPTIONS", "DISABLE_SERVER_SIDE_CURSORS", "CONN_MAX_AGE")


def pooled_database(bouncer: PgBouncer, **variables: str) -> dict[str, Any]:
    """``configure_database``'s ``default`` with ``ENABLE_CONNECTION_POOL`` on, via ``bouncer``."""
    environ = {
        "PGHOST": bouncer.address[0],
        "PGPORT": str(bouncer.port),
        "PGUSER": bouncer.user,
        "DB_NAME": "postgres",
        "ENABLE_CONNECTION_POOL": "true",
        **variables,
    }
    database: dict[str, Any] = configure_database(Env(environ))["DATABASES"]["default"]
    return database


@contextmanager
def database_through(bouncer: PgBouncer) -> Iterator[None]:
    """Django's ``default`` connection (every thread's) goes through ``bouncer`` meanwhile."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    saved = {key: settings_dict[key] for key in POOLED_KEYS if key in settings_dict}
    pooled = pooled_database(bouncer)
    connections.close_all()
    settings_dict.update({key: pooled[key] for key in POOLED_KEYS})
    try:
        yield
    finally:
        connections.close_all()
        for key in POOLED_KEYS:
            settings_dict.pop(key, None)
        settings_dict.update(saved)


@pytest.fixture(scope="session")
def pgbouncer() -> Iterator[PgBouncer]:
    """PgBouncer (``pool_mode = transaction``, 3 server connections a database), one a session."""
    require_pgbouncer()
    require_service("PostgreSQL", POSTGRES)
    # not under pytest's private temporary directory: PgBouncer drops root for "nobody"
    with tempfile.TemporaryDirectory(prefix="pgbouncer-") as directory:
        bouncer = PgBouncer(Path(directory), pool_size=3)
        with bouncer:
            yield bouncer


@pytest.fixture
def db_through_pgbouncer(transactional_db: None, pgbouncer: PgBouncer) -> Iterator[PgBouncer]:
    """The test's database queries go through ``pgbouncer`` (a PostgreSQL run only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PgBouncer pools PostgreSQL connections; this is a SQLite run")
    with database_through(pgbouncer):
        yield pgbouncer


@pytest.fixture(scope="session", autouse=True)
def _whole_run_through_pgbouncer(request: pytest.FixtureRequest) -> Iterator[None]:
    """With ``AETHER_TEST_PGBOUNCER`` set, every test's queries go through PgBouncer."""
    if not Env().bool(THROUGH_PGBOUNCER):
        yield
        return
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail(f"{THROUGH_PGBOUNCER} needs the PostgreSQL run: set AETHER_TEST_DB=postgres")
    request.getfixturevalue("django_db_setup")  # the test database first, created directly
    bouncer = request.getfixturevalue("pgbouncer")
    with database_through(bouncer):
        yield
