"""Row-level security: the realm list with ``MULTITENANCY_RLS`` on against the list with it off.

    python -m pytest tests/benchmarks/test_rls.py -s -p no:cacheprovider

20,000 projects over 20 realms on PostgreSQL, the demo's policies (its
migrations). The same paginated DRF list of one realm runs in both cases, in
autocommit as in production, requests alternating one by one:

- off: the ORM's realm filter alone (the connection's role skips the policies);
- on: the kit's execute wrapper hands each statement's transaction its realm,
  and the query runs as a role the policies bind.

Printed: median latency of each case and their ratio (off / on, the share of
the throughput RLS keeps). The only assertion: each case answers its realm's
rows and nothing else.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator

import pytest
from django.db import connection

from aether_kit.multitenancy.rls import install_realm_rls, uninstall_realm_rls
from tests.benchmarks.postgres import (
    ProjectList,
    on_postgres_only,
    rerun_on_postgres,
    timed_list,
)
from tests.factories import UserFactory
from tests.pg_roles import create_role, drop_role

REALMS = [f"realm-{n:02d}" for n in range(20)]
ROWS_PER_REALM = 1_000
REQUESTS = 300
ROUNDS = 3


@pytest.fixture
def realms(settings) -> Iterator[str]:
    """The rows, and the name of a role the policies bind."""
    settings.MULTITENANCY = True
    role = f"{connection.settings_dict['NAME']}_rls_bench"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO testproject_project (realm, name, created) "
            "SELECT 'realm-' || lpad((n %% 20)::text, 2, '0'), 'project ' || n, now() "
            "FROM generate_series(1, %s) AS n",
            [ROWS_PER_REALM * len(REALMS)],
        )
        cursor.execute("VACUUM ANALYZE testproject_project")
        create_role(cursor, role)
    yield role
    uninstall_realm_rls(connection)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        drop_role(cursor, role)
        cursor.execute("TRUNCATE testproject_project CASCADE")


def switch(rls: bool, role: str) -> None:
    """Outside the timing: the wrapper and the role of one case."""
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"' if rls else "RESET ROLE")
    if rls:
        install_realm_rls(connection)
    else:
        uninstall_realm_rls(connection)


@on_postgres_only
@pytest.mark.django_db(transaction=True)
def test_realm_list_with_and_without_rls(realms: str) -> None:
    user = UserFactory(username="bench", is_staff=True, is_superuser=True)
    view = ProjectList.as_view({"get": "list"})
    cases = {"RLS off": False, "RLS on": True}
    for rls in cases.values():
        switch(rls, realms)
        for realm in REALMS:
            _, data = timed_list(view, user, realm, {"page": 3})
            assert data["count"] == ROWS_PER_REALM
    rates: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(ROUNDS):
        spent = dict.fromkeys(cases, 0.0)
        for n in range(REQUESTS):
            realm = REALMS[n % len(REALMS)]
            for label, rls in cases.items():
                switch(rls, realms)
                seconds, _ = timed_list(view, user, realm, {"page": 3})
                spent[label] += seconds
        for label, seconds in spent.items():
            rates[label].append(REQUESTS / seconds)
    switch(False, realms)

    median = {label: statistics.median(values) for label, values in rates.items()}
    print(
        f"\n{len(REALMS)} realms x {ROWS_PER_REALM} rows, {REQUESTS} requests x {ROUNDS} "
        "rounds, median req/s:"
    )
    for label, rate in median.items():
        print(f"  {label:<8} {rate:8.1f} req/s  ratio {rate / median['RLS off']:5.3f}")


def test_runs_on_postgresql() -> None:
    rerun_on_postgres(__file__)
