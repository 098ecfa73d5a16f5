"""Viewsets shaped like a project's own: django-filter, a custom backend, no filter at all."""

from __future__ import annotations

from typing import Any

import django_filters
from django.urls import include, path
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import BaseFilterBackend
from rest_framework.routers import SimpleRouter

from testproject.models import Task
from testproject.viewsets import ProjectViewSet, TaskViewSet


class TaskFilter(django_filters.FilterSet):
    name = django_filters.CharFilter()
    id = django_filters.RangeFilter()

    class Meta:
        model = Task
        fields = ["name", "id", "done"]


class FilterSetTaskViewSet(TaskViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilter


class DoneBackend(BaseFilterBackend):
    """A project's own backend that does not describe its parameter: ``?state=done``."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if request.query_params.get("state") == "done":
            return queryset.filter(done=True)
        return queryset


class StateTaskViewSet(TaskViewSet):
    filter_backends = [DoneBackend]

    def get_filter_query_params(self) -> set[str]:
        return super().get_filter_query_params() | {"state"}


class UnfilteredProjectViewSet(ProjectViewSet):
    allow_unfiltered_bulk = True


class NoSearchProjectViewSet(ProjectViewSet):
    search_fields: list[str] = []


router = SimpleRouter()
router.register("filterset-tasks", FilterSetTaskViewSet, basename="filterset-task")
router.register("state-tasks", StateTaskViewSet, basename="state-task")
router.register("unfiltered-projects", UnfilteredProjectViewSet, basename="unfiltered-project")
router.register("no-search-projects", NoSearchProjectViewSet, basename="no-search-project")

urlpatterns = [path("", include(router.urls)), path("", include("testproject.urls"))]
