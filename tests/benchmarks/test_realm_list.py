"""Paginated realm list: the kit's realm column against aether.sdk's side-table join.

    python -m pytest tests/benchmarks -s -p no:cacheprovider

100 000 projects over 50 realms on PostgreSQL (the run re-executes itself on
PostgreSQL when started on SQLite). Both sides answer the same paginated DRF
list with the same serializer; only the realm filter differs:

- kit: ``WHERE project.realm = %s`` on the model's own indexed column;
- aether.sdk: ``INNER JOIN mtinstance ON instance_id = id WHERE mtinstance.realm = %s``,
  a one-to-one side table with an index on ``realm``, as its MtInstance was.

It prints median request latencies, their ratio and both query plans. The
only assertion is that the kit's plan uses the realm index.
"""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from django.db import connection, models
from rest_framework import mixins, serializers, viewsets

from aether_kit.multitenancy import MtViewSetMixin
from testproject.models import Project
from tests.benchmarks.postgres import on_postgres_only, rerun_on_postgres, timed_list
from tests.factories import UserFactory

ROWS = 100_000
REALMS = [f"realm-{n:02d}" for n in range(50)]
ROUNDS = 150
PAGES = (1, 100)


class LegacyProject(models.Model):
    name = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "testproject"
        db_table = "bench_legacy_project"

    def __str__(self) -> str:
        return self.name


class LegacyMtInstance(models.Model):
    instance = models.OneToOneField(LegacyProject, on_delete=models.CASCADE, related_name="mt")
    realm = models.TextField()

    class Meta:
        app_label = "testproject"
        db_table = "bench_legacy_mtinstance"
        indexes = [models.Index(fields=["realm"], name="bench_legacy_mt_realm")]

    def __str__(self) -> str:
        return self.realm


class ProjectRow(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "created"]


class LegacyRow(serializers.ModelSerializer):
    class Meta:
        model = LegacyProject
        fields = ["id", "name", "created"]


class KitList(MtViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Project.objects.order_by("id")
    serializer_class = ProjectRow


class LegacyList(mixins.ListModelMixin, viewsets.GenericViewSet):
    """aether.sdk's filter_by_realm: annotate the side table's realm, filter on it."""

    queryset = LegacyProject.objects.order_by("id")
    serializer_class = LegacyRow

    def get_queryset(self) -> Any:
        realm = self.request.realm
        return (
            super().get_queryset().annotate(mt_realm=models.F("mt__realm")).filter(mt_realm=realm)
        )


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def data() -> None:
    with connection.schema_editor() as editor:
        editor.create_model(LegacyProject)
        editor.create_model(LegacyMtInstance)
    Project.objects.bulk_create(
        [Project(name=f"p{i}", realm=REALMS[i % len(REALMS)]) for i in range(ROWS)],
        batch_size=10_000,
    )
    legacy = LegacyProject.objects.bulk_create(
        [LegacyProject(name=f"p{i}") for i in range(ROWS)], batch_size=10_000
    )
    LegacyMtInstance.objects.bulk_create(
        [
            LegacyMtInstance(instance=obj, realm=REALMS[i % len(REALMS)])
            for i, obj in enumerate(legacy)
        ],
        batch_size=10_000,
    )
    with connection.cursor() as cursor:
        for table in ("testproject_project", "bench_legacy_project", "bench_legacy_mtinstance"):
            cursor.execute(f"ANALYZE {table}")


def plan(queryset: Any) -> str:
    return str(queryset.explain(analyze=True))


@on_postgres_only
@pytest.mark.django_db
def test_realm_column_against_side_table_join(data: None) -> None:
    assert on_postgres()
    user = UserFactory(username="bench", is_staff=True)
    kit = KitList.as_view({"get": "list"})
    legacy = LegacyList.as_view({"get": "list"})

    # warm both paths (connections, caches) before measuring
    for realm in REALMS[:5]:
        timed_list(kit, user, realm, {"page": 1})
        timed_list(legacy, user, realm, {"page": 1})

    print(f"\n{ROWS} rows over {len(REALMS)} realms, {ROUNDS} requests per case")
    for page in PAGES:
        kit_times, legacy_times = [], []
        for n in range(ROUNDS):
            realm = REALMS[n % len(REALMS)]
            kit_times.append(timed_list(kit, user, realm, {"page": page})[0])
            legacy_times.append(timed_list(legacy, user, realm, {"page": page})[0])
        kit_ms = statistics.median(kit_times) * 1000
        legacy_ms = statistics.median(legacy_times) * 1000
        print(
            f"page {page:>3}: realm column {kit_ms:.2f} ms, side-table join "
            f"{legacy_ms:.2f} ms, ratio (join / column) {legacy_ms / kit_ms:.2f}x"
        )

    realm = REALMS[7]
    offset = (PAGES[-1] - 1) * 10
    kit_page = Project.objects.for_realm(realm).order_by("id")[offset : offset + 10]
    legacy_page = (
        LegacyProject.objects.annotate(mt_realm=models.F("mt__realm"))
        .filter(mt_realm=realm)
        .order_by("id")[offset : offset + 10]
    )
    kit_plan = plan(kit_page)
    print(f"\nEXPLAIN ANALYZE, realm column, page {PAGES[-1]}:\n{kit_plan}")
    print(f"\nEXPLAIN ANALYZE, side-table join, page {PAGES[-1]}:\n{plan(legacy_page)}")

    assert "testproject_project_realm" in kit_plan


def test_runs_on_postgresql() -> None:
    rerun_on_postgres(__file__)
