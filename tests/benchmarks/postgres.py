"""Benchmarks that need PostgreSQL: skipped on SQLite, where they run themselves again.

Also the realm list they measure: the demo's projects of one realm, paginated by page number.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import pytest
from rest_framework import mixins, serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from aether_kit.drf import CustomPagination
from aether_kit.multitenancy import MtViewSetMixin, realm_scope
from testproject.models import Project

on_postgres_only = pytest.mark.skipif(
    os.environ.get("AETHER_TEST_DB") != "postgres", reason="runs on PostgreSQL (re-run below)"
)


def rerun_on_postgres(path: str) -> None:
    """Started on SQLite (the default), run the benchmark file again on PostgreSQL."""
    if os.environ.get("AETHER_TEST_DB") == "postgres":
        pytest.skip("already on PostgreSQL")
    code = subprocess.call(  # noqa: S603
        [sys.executable, "-m", "pytest", path, "-s", "-p", "no:cacheprovider", "-q"],
        env={**os.environ, "AETHER_TEST_DB": "postgres"},
    )
    assert code == 0


class ProjectRow(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "created"]


class ProjectList(MtViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Project.objects.order_by("id")
    serializer_class = ProjectRow
    pagination_class = CustomPagination


def timed_list(view: Any, user: Any, realm: str, params: dict[str, Any]) -> tuple[float, Any]:
    """Seconds one realm list takes in ``view`` (the response rendered), and its data."""
    request = APIRequestFactory().get("/projects/", params)
    request.realm = realm
    force_authenticate(request, user=user)
    with realm_scope(realm):
        started = time.perf_counter()
        response = view(request)
        response.render()
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.data
    return elapsed, response.data
