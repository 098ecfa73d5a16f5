"""The demo's realm-scoped projects, at ``/`` and behind the gateway ``svc``."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from aether_kit.auth.authentication import RealmBasicAuthentication
from aether_kit.gateway import GatewayPrefixResolver
from testproject.views import WhoAmIView
from testproject.viewsets import ProjectViewSet, TaskViewSet

SERVICE_ID = "svc"


class BasicFirstProjectViewSet(ProjectViewSet):
    """Basic as the only class, so its challenge is the one DRF sends."""

    authentication_classes = [RealmBasicAuthentication]


router = DefaultRouter()
router.register("projects", ProjectViewSet)
router.register("tasks", TaskViewSet)  # projects link to their tasks
router.register("basic-projects", BasicFirstProjectViewSet, basename="basic-project")

app = [path("whoami", WhoAmIView.as_view()), path("", include(router.urls))]

urlpatterns = GatewayPrefixResolver(service_id=SERVICE_ID).urlpatterns(app)
