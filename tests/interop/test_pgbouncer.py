"""A real pooler behind: several demo processes share PgBouncer's transaction pool.

Three demo servers (``runserver``, threaded) run with ``ENABLE_CONNECTION_POOL=true`` and
their PG* variables naming PgBouncer (``pool_mode = transaction``, three server
connections), over a database of their own. Clients of both realms call them at once
with gateway tokens: every server connection serves both realms in turn, and each
answer must hold its own realm's rows only, without a database error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import cycle, islice
from typing import Any

import pytest

from aether_kit.external import get_session
from aether_kit.testing.oidc_provider import OIDCProvider
from testproject.models import Project
from tests.e2e.demo import running_demo
from tests.processes import ROOT
from tests.services import POSTGRES, scratch_postgres_database
from tests.testproject.test_rundemo import MANAGE

from .pgbouncer import PgBouncer

pytestmark = [
    pytest.mark.interop,
    pytest.mark.timeout(300),  # a guard against a server that never starts, not a speed limit
]
# the demos use a PostgreSQL database of their own, whatever the run's: they run once, in the
# SQLite pass of tests.run (as `pytest -m interop` runs them)
once = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") == "postgres", reason="covered by the SQLite pass"
)

SERVICE = "svc"
SERVERS = 3
CLIENTS = 12
# the demo's seed: Wells and Clinics in north, Roads in south
SEEDED = {"north": 2, "south": 1}
CREATED_PER_REALM = 15
USERS = {"north": "alice", "south": "bob"}


@dataclass
class PooledDemos:
    urls: list[str]
    provider: OIDCProvider
    bouncer: PgBouncer
    database: str

    def call(self, method: str, url: str, realm: str, **kwargs: Any) -> Any:
        token = self.provider.issue_token(realm, USERS[realm])
        return get_session().request(
            method, f"{url}/{realm}/{SERVICE}/projects/", headers={"X-Oauth-Token": token}, **kwargs
        )


def prepare(home: Any, database: str) -> None:
    """Migrate and seed the demo's database directly on PostgreSQL, once."""
    import subprocess
    import sys

    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "PGHOST": POSTGRES[0],
        "PGPORT": str(POSTGRES[1]),
        "PGUSER": "postgres",
        "DB_NAME": database,
    }
    subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "rundemo", "--no-serve"],
        env=environ,
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=240,
    )


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory, pgbouncer: PgBouncer) -> Iterator[PooledDemos]:
    home = tmp_path_factory.mktemp("pooled-demos")
    with ExitStack() as stack:
        database = stack.enter_context(scratch_postgres_database("aether_pooled"))
        prepare(home, database)
        provider = stack.enter_context(OIDCProvider(list(USERS)))
        for realm, username in USERS.items():
            provider.add_user(realm, username, f"{username}-password")
        variables = {
            "PGHOST": pgbouncer.address[0],
            "PGPORT": str(pgbouncer.port),
            "PGUSER": pgbouncer.user,
            "DB_NAME": database,
            "ENABLE_CONNECTION_POOL": "true",
            "GATEWAY_SERVICE_ID": SERVICE,
            "KEYCLOAK_SERVER_URL": provider.server_url,
        }
        urls = [
            stack.enter_context(running_demo(home, seed=False, **variables)) for _ in range(SERVERS)
        ]
        demos = PooledDemos(urls, provider, pgbouncer, database)
        for url in urls:  # each server maps each realm's user once, before the crowd comes
            for realm in USERS:
                assert demos.call("GET", url, realm).status_code == 200
        yield demos


def at_once(calls: list[tuple[str, str]], action: Any) -> list[Any]:
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(lambda call: action(*call), calls))


def spread(demos: PooledDemos, count: int) -> list[tuple[str, str]]:
    """``count`` (server, realm) pairs, every server serving both realms in turn."""
    pairs = [(url, realm) for url in demos.urls for realm in USERS]
    return list(islice(cycle(pairs), count))


@once
def test_realm_lists_and_writes_stay_in_their_realm_through_the_pool(
    demos: PooledDemos,
) -> None:
    def create(url: str, realm: str) -> Any:
        return demos.call("POST", url, realm, json={"name": f"pooled-{realm}"})

    def listing(url: str, realm: str) -> Any:
        return demos.call("GET", url, realm, params={"page_size": 500})

    created = at_once(spread(demos, CREATED_PER_REALM * len(USERS)), create)
    listed = at_once(spread(demos, 120), listing)

    assert [answer.status_code for answer in created] == [201] * len(created)
    assert [answer.status_code for answer in listed] == [200] * len(listed)
    for (_, realm), answer in zip(spread(demos, 120), listed, strict=True):
        results = answer.json()["results"]
        assert {project["realm"] for project in results} == {realm}
        assert len(results) == SEEDED[realm] + CREATED_PER_REALM


@once
def test_every_server_shared_the_pools_few_server_connections(demos: PooledDemos) -> None:
    log = demos.bouncer.log_text().splitlines()
    opened = [
        line for line in log if f"{demos.database}/" in line and "new connection to server" in line
    ]
    errors = [line for line in log if f"{demos.database}/" in line and " ERROR " in line]

    assert 0 < len(opened) <= demos.bouncer.pool_size
    assert errors == []


def test_a_test_can_send_its_queries_through_pgbouncer(db_through_pgbouncer: PgBouncer) -> None:
    from django.db import connection

    from aether_kit.multitenancy import realm_scope
    from tests.factories import ProjectFactory

    ProjectFactory(realm="north", name="Wells")
    ProjectFactory(realm="south", name="Roads")
    with realm_scope("north"):
        names = list(Project.objects.values_list("name", flat=True))

    assert connection.connection.info.port == db_through_pgbouncer.port
    assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert names == ["Wells"]
