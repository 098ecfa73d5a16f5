"""The demo's projects listed with KeysetPagination, for its tests."""

from django.urls import include, path
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from aether_kit.drf import KeysetPagination
from aether_kit.multitenancy import MtViewSetMixin
from testproject.models import Project


class ProjectRow(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name"]


class KeysetProjectViewSet(MtViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Project.objects.order_by("id")
    serializer_class = ProjectRow
    pagination_class = KeysetPagination


class UnorderedProjectViewSet(KeysetProjectViewSet):
    """No order_by(): the model's Meta.ordering decides."""

    queryset = Project.objects.all()


router = SimpleRouter()
router.register("projects", KeysetProjectViewSet, basename="keyset-project")
router.register("unordered", UnorderedProjectViewSet, basename="unordered-project")

urlpatterns = [path("", include(router.urls))]
