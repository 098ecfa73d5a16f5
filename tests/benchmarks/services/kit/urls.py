from django.urls import include, path
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from aether_kit.drf import FilteredMixin
from aether_kit.gateway import GatewayPrefixResolver
from aether_kit.multitenancy import MtModelSerializer, MtViewSetMixin
from aether_kit.urls import app_urls, public_urls

from .models import Project


class ProjectSerializer(MtModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "realm"]


class ProjectViewSet(MtViewSetMixin, FilteredMixin, viewsets.ModelViewSet):
    queryset = Project.objects.order_by("id")
    serializer_class = ProjectSerializer


router = DefaultRouter()
router.register("projects", ProjectViewSet)

urlpatterns = GatewayPrefixResolver.from_settings().urlpatterns(
    [*app_urls(), path("", include(router.urls))], public=public_urls()
)
