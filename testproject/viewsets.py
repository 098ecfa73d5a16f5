"""The demo's API: realm-scoped viewsets with the filtered bulk actions."""

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from aether_kit.drf import FilteredMixin
from aether_kit.multitenancy import MtUserViewSetMixin, MtViewSetMixin

from .models import Project, Task
from .serializers import ProjectSerializer, TaskSerializer, UserSerializer


class ProjectViewSet(MtViewSetMixin, FilteredMixin, viewsets.ModelViewSet):
    queryset = Project.objects.order_by("id")
    serializer_class = ProjectSerializer
    search_fields = ["name"]

    @action(detail=True, methods=["get"])
    def summary(self, request: Request, pk: Any = None) -> Response:
        """A custom action: it finds its object through the realm-scoped get_queryset()."""
        project = self.get_object()
        return Response({"name": project.name, "tasks": project.tasks.count()})


class TaskViewSet(MtViewSetMixin, FilteredMixin, viewsets.ModelViewSet):
    queryset = Task.objects.order_by("id")
    serializer_class = TaskSerializer
    search_fields = ["name", "project__name"]
    # get_queryset() filters on ?project=, so the bulk actions accept it as a filter
    filter_query_params = ("project",)

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        project = self.request.query_params.get("project")
        if project is not None and project.isdigit():
            queryset = queryset.filter(project_id=int(project))
        return queryset


class UserViewSet(MtUserViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = get_user_model().objects.order_by("id")
    serializer_class = UserSerializer
