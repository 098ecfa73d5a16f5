"""Big realms: pages 1 and 10,000 of realms of 1k, 100k and 1M rows, by page number and by keyset.

    python -m pytest tests/benchmarks/test_big_realms.py -s -p no:cacheprovider

One table on PostgreSQL holds three realms of 1,000, 100,000 and 1,000,000
projects (filled with ``INSERT … SELECT generate_series``, then ``VACUUM
ANALYZE``). Each case is the same DRF list of one realm with the same
serializer; cases alternate request by request so load from elsewhere hits
them alike. Printed: median latency per case, the ratio of page 1 at 1M to
page 1 at 1k, and the query plans. Then the ``(realm, id)`` index is dropped
and page 1 at 1k and 1M is measured again with the ``realm`` index alone.

The only assertions: every answer is a 200, and no keyset plan sorts.
"""

from __future__ import annotations

import statistics
import time
from base64 import b64encode
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection

from aether_kit.drf import KeysetPagination
from aether_kit.multitenancy import realm_scope
from testproject.models import Project
from tests.benchmarks.postgres import (
    ProjectList,
    on_postgres_only,
    rerun_on_postgres,
    timed_list,
)
from tests.factories import UserFactory

SIZES = {"1k": 1_000, "100k": 100_000, "1M": 1_000_000}
PAGE_SIZE = 10
FAR_PAGE = 10_000
REQUESTS = 25


class ByKeyset(ProjectList):
    pagination_class = KeysetPagination


def realm_of(size: str) -> str:
    return f"big-{size.lower()}"


@pytest.fixture
def big_realms(settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": PAGE_SIZE}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # one INSERT, the realms' rows interleaved as rows written over time are: of every
        # 1,101 ids, 1 is the 1k realm's, 100 the 100k realm's and 1,000 the 1M realm's
        cursor.execute(
            "INSERT INTO testproject_project (realm, name, created) "
            "SELECT CASE WHEN n %% 1101 = 0 THEN %s WHEN n %% 1101 <= 100 THEN %s ELSE %s END, "
            "'project ' || n, now() FROM generate_series(1, %s) AS n",
            [realm_of("1k"), realm_of("100k"), realm_of("1M"), sum(SIZES.values())],
        )
        cursor.execute("VACUUM ANALYZE testproject_project")
    print(f"\nfilled {sum(SIZES.values()):,} rows in {time.perf_counter() - started:.1f} s")
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE testproject_project CASCADE")


def keyset_cursor(realm: str, page: int) -> str | None:
    """The cursor of ``next`` that leads to ``page`` (the id of the row before it)."""
    if page == 1:
        return None
    with realm_scope(realm):
        before = Project.objects.order_by("id").values_list("id", flat=True)[
            (page - 1) * PAGE_SIZE - 1
        ]
    return b64encode(urlencode({"p": str(before)}).encode("ascii")).decode("ascii")


def cases() -> dict[str, tuple[Any, str, dict[str, Any]]]:
    by_page = ProjectList.as_view({"get": "list"})
    by_keyset = ByKeyset.as_view({"get": "list"})
    found: dict[str, tuple[Any, str, dict[str, Any]]] = {}
    for size, rows in SIZES.items():
        realm = realm_of(size)
        for page in (1, FAR_PAGE):
            if (page - 1) * PAGE_SIZE >= rows:
                continue  # the 1k realm has no page 10,000
            found[f"page {page:>6} at {size:>4}, page number"] = (by_page, realm, {"page": page})
            cursor = keyset_cursor(realm, page)
            found[f"page {page:>6} at {size:>4}, keyset"] = (
                by_keyset,
                realm,
                {"cursor": cursor} if cursor else {},
            )
    return found


def measure(measured: dict[str, tuple[Any, str, dict[str, Any]]]) -> dict[str, float]:
    user = UserFactory(username="bench", is_staff=True, is_superuser=True)
    for view, realm, params in measured.values():
        for _ in range(3):
            timed_list(view, user, realm, params)
    spent: dict[str, list[float]] = {label: [] for label in measured}
    for _ in range(REQUESTS):
        for label, (view, realm, params) in measured.items():
            spent[label].append(timed_list(view, user, realm, params)[0])
    return {label: statistics.median(times) * 1000 for label, times in spent.items()}


def explain(sql: str, params: list[Any]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        return "\n".join(f"    {row[0]}" for row in cursor.fetchall())


@on_postgres_only
@pytest.mark.django_db(transaction=True)
def test_pages_of_big_realms(big_realms: None) -> None:
    measured = cases()
    median = measure(measured)
    print(f"\n{REQUESTS} requests per case, page_size {PAGE_SIZE}, median ms:")
    for label, ms in median.items():
        print(f"  {label}  {ms:8.2f} ms")
    for kind in ("page number", "keyset"):
        small = median[f"page {1:>6} at {'1k':>4}, {kind}"]
        large = median[f"page {1:>6} at {'1M':>4}, {kind}"]
        print(f"  {kind}: page 1 at 1M / page 1 at 1k = {large / small:.2f}")

    realm = realm_of("1M")
    last_id = keyset_cursor(realm, FAR_PAGE)
    with realm_scope(realm):
        far_id = Project.objects.order_by("id").values_list("id", flat=True)[
            (FAR_PAGE - 1) * PAGE_SIZE - 1
        ]
    keyset_plan = explain(
        "SELECT * FROM testproject_project WHERE realm = %s AND id > %s ORDER BY id LIMIT %s",
        [realm, far_id, PAGE_SIZE + 1],
    )
    print(f"\nEXPLAIN, keyset page {FAR_PAGE} at 1M (cursor {last_id}):\n{keyset_plan}")
    offset_plan = explain(
        "SELECT * FROM testproject_project WHERE realm = %s ORDER BY id LIMIT %s OFFSET %s",
        [realm, PAGE_SIZE, (FAR_PAGE - 1) * PAGE_SIZE],
    )
    print(f"\nEXPLAIN, page number {FAR_PAGE} at 1M, the page:\n{offset_plan}")
    count_plan = explain("SELECT count(*) FROM testproject_project WHERE realm = %s", [realm])
    print(f"\nEXPLAIN, page number at 1M, the count:\n{count_plan}")
    small_plan = explain(
        "SELECT * FROM testproject_project WHERE realm = %s ORDER BY id LIMIT %s",
        [realm_of("1k"), PAGE_SIZE + 1],
    )
    print(f"\nEXPLAIN, keyset page 1 at 1k:\n{small_plan}")
    # every keyset page is read in order from an index: nothing is sorted
    assert "Sort" not in keyset_plan
    assert "Sort" not in small_plan

    # what the (realm, id) index buys: page 1 at 1M with the realm index alone
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX testproject_project_realm_id")
    try:
        without = measure(
            {
                label: case
                for label, case in measured.items()
                if label.startswith((f"page {1:>6} at {'1M':>4}", f"page {1:>6} at {'1k':>4}"))
            }
        )
        print("\nwithout the (realm, id) index (realm index alone), median ms:")
        for label, ms in without.items():
            print(f"  {label}  {ms:8.2f} ms")
        alone_plan = explain(
            "SELECT * FROM testproject_project WHERE realm = %s ORDER BY id LIMIT %s",
            [realm_of("1k"), PAGE_SIZE + 1],
        )
        print(f"\nEXPLAIN, page 1 at 1k by keyset, realm index alone:\n{alone_plan}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX testproject_project_realm_id ON testproject_project (realm, id)"
            )


def test_runs_on_postgresql() -> None:
    rerun_on_postgres(__file__)
