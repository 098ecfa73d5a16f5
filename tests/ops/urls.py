"""The demo's URLs plus the operations endpoints (whatever the settings) and test views."""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from aether_kit.drf import CacheViewSetMixin
from aether_kit.ops.cache import cache_wrap, purge_cache_view
from aether_kit.ops.metrics import metrics_view
from aether_kit.realms.context import get_current_realm

logger = logging.getLogger("aether_kit.tests")
calls: list[str] = []


@cache_wrap(timeout=60)
def realm_report() -> dict[str, object]:
    """Expensive per-realm data: the groups named after the realm."""
    realm = get_current_realm()
    calls.append(str(realm))
    groups = Group.objects.filter(name__startswith=f"{realm}:")
    names = sorted(groups.values_list("name", flat=True))
    return {"realm": realm, "groups": names}


def report_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(realm_report())


def log_view(request: HttpRequest) -> JsonResponse:
    logger.warning("report for %s", request.GET.get("who", "nobody"))
    return JsonResponse({"logged": True})


def failing_view(request: HttpRequest) -> JsonResponse:
    raise RuntimeError("the view failed")


class FlakyDatabaseView(APIView):
    """One query on the database alias ``flaky`` (added by the test)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: Request) -> Response:
        with connections["flaky"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return Response({"answer": cursor.fetchone()[0]})


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(CacheViewSetMixin, viewsets.ModelViewSet):
    queryset = Group.objects.order_by("name")
    serializer_class = GroupSerializer
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []


router = SimpleRouter()
router.register("groups", GroupViewSet, basename="group")

urlpatterns = [
    path("admin/~purge-cache", purge_cache_view, name="purge-cache"),
    path("admin/~prometheus/metrics", metrics_view, name="prometheus-django-metrics"),
    path("test/report", report_view, name="test-report"),
    path("test/log", log_view, name="test-log"),
    path("test/fail", failing_view, name="test-fail"),
    path("test/flaky-db", FlakyDatabaseView.as_view(), name="test-flaky-db"),
    path("test/", include(router.urls)),
    path("", include("testproject.urls")),
]
